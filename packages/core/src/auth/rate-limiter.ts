/**
 * Fixed-window counters for protective limits (login attempts). In-process by default; with Redis
 * every node shares the count, so spreading attempts over nodes does not multiply the allowance.
 */
export interface RateLimiter {
  /** Counts one hit on `key`; returns how many hits the window holds now and when it resets. */
  hit(key: string, windowSeconds: number): Promise<{ count: number; resetInSeconds: number }>;
  /** Forgets `key` (after a successful login). */
  reset(key: string): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowSeconds: number) {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, window);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    window.count++;
    return { count: window.count, resetInSeconds: Math.ceil((window.resetAt - now) / 1000) };
  }

  async reset(key: string) {
    this.windows.delete(key);
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** The subset of ioredis used here. */
interface RedisPipeline {
  incr(key: string): RedisPipeline;
  expire(key: string, seconds: number, mode: 'NX'): RedisPipeline;
  ttl(key: string): RedisPipeline;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

export interface RedisCounterClient {
  multi(): RedisPipeline;
  del(key: string): Promise<number>;
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisCounterClient,
    private readonly prefix = 'keeper:rl:',
  ) {}

  async hit(key: string, windowSeconds: number) {
    const k = this.prefix + key;
    const replies = await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').ttl(k).exec();
    if (!replies) throw new Error('rate limiter: Redis transaction aborted');
    const count = Number(replies[0]?.[1]);
    const ttl = Number(replies[2]?.[1]);
    return { count, resetInSeconds: ttl > 0 ? ttl : windowSeconds };
  }

  async reset(key: string) {
    await this.redis.del(this.prefix + key);
  }
}
