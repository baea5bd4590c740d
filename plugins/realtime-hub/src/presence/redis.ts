import type { Cluster, Redis } from 'ioredis';
import type { PresenceEntry, PresenceStore } from './types.js';

/**
 * Presence in Redis with `SET key value PX ttl`: expiry is Redis' job, so a crashed node's users go
 * offline by themselves. Works on a cluster (one key per command, no cross-slot MGET).
 */
export class RedisPresenceStore implements PresenceStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix = 'keeper:presence:',
  ) {}

  async set(key: string, entry: PresenceEntry, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(entry), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async get(key: string): Promise<PresenceEntry | null> {
    const raw = await this.redis.get(this.prefix + key);
    return raw ? (JSON.parse(raw) as PresenceEntry) : null;
  }

  async getMany(keys: readonly string[]): Promise<(PresenceEntry | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  /** The Redis client belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}
}
