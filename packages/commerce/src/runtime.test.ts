import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './http/rate-limit.js';
import { RedisTokenBucketLimiter } from './http/redis-rate-limit.js';
import { runtimeFromOptions } from './runtime.js';

describe('runtimeFromOptions', () => {
  it('uses a Redis-shared bucket when Redis is there, a local one otherwise, none when not configured', () => {
    const redis = { eval: async () => 0 };
    const rateLimit = { requestsPerSecond: 5, burst: 10 };
    expect(runtimeFromOptions({ rateLimit }, {}, { redis, key: 'k' }).rateLimiter).toBeInstanceOf(RedisTokenBucketLimiter);
    expect(runtimeFromOptions({ rateLimit }, {}, {}).rateLimiter).toBeInstanceOf(TokenBucketLimiter);
    expect(runtimeFromOptions({ timeoutMs: 5 }).rateLimiter).toBeUndefined();
    expect(runtimeFromOptions({ timeoutMs: 5 }).timeoutMs).toBe(5);
  });
});
