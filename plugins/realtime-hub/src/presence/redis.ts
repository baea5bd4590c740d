import type { Cluster, Redis } from 'ioredis';
import type { PresenceEntry, PresenceStore } from './types.js';

/**
 * Takes the due members of the expiry index in one step, so of several nodes sweeping at once each member goes
 * to exactly one. One key, so it runs on a cluster too.
 */
const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due`;

/**
 * Presence in Redis with `SET key value PX ttl`: expiry is Redis' job, so a crashed node's users go offline by
 * themselves. A sorted set (`expiriesKey`, member = key, score = expected expiry) indexes the entries so surviving
 * nodes can find the ones that expired and announce each once. Works on a cluster (one key per command, no
 * cross-slot MGET or script).
 */
export class RedisPresenceStore implements PresenceStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix = 'keeper:presence:',
    private readonly expiriesKey = 'keeper:presence-expiries',
  ) {}

  async set(key: string, entry: PresenceEntry, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    // The score is this node's clock; the key's TTL runs on Redis'. They may disagree by a little (latency,
    // skew), which claimExpired settles by asking for the key itself.
    const [previous] = await Promise.all([
      this.redis.set(this.prefix + key, JSON.stringify(entry), 'PX', ttl, 'GET'),
      this.redis.zadd(this.expiriesKey, Date.now() + ttl, key),
    ]);
    return previous !== null;
  }

  async get(key: string): Promise<PresenceEntry | null> {
    const raw = await this.redis.get(this.prefix + key);
    return raw ? (JSON.parse(raw) as PresenceEntry) : null;
  }

  async getMany(keys: readonly string[]): Promise<(PresenceEntry | null)[]> {
    return Promise.all(keys.map((k) => this.get(k)));
  }

  async delete(key: string): Promise<void> {
    // Out of the index first, so a sweep in between cannot take a deliberate leave for an expiry.
    await this.redis.zrem(this.expiriesKey, key);
    await this.redis.del(this.prefix + key);
  }

  async claimExpired(limit: number): Promise<string[]> {
    const due = (await this.redis.eval(CLAIM_DUE, 1, this.expiriesKey, Date.now(), limit)) as string[];
    if (due.length === 0) return [];
    // The index uses node clocks; the entry's own TTL decides. One still there was refreshed (or a clock runs
    // ahead): index it again for when it will expire, unless its holder already did with a later score.
    const ttls = await Promise.all(due.map((key) => this.redis.pttl(this.prefix + key)));
    const expired: string[] = [];
    const now = Date.now();
    await Promise.all(
      due.map((key, i) => {
        const ttl = ttls[i]!;
        if (ttl === -2) expired.push(key);
        else if (ttl > 0) return this.redis.zadd(this.expiriesKey, 'GT', now + ttl, key);
        return undefined;
      }),
    );
    return expired;
  }

  /** The Redis client belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}
}
