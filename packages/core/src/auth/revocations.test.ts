import { EventEmitter } from 'node:events';
import type { Queryable } from '@keeper/db';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '../generated/prisma/client.js';
import { AuthService } from './auth-service.js';
import { MemoryRateLimiter } from './rate-limiter.js';
import { parseNotice, REVOCATION_CHANNEL, RevocationChannel, type RevocationRedis, type SessionRevocation } from './revocations.js';
import { newToken } from './tokens.js';

const logger = pino({ level: 'silent' });

/** Redis pub/sub in memory: every duplicate() is one subscriber connection that can drop and come back. */
class FakeRedis implements RevocationRedis {
  readonly subscribers: Array<EventEmitter & { channels: Set<string> }> = [];
  async publish(channel: string, message: string) {
    for (const s of this.subscribers) if (s.channels.has(channel)) s.emit('message', channel, message);
    return 1;
  }
  duplicate() {
    const sub = Object.assign(new EventEmitter(), {
      channels: new Set<string>(),
      subscribe: async (channel: string) => {
        sub.channels.add(channel);
        sub.emit('ready');
      },
      quit: async () => undefined,
    });
    this.subscribers.push(sub);
    return sub;
  }
}

const revocation = (sessionIds: string[]): SessionRevocation => ({ sessionIds, principal: { kind: 'agent', id: 'a1' }, reason: 'logout', allSessions: false });

describe('RevocationChannel', () => {
  it("runs this node's listeners at once and the other nodes' through Redis, never its own twice", async () => {
    const redis = new FakeRedis();
    const here = new RevocationChannel(() => redis, logger);
    const there = new RevocationChannel(() => redis, logger);
    await here.start();
    await there.start();
    const seenHere: SessionRevocation[] = [];
    const seenThere: SessionRevocation[] = [];
    here.onRevoked((r) => seenHere.push(r));
    there.onRevoked((r) => seenThere.push(r));
    await here.revoked(revocation(['s1']));
    expect(seenHere).toEqual([revocation(['s1'])]);
    expect(seenThere).toEqual([revocation(['s1'])]);
    // Nothing to tell: no session ended.
    await here.revoked(revocation([]));
    expect(seenThere).toHaveLength(1);
  });

  it('tells gap listeners when its subscriber reconnects (notices may have been lost meanwhile)', async () => {
    const redis = new FakeRedis();
    const channel = new RevocationChannel(() => redis, logger);
    await channel.start();
    let gaps = 0;
    channel.onGap(() => gaps++);
    redis.subscribers[0]!.emit('ready');
    expect(gaps).toBe(1);
  });

  it('ignores malformed notices', () => {
    expect(parseNotice('not json')).toBeUndefined();
    expect(parseNotice(JSON.stringify({ from: 'x', sessionIds: [1], principal: { kind: 'agent', id: 'a' }, reason: 'logout', allSessions: false }))).toBeUndefined();
    expect(parseNotice(JSON.stringify({ from: 'x', sessionIds: [], principal: { kind: 'robot', id: 'a' }, reason: 'logout', allSessions: false }))).toBeUndefined();
    expect(parseNotice(JSON.stringify({ from: 'x', sessionIds: ['s'], principal: { kind: 'agent', id: 'a' }, reason: 'because', allSessions: false }))).toBeUndefined();
    expect(parseNotice(JSON.stringify({ from: 'x', ...revocation(['s']) }))).toEqual({ from: 'x', revocation: revocation(['s']) });
    expect(REVOCATION_CHANNEL).toBe('keeper:auth:revoked');
  });
});

describe('AuthService session cache', () => {
  /** A session table of one row whose reads can be held open, to land a revocation in the middle of one. */
  function fakePrisma() {
    const { sessionId, token, secretHash } = newToken();
    const row = { id: sessionId, kind: 'customer' as const, subjectId: 'c1', secretHash, conversationIds: ['k1'], expiresAt: new Date(Date.now() + 60_000), revokedAt: null as Date | null };
    let hold: Promise<void> | undefined;
    let reads = 0;
    // The session read is raw SQL (snake_case rows); revocation writes go through Prisma.
    const queryable = {
      query: async () => {
        reads++;
        const snapshot = { id: row.id, kind: row.kind, subject_id: row.subjectId, secret_hash: row.secretHash, conversation_ids: row.conversationIds, expires_at: row.expiresAt, revoked_at: row.revokedAt };
        await hold;
        return [snapshot];
      },
      exec: async () => {},
    };
    const prisma = {
      session: {
        updateManyAndReturn: async () => {
          if (row.revokedAt) return [];
          row.revokedAt = new Date();
          return [{ id: row.id }];
        },
      },
    };
    return {
      prisma: prisma as unknown as PrismaClient,
      queryable: queryable as unknown as Queryable,
      token,
      sessionId,
      row,
      reads: () => reads,
      holdReads(until: Promise<void>) {
        hold = until;
      },
    };
  }

  const settings = { agentSessionTtlSeconds: 60, customerSessionTtlSeconds: 60, loginAttempts: 5, loginWindowSeconds: 60 };

  it('forgets a cached session as soon as another node revokes it', async () => {
    const db = fakePrisma();
    const redis = new FakeRedis();
    const channel = new RevocationChannel(() => redis, logger);
    const otherNode = new RevocationChannel(() => redis, logger);
    await channel.start();
    const auth = new AuthService(db.prisma, db.queryable, new MemoryRateLimiter(), settings, channel);
    await auth.authenticate(`Bearer ${db.token}`);
    await auth.authenticate(`Bearer ${db.token}`);
    expect(db.reads()).toBe(1); // cached
    db.row.revokedAt = new Date();
    await otherNode.revoked({ ...revocation([db.sessionId]), principal: { kind: 'customer', id: 'c1' } });
    await expect(auth.authenticate(`Bearer ${db.token}`)).rejects.toThrow(/revoked/);
  });

  it('reads again when a revocation arrives while it reads, instead of caching what it read', async () => {
    const db = fakePrisma();
    const channel = new RevocationChannel(() => undefined, logger);
    const auth = new AuthService(db.prisma, db.queryable, new MemoryRateLimiter(), settings, channel);
    let release!: () => void;
    db.holdReads(new Promise<void>((resolve) => (release = resolve)));
    const pending = auth.authenticate(`Bearer ${db.token}`);
    await new Promise((r) => setImmediate(r)); // the read has taken its snapshot: not revoked yet
    db.row.revokedAt = new Date();
    await channel.revoked({ ...revocation([db.sessionId]), principal: { kind: 'customer', id: 'c1' } });
    db.holdReads(Promise.resolve());
    release();
    await expect(pending).rejects.toThrow(/revoked/);
    expect(db.reads()).toBe(2);
  });

  it('a logout of a session another node already revoked still makes this node forget it, without a second event', async () => {
    const db = fakePrisma();
    const events: unknown[] = [];
    const hooks = { emit: (_name: string, payload: unknown) => void events.push(payload), intercept: async () => undefined, on: () => () => {} };
    // Node B never hears node A (its notice was lost): only B's own channel, no Redis.
    const a = new AuthService(db.prisma, db.queryable, new MemoryRateLimiter(), settings, new RevocationChannel(() => undefined, logger), hooks as never);
    const b = new AuthService(db.prisma, db.queryable, new MemoryRateLimiter(), settings, new RevocationChannel(() => undefined, logger), hooks as never);
    const actor = await b.authenticate(`Bearer ${db.token}`);
    if (actor.kind !== 'customer') throw new Error('expected the shopper');
    await a.logout(actor);
    expect(events).toHaveLength(1);
    expect(await b.authenticate(`Bearer ${db.token}`)).toEqual(actor); // B's cache still trusts it
    await b.logout(actor);
    await expect(b.authenticate(`Bearer ${db.token}`)).rejects.toThrow(/revoked/);
    expect(events).toHaveLength(1);
  });
});
