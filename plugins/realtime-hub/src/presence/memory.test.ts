import { describe, expect, it } from 'vitest';
import { MemoryPresenceStore } from './memory.js';
import { PresenceTracker } from './tracker.js';

describe('MemoryPresenceStore', () => {
  it('expires entries after their TTL and hands each expiry to one claimer', async () => {
    let now = 1000;
    const store = new MemoryPresenceStore(() => now);
    expect(await store.set('agent:1', { status: 'online', at: now }, 500)).toBe(false);
    expect(await store.set('agent:1', { status: 'online', at: now }, 500)).toBe(true);
    await store.set('agent:2', { status: 'away', at: now }, 5000);
    await store.set('agent:3', { status: 'online', at: now }, 500);
    await store.delete('agent:3'); // left deliberately: not an expiry
    now += 499;
    expect(await store.getMany(['agent:1', 'agent:2', 'agent:3'])).toEqual([expect.objectContaining({ status: 'online' }), expect.objectContaining({ status: 'away' }), null]);
    expect(await store.claimExpired(10)).toEqual([]);
    now += 1;
    expect(await store.get('agent:1')).toBeNull();
    expect(await store.claimExpired(10)).toEqual(['agent:1']);
    expect(await store.claimExpired(10)).toEqual([]);
    // Written again after expiring: it was not live before.
    expect(await store.set('agent:1', { status: 'online', at: now }, 500)).toBe(false);
    await store.close();
  });
});

describe('PresenceTracker', () => {
  it('keeps held keys alive by heartbeat, refcounts them, and lets them expire once it stops', async () => {
    const store = new MemoryPresenceStore();
    const tracker = new PresenceTracker({ store, ttlMs: 150, node: 'n1' });
    await tracker.hold('a');
    await tracker.hold('a');
    await new Promise((r) => setTimeout(r, 400)); // > 2 TTLs: alive only through the heartbeat
    expect(await store.get('a')).toMatchObject({ status: 'online', node: 'n1' });
    await tracker.setStatus('a', 'away');
    expect((await store.get('a'))?.status).toBe('away');
    await tracker.release('a');
    expect(await store.get('a')).not.toBeNull();
    tracker.stop(); // the node "dies"
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.get('a')).toBeNull();
    expect(await store.claimExpired(10)).toEqual(['a']);
    await store.close();
  });

  it('reports a held key whose entry vanished when the heartbeat writes it back', async () => {
    const store = new MemoryPresenceStore();
    const revived: string[] = [];
    const tracker = new PresenceTracker({ store, ttlMs: 300, node: 'n1', onRevived: (key, status) => revived.push(`${key}:${status}`) });
    await tracker.hold('a', 'away');
    await tracker.refresh();
    expect(revived).toEqual([]);
    await store.delete('a'); // e.g. expired during a stall, or another node's holder left
    await tracker.refresh();
    expect(revived).toEqual(['a:away']);
    tracker.stop();
    await store.close();
  });
});
