/**
 * A small async key/value cache for upstream answers. Values are JSON-serialisable so the same
 * callers work in-process and on Redis (shared by every node of a cluster).
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Read-through with in-flight de-duplication: ten agents opening the same chat at once cause one
 * upstream call, not ten. `shouldCache` lets callers skip caching partial or error results.
 */
export class CacheLoader {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: Cache,
    private readonly options: { dedupeInFlight?: boolean } = {},
  ) {}

  async load<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T> {
    const hit = await this.cache.get<T>(key);
    if (hit !== undefined) return hit;
    if (this.options.dedupeInFlight === false) return this.store(key, ttlMs, loader);
    const pending = this.inflight.get(key);
    if (pending) return pending as Promise<T>;
    const promise = (async () => {
      try {
        const value = await loader();
        if (ttlMs > 0) await this.cache.set(key, value, ttlMs);
        return value;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, promise);
    return promise;
  }

  delete(key: string): Promise<void> {
    return this.cache.delete(key);
  }

  private async store<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T> {
    const value = await loader();
    if (ttlMs > 0) await this.cache.set(key, value, ttlMs);
    return value;
  }
}
