import { z } from 'zod';
import type { RetryPolicy } from './http/backoff.js';
import { CircuitBreaker } from './http/breaker.js';
import type { Clock } from './http/clock.js';
import type { HttpClientOptions, LoggerLike } from './http/client.js';
import { type RateLimiter, TokenBucketLimiter } from './http/rate-limit.js';
import { isRedisEvalLike, RedisTokenBucketLimiter } from './http/redis-rate-limit.js';

/**
 * Resilience knobs every adapter accepts, in code and in plugin options. Tests pass small timeouts
 * and thresholds; production uses the defaults.
 */
export interface AdapterRuntimeOptions {
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: { failureThreshold?: number; resetAfterMs?: number };
  /** Overrides the platform's default limiter (e.g. Shopify Plus has a bigger bucket). */
  rateLimiter?: RateLimiter;
  maxRetryAfterMs?: number;
  logger?: LoggerLike;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
}

/** The zod shape of the same knobs for plugin option schemas (`z.strictObject({...resilienceOptionShape})`). */
export const resilienceOptionShape = {
  timeoutMs: z.number().int().positive().max(120_000).optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(10).optional(),
      baseDelayMs: z.number().int().min(0).optional(),
      maxDelayMs: z.number().int().min(0).optional(),
    })
    .optional(),
  breaker: z.strictObject({ failureThreshold: z.number().int().min(1).optional(), resetAfterMs: z.number().int().min(0).optional() }).optional(),
  rateLimit: z.strictObject({ requestsPerSecond: z.number().positive(), burst: z.number().int().positive() }).optional(),
  maxRetryAfterMs: z.number().int().min(0).optional(),
};

export type ResilienceOptions = {
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: { failureThreshold?: number; resetAfterMs?: number };
  rateLimit?: { requestsPerSecond: number; burst: number };
  maxRetryAfterMs?: number;
};

/**
 * Turns plugin options into runtime options. A configured rate limit becomes a token bucket — shared
 * by every node through Redis when the platform has Redis (`shared.redis = ctx.redis`), so a cluster
 * stays under the platform's per-account limit together; otherwise a local bucket.
 */
export function runtimeFromOptions(
  options: ResilienceOptions,
  extra: AdapterRuntimeOptions = {},
  shared: { redis?: unknown; key?: string; onError?: (error: unknown) => void } = {},
): AdapterRuntimeOptions {
  const { rateLimit, ...rest } = options;
  let rateLimiter: RateLimiter | undefined;
  if (rateLimit && isRedisEvalLike(shared.redis) && shared.key) {
    rateLimiter = new RedisTokenBucketLimiter({ redis: shared.redis, key: shared.key, ratePerSecond: rateLimit.requestsPerSecond, capacity: rateLimit.burst, clock: extra.clock, onError: shared.onError });
  } else if (rateLimit) {
    rateLimiter = new TokenBucketLimiter({ ratePerSecond: rateLimit.requestsPerSecond, capacity: rateLimit.burst, clock: extra.clock });
  }
  return { ...rest, ...(rateLimiter ? { rateLimiter } : {}), ...extra };
}

/** HttpClient options from runtime options plus the platform's defaults. */
export function clientOptions(
  runtime: AdapterRuntimeOptions,
  platform: Pick<HttpClientOptions, 'system' | 'baseUrl' | 'authenticate' | 'inspect' | 'secrets'> & { defaultLimiter?: () => RateLimiter },
): HttpClientOptions {
  return {
    system: platform.system,
    baseUrl: platform.baseUrl,
    authenticate: platform.authenticate,
    inspect: platform.inspect,
    secrets: platform.secrets,
    timeoutMs: runtime.timeoutMs ?? 10_000,
    retry: runtime.retry,
    breaker: new CircuitBreaker({ clock: runtime.clock, ...runtime.breaker }),
    rateLimiter: runtime.rateLimiter ?? platform.defaultLimiter?.(),
    maxRetryAfterMs: runtime.maxRetryAfterMs,
    logger: runtime.logger,
    clock: runtime.clock,
    random: runtime.random,
    fetch: runtime.fetch,
  };
}
