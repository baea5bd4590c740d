import { type Clock, systemClock } from './clock.js';
import { type RateLimiter, TokenBucketLimiter } from './rate-limit.js';

/** The part of ioredis this limiter needs (works with the platform's shared client, `ctx.redis`). */
export interface RedisEvalLike {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

export function isRedisEvalLike(value: unknown): value is RedisEvalLike {
  return typeof value === 'object' && value !== null && typeof (value as { eval?: unknown }).eval === 'function';
}

/**
 * Refill and take in one atomic step, on Redis's own clock (TIME) so nodes with skewed clocks agree.
 * Returns 0 when granted, else the milliseconds to wait. ARGV: capacity, tokens per ms, cost, ttl ms,
 * pause ms (>0 only for pause()).
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local pause = tonumber(ARGV[5])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'paused')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
local paused = tonumber(b[3]) or 0
if tokens == nil then tokens = cap; ts = now end
if now > ts then tokens = math.min(cap, tokens + (now - ts) * rate); ts = now end
local wait = 0
if pause > 0 then
  paused = math.max(paused, now + pause)
  tokens = 0
elseif paused > now then
  wait = paused - now
elseif tokens >= cost then
  tokens = tokens - cost
else
  wait = math.ceil((cost - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ts, 'paused', paused)
redis.call('PEXPIRE', KEYS[1], ttl)
return wait
`;

export interface RedisTokenBucketOptions {
  redis: RedisEvalLike;
  /** One key per platform account, e.g. `keeper:commerce:rl:shopify`; every node uses the same. */
  key: string;
  ratePerSecond: number;
  capacity: number;
  clock?: Clock;
  /** Called when Redis fails; the limiter then paces locally with the same numbers. */
  onError?: (error: unknown) => void;
}

/**
 * A token bucket shared by every Keeper node through Redis, so a cluster together stays under a
 * platform's per-store limit (Shopify REST, BigCommerce, SP-API...). If Redis is unavailable it falls
 * back to a local bucket rather than stopping the agents' lookups.
 */
export class RedisTokenBucketLimiter implements RateLimiter {
  private readonly local: TokenBucketLimiter;
  private readonly clock: Clock;

  constructor(private readonly options: RedisTokenBucketOptions) {
    if (options.ratePerSecond <= 0 || options.capacity <= 0) throw new RangeError('rate and capacity must be positive');
    this.clock = options.clock ?? systemClock;
    this.local = new TokenBucketLimiter({ ratePerSecond: options.ratePerSecond, capacity: options.capacity, clock: this.clock });
  }

  async acquire(cost = 1, signal?: AbortSignal): Promise<void> {
    const take = Math.min(cost, this.options.capacity);
    for (;;) {
      signal?.throwIfAborted();
      let wait: number;
      try {
        wait = Number(await this.eval(take, 0));
      } catch (error) {
        this.options.onError?.(error);
        return this.local.acquire(take, signal);
      }
      if (wait <= 0) return;
      await this.clock.sleep(wait, signal);
    }
  }

  pause(ms: number): void {
    this.local.pause(ms);
    this.eval(0, Math.max(1, Math.round(ms))).catch((error: unknown) => this.options.onError?.(error));
  }

  private eval(cost: number, pauseMs: number): Promise<unknown> {
    const { capacity, ratePerSecond, key } = this.options;
    // Keep the key a little longer than a full refill takes, then let Redis drop idle buckets.
    const ttl = Math.ceil((capacity / ratePerSecond) * 1000) + 60_000;
    return this.options.redis.eval(SCRIPT, 1, key, capacity, ratePerSecond / 1000, cost, ttl, pauseMs);
  }
}
