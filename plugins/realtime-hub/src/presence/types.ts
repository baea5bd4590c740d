export type PresenceStatus = 'online' | 'away' | 'offline';

export interface PresenceEntry {
  status: Exclude<PresenceStatus, 'offline'>;
  /** The node holding the connection (for diagnostics). */
  node?: string;
  /** Epoch ms of the last heartbeat. */
  at: number;
}

/**
 * Presence that expires: every entry has a TTL and is refreshed by a heartbeat while its holder is alive,
 * so when a node dies its users fall back to offline within one TTL without anyone cleaning up. Expiry is
 * observable: `claimExpired` hands each entry that ran out to exactly one caller, so one node announces it.
 */
export interface PresenceStore {
  /** Resolves true when it replaced a live entry, false when the key was absent or had expired. */
  set(key: string, entry: PresenceEntry, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<PresenceEntry | null>;
  getMany(keys: readonly string[]): Promise<(PresenceEntry | null)[]>;
  /** Removes an entry (its holder left): it is not reported as expired. */
  delete(key: string): Promise<void>;
  /**
   * Takes up to `limit` keys whose entries expired without being refreshed or deleted. Each such expiry is
   * handed to exactly one caller, however many callers (nodes) sweep the same store at once.
   */
  claimExpired(limit: number): Promise<string[]>;
  close(): Promise<void>;
}
