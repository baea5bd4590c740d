import { type Clock, systemClock } from '../http/clock.js';
import type { Cache } from './cache.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * In-process LRU with per-entry TTL: a Map keeps insertion order, so re-inserting on read makes the
 * first key the least recently used. Values are stored serialised so callers cannot mutate cached
 * objects and behaviour matches the Redis cache.
 */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly clock: Clock;

  constructor(options: { maxEntries?: number; clock?: Clock } = {}) {
    this.maxEntries = options.maxEntries ?? 1_000;
    this.clock = options.clock ?? systemClock;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.clock.now()) return undefined;
    this.entries.set(key, entry);
    return JSON.parse(entry.value) as T;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: this.clock.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
