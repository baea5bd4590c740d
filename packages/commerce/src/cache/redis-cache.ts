import type { Cache } from './cache.js';

/**
 * The subset of ioredis this cache uses, so @keeper/commerce does not depend on ioredis at run time:
 * pass the platform's shared client (`ctx.redis`), standalone or Cluster.
 */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
}

export function isRedisLike(value: unknown): value is RedisLike {
  const v = value as Partial<Record<keyof RedisLike, unknown>> | null;
  return typeof v === 'object' && v !== null && typeof v.get === 'function' && typeof v.set === 'function' && typeof v.del === 'function';
}

/** Redis-backed cache shared by every node; a Redis error degrades to a miss rather than failing the chat. */
export class RedisCache implements Cache {
  constructor(
    private readonly redis: RedisLike,
    private readonly options: { prefix?: string; onError?: (error: unknown) => void } = {},
  ) {}

  private key(key: string): string {
    return `${this.options.prefix ?? 'keeper:commerce:'}${key}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      const raw = await this.redis.get(this.key(key));
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    try {
      await this.redis.set(this.key(key), JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(this.key(key));
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
