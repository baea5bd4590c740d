import type { PresenceEntry, PresenceStore } from './types.js';

/**
 * Single-process presence: a map with expiry times. An expired entry reads as absent but stays in the map until
 * `claimExpired` takes it (or the key is written or deleted again), so its expiry can be announced; memory is
 * bounded by the number of distinct keys.
 */
export class MemoryPresenceStore implements PresenceStore {
  readonly #entries = new Map<string, { entry: PresenceEntry; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async set(key: string, entry: PresenceEntry, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const previous = this.#entries.get(key);
    this.#entries.set(key, { entry, expiresAt: now + ttlMs });
    return previous !== undefined && previous.expiresAt > now;
  }

  async get(key: string): Promise<PresenceEntry | null> {
    const value = this.#entries.get(key);
    return value && value.expiresAt > this.now() ? value.entry : null;
  }

  async getMany(keys: readonly string[]): Promise<(PresenceEntry | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async claimExpired(limit: number): Promise<string[]> {
    const now = this.now();
    const claimed: string[] = [];
    for (const [key, value] of this.#entries) {
      if (claimed.length >= limit) break;
      if (value.expiresAt > now) continue;
      this.#entries.delete(key);
      claimed.push(key);
    }
    return claimed;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}
