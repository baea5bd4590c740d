import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisTokenBucketLimiter } from '../src/http/redis-rate-limit.js';
import { servicesAvailable } from '@keeper/tooling/services';

// Real Redis: two limiter instances stand in for two Keeper nodes sharing one platform quota.
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const keys: string[] = [];
const key = () => {
  const k = `keeper:test:rl:${randomUUID()}`;
  keys.push(k);
  return k;
};

afterAll(async () => {
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.skipIf(!(await servicesAvailable('redis')))('RedisTokenBucketLimiter (real Redis)', () => {
  it('two nodes sharing a bucket together never exceed capacity + rate·t', async () => {
    const shared = key();
    const nodeA = new RedisTokenBucketLimiter({ redis, key: shared, capacity: 5, ratePerSecond: 50 });
    const nodeB = new RedisTokenBucketLimiter({ redis, key: shared, capacity: 5, ratePerSecond: 50 });
    const start = Date.now();
    const grants: number[] = [];
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? nodeA : nodeB).acquire(1).then(() => grants.push(Date.now() - start))));
    grants.sort((a, b) => a - b);
    // 30 grants need at least (30 - 5) / 50 s = 500 ms; a local-only bucket per node would take ~200 ms.
    expect(grants.at(-1)!).toBeGreaterThanOrEqual(450);
    for (const [i, t] of grants.entries()) expect(i + 1).toBeLessThanOrEqual(5 + Math.ceil((t / 1000) * 50) + 1);
  });

  it('pause() on one node holds back the other', async () => {
    const shared = key();
    const nodeA = new RedisTokenBucketLimiter({ redis, key: shared, capacity: 10, ratePerSecond: 100 });
    const nodeB = new RedisTokenBucketLimiter({ redis, key: shared, capacity: 10, ratePerSecond: 100 });
    await nodeA.acquire(1);
    nodeA.pause(200);
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    await nodeB.acquire(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('falls back to a local bucket when Redis is unreachable', async () => {
    const errors: unknown[] = [];
    const broken = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    const limiter = new RedisTokenBucketLimiter({ redis: broken, key: key(), capacity: 2, ratePerSecond: 1000, onError: (e) => errors.push(e) });
    await limiter.acquire(1);
    await limiter.acquire(1);
    expect(errors.length).toBe(2);
    broken.disconnect();
  });
});
