import type { PresenceEntry, PresenceStore } from './types.js';

export interface PresenceTrackerOptions {
  store: PresenceStore;
  /** Entry lifetime; a node that stops heartbeating loses its users after this. Default 30 s. */
  ttlMs?: number;
  /** Identifies this node in entries. */
  node?: string;
  onError?: (error: unknown) => void;
  /**
   * A heartbeat found a held key's entry gone: it expired (the node stalled for longer than the TTL, or Redis
   * lost it) or another node deleted it, and it may have been announced offline. The entry is back; announce it.
   */
  onRevived?: (key: string, status: PresenceEntry['status']) => void;
}

/**
 * Keeps this node's present users alive in the store: one timer refreshes all of them every ttl/3 (not one
 * timer per user). Refcounted per key, so an agent with two tabs stays online until both close.
 */
export class PresenceTracker {
  readonly #held = new Map<string, { status: PresenceEntry['status']; refs: number }>();
  readonly #timer: NodeJS.Timeout;
  readonly #ttlMs: number;

  constructor(private readonly options: PresenceTrackerOptions) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#timer = setInterval(() => void this.refresh(), Math.max(100, Math.floor(this.#ttlMs / 3)));
    this.#timer.unref();
  }

  async hold(key: string, status: PresenceEntry['status'] = 'online'): Promise<void> {
    const held = this.#held.get(key);
    if (held) {
      held.refs++;
      held.status = status;
    } else this.#held.set(key, { status, refs: 1 });
    await this.#write(key, status);
  }

  async setStatus(key: string, status: PresenceEntry['status']): Promise<void> {
    const held = this.#held.get(key);
    if (!held) return;
    held.status = status;
    await this.#write(key, status);
  }

  async release(key: string): Promise<void> {
    const held = this.#held.get(key);
    if (!held) return;
    if (--held.refs > 0) return;
    this.#held.delete(key);
    await this.options.store.delete(key);
  }

  async refresh(): Promise<void> {
    await Promise.all(
      [...this.#held].map(async ([key, { status }]) => {
        // Still held after the write (not released meanwhile) and it was not there: it came back.
        if ((await this.#write(key, status)) === false && this.#held.has(key)) this.options.onRevived?.(key, status);
      }),
    );
  }

  /** Stops heartbeating (entries then expire on their own, as after a crash). */
  stop(): void {
    clearInterval(this.#timer);
  }

  /** Whether a live entry was there before (undefined when the write failed). */
  async #write(key: string, status: PresenceEntry['status']): Promise<boolean | undefined> {
    try {
      return await this.options.store.set(key, { status, node: this.options.node, at: Date.now() }, this.#ttlMs);
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }
}
