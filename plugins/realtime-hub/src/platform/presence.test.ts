import { describe, expect, it } from 'vitest';
import type { Hub } from '../hub.js';
import { MemoryPresenceStore } from '../presence/memory.js';
import { Presence } from './presence.js';

/** A hub whose bus refuses publishes while `down` is set (as a Redis bus does past its retries). */
function fakeHub() {
  const published: Array<{ agentId: string; status: string }> = [];
  const state = { down: false };
  const hub = {
    publish: async (_topic: string, event: Record<string, unknown>) => {
      if (state.down) throw new Error('bus down');
      published.push(event.agentPresence as { agentId: string; status: string });
    },
  } as unknown as Hub;
  return { hub, published, state };
}

function presence(store: MemoryPresenceStore, hub: Hub, changes: string[], warnings: string[] = []) {
  return new Presence({
    store,
    hub: () => hub,
    activeAgentIds: async () => [],
    ttlMs: 50,
    sweepMs: 3_600_000, // swept by hand
    node: 'test',
    changed: (c) => void changes.push(`${c.agentId}:${c.status}`),
    logger: { warn: (_obj: unknown, message: string) => void warnings.push(message) },
  });
}

const expiredEntry = { status: 'online' as const, at: 0 };

describe('Presence sweep', () => {
  it('announces an expiry it claimed once the bus takes it, though the first publish failed', async () => {
    let now = 1_000;
    const store = new MemoryPresenceStore(() => now);
    const { hub, published, state } = fakeHub();
    const changes: string[] = [];
    const p = presence(store, hub, changes);
    try {
      for (const id of ['a', 'b', 'c']) await store.set(id, expiredEntry, 10);
      now += 20;
      state.down = true;
      expect(await p.sweep()).toBe(0);
      // Claimed: the store will not hand them out again, so only this node can announce them.
      expect(await store.claimExpired(10)).toEqual([]);
      expect(await p.sweep()).toBe(0);
      state.down = false;
      expect(await p.sweep()).toBe(3);
      expect(published.map((v) => `${v.agentId}:${v.status}`).sort()).toEqual(['a:offline', 'b:offline', 'c:offline']);
      expect(changes.sort()).toEqual(['a:offline', 'b:offline', 'c:offline']);
      // Announced once.
      expect(await p.sweep()).toBe(0);
      expect(published).toHaveLength(3);
    } finally {
      await p.close();
    }
  });

  it('drops a pending offline for an agent who came back before it went out', async () => {
    let now = 1_000;
    const store = new MemoryPresenceStore(() => now);
    const { hub, published, state } = fakeHub();
    const p = presence(store, hub, []);
    try {
      await store.set('a', expiredEntry, 10);
      await store.set('b', expiredEntry, 10);
      now += 20;
      state.down = true;
      await p.sweep();
      await store.set('a', { status: 'online', at: now }, 10_000); // a's socket is back, on some node
      state.down = false;
      expect(await p.sweep()).toBe(1);
      expect(published.map((v) => `${v.agentId}:${v.status}`)).toEqual(['b:offline']);
    } finally {
      await p.close();
    }
  });
});

describe('Presence on socket open and close', () => {
  // The plugin calls these from the hub's connect/disconnect callbacks, where nobody awaits them: a rejection there
  // was an unhandled rejection, which ends a Node process (it did at shutdown, the bus closed before the sockets).
  it('never rejects when the bus refuses the announcement: it logs, and the entry is as the socket left it', async () => {
    const store = new MemoryPresenceStore();
    const { hub, published, state } = fakeHub();
    const warnings: string[] = [];
    const p = presence(store, hub, [], warnings);
    try {
      state.down = true;
      await expect(p.connected('a')).resolves.toBeUndefined();
      expect(await store.get('a')).toMatchObject({ status: 'online' });
      await expect(p.disconnected('a')).resolves.toBeUndefined();
      expect(await store.get('a')).toBeNull();
      expect(published).toEqual([]);
      expect(warnings).toEqual([
        'realtime-hub: presence update for a connected agent failed',
        'realtime-hub: presence update for a disconnected agent failed',
      ]);
    } finally {
      await p.close();
    }
  });

  it('never rejects when the store fails', async () => {
    const store = new MemoryPresenceStore();
    store.get = async () => {
      throw new Error('store down');
    };
    const { hub } = fakeHub();
    const warnings: string[] = [];
    const p = presence(store, hub, [], warnings);
    try {
      await expect(p.connected('a')).resolves.toBeUndefined();
      await expect(p.disconnected('a')).resolves.toBeUndefined();
      expect(warnings).toHaveLength(2);
    } finally {
      await p.close();
    }
  });
});
