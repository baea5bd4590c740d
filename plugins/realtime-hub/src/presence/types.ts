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
 * so when a node dies its users fall back to offline within one TTL without anyone cleaning up.
 */
export interface PresenceStore {
  set(key: string, entry: PresenceEntry, ttlMs: number): Promise<void>;
  get(key: string): Promise<PresenceEntry | null>;
  getMany(keys: readonly string[]): Promise<(PresenceEntry | null)[]>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
