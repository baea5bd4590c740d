import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache } from '../src/cache/redis-cache.js';
import { servicesAvailable } from '@keeper/tooling/services';

// Runs against the real Redis (REDIS_URL or 127.0.0.1:6379); CI starts one, so this must not skip.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const prefix = `keeper:test:${randomUUID()}:`;

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.skipIf(!(await servicesAvailable('redis')))('RedisCache (real Redis)', () => {
  it('stores JSON values with a TTL in milliseconds', async () => {
    const cache = new RedisCache(redis, { prefix });
    await cache.set('order:1', { number: '#1001', total: { amount: '12.50', currency: 'USD' } }, 5_000);
    expect(await cache.get('order:1')).toEqual({ number: '#1001', total: { amount: '12.50', currency: 'USD' } });
    const ttl = await redis.pttl(`${prefix}order:1`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('expires and deletes', async () => {
    const cache = new RedisCache(redis, { prefix });
    await cache.set('short', 1, 30);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get('short')).toBeUndefined();
    await cache.set('gone', 2, 5_000);
    await cache.delete('gone');
    expect(await cache.get('gone')).toBeUndefined();
  });

  it('degrades to a miss when Redis fails instead of failing the chat', async () => {
    const errors: unknown[] = [];
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    const cache = new RedisCache(broken, { prefix, onError: (e) => errors.push(e) });
    expect(await cache.get('x')).toBeUndefined();
    await cache.set('x', 1, 1000);
    expect(errors.length).toBe(2);
    broken.disconnect();
  });
});
