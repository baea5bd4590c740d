import type { PresenceEntry, PresenceStore } from './types.js';

/** Single-process presence: a map with expiry times, swept lazily on read and periodically. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #entries = new Map<string, { entry: PresenceEntry; expiresAt: number }>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    sweepMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#sweep = setInterval(() => {
      const t = this.now();
      for (const [key, value] of this.#entries) if (value.expiresAt <= t) this.#entries.delete(key);
    }, sweepMs);
    this.#sweep.unref();
  }

  async set(key: string, entry: PresenceEntry, ttlMs: number): Promise<void> {
    this.#entries.set(key, { entry, expiresAt: this.now() + ttlMs });
  }

  async get(key: string): Promise<PresenceEntry | null> {
    const value = this.#entries.get(key);
    if (!value) return null;
    if (value.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return null;
    }
    return value.entry;
  }

  async getMany(keys: readonly string[]): Promise<(PresenceEntry | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    this.#entries.clear();
  }
}
