import { describe, expect, it } from 'vitest';
import { MemoryPresenceStore } from './memory.js';
import { PresenceTracker } from './tracker.js';

describe('MemoryPresenceStore', () => {
  it('expires entries after their TTL', async () => {
    let now = 1000;
    const store = new MemoryPresenceStore(60_000, () => now);
    await store.set('agent:1', { status: 'online', at: now }, 500);
    expect((await store.get('agent:1'))?.status).toBe('online');
    now += 499;
    expect(await store.getMany(['agent:1', 'agent:2'])).toEqual([expect.objectContaining({ status: 'online' }), null]);
    now += 1;
    expect(await store.get('agent:1')).toBeNull();
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
    await store.close();
  });
});
