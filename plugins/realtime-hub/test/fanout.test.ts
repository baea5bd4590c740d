import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../src/index.js';
import { type ChatServer, startChatServer } from './fixtures/chat-server.js';
import { collect, gqlClient, RawSocket } from './fixtures/clients.js';
import { waitUntil } from './fixtures/wait.js';

let server: ChatServer;
afterEach(async () => {
  await server.close();
});

type Msg = { messageAdded: { seq: number; body: string } };
const MESSAGE_ADDED = 'subscription($c: ID!, $a: Int) { messageAdded(conversationId: $c, afterSeq: $a) { seq body } }';

describe('shared fan-out', () => {
  it('executes and serialises once per event for all subscribers of a shared group', async () => {
    server = await startChatServer();
    const clients = Array.from({ length: 20 }, (_, i) => gqlClient(server.url, `customer:u${i}:c1`));
    const subs = clients.map((c) => collect<Msg>(c, MESSAGE_ADDED, { c: 'c1' }));
    await waitUntil(() => server.hub.snapshot().subscriptions === 20);
    const before = { ...server.hub.snapshot().stats };
    for (let i = 1; i <= 5; i++) await server.post('c1', `m${i}`);
    await Promise.all(subs.map((s) => s.waitFor(5)));
    const after = server.hub.snapshot().stats;
    expect(after.executions - before.executions).toBe(5);
    expect(after.serialisations - before.serialisations).toBe(5);
    expect(after.framesQueued - before.framesQueued).toBe(100);
    for (const s of subs) expect(s.results.map((r) => r.data?.messageAdded.seq)).toEqual([1, 2, 3, 4, 5]);
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('keeps context-dependent results per scope and per connection by default', async () => {
    server = await startChatServer();
    const tokens = ['agent:a1', 'agent:a1', 'agent:a2'];
    const clients = tokens.map((t) => gqlClient(server.url, t));
    const scoped = clients.map((c) =>
      collect<{ messageAddedForViewer: { viewer: string } }>(c, 'subscription { messageAddedForViewer(conversationId: "c1") { viewer } }'),
    );
    const unscoped = clients.map((c) =>
      collect<{ messageAddedUnscoped: { viewer: string } }>(c, 'subscription { messageAddedUnscoped(conversationId: "c1") { viewer } }'),
    );
    await waitUntil(() => server.hub.snapshot().subscriptions === 6);
    const before = server.hub.snapshot().stats.executions;
    await server.post('c1', 'hello');
    await Promise.all([...scoped, ...unscoped].map((s) => s.waitFor(1)));
    expect(scoped.map((s) => s.results[0]?.data?.messageAddedForViewer.viewer)).toEqual(['a1', 'a1', 'a2']);
    expect(unscoped.map((s) => s.results[0]?.data?.messageAddedUnscoped.viewer)).toEqual(['a1', 'a1', 'a2']);
    // scope by viewer: 2 groups (a1, a2); default scope: one group per connection (3).
    expect(server.hub.snapshot().stats.executions - before).toBe(5);
    await Promise.all(clients.map((c) => c.dispose()));
  });
});

describe('asynchronous resolvers', () => {
  it('keep per-topic order when later events resolve first', async () => {
    server = await startChatServer();
    const client = gqlClient(server.url, 'agent:a1');
    const sub = collect<{ messageAddedSlow: { seq: number } }>(client, 'subscription { messageAddedSlow(conversationId: "c1") { seq } }');
    await waitUntil(() => server.hub.snapshot().subscriptions === 1);
    for (let i = 0; i < 40; i++) await server.post('c1', `m${i}`);
    await sub.waitFor(40);
    expect(sub.results.map((r) => r.data?.messageAddedSlow.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await client.dispose();
  });
});

describe('replay-then-live', () => {
  it('resumes by afterSeq across a reconnect while messages keep coming: no gap, no duplicate', async () => {
    server = await startChatServer();
    server.store.replayDelayMs = 1; // replay overlaps live traffic
    let posting = true;
    let posted = 0;
    const sender = (async () => {
      while (posting) {
        await server.post('c1', `m${++posted}`);
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const seen: number[] = [];
    for (let round = 0; round < 3; round++) {
      const client = gqlClient(server.url, 'customer:u1:c1');
      const afterSeq = seen.length ? seen[seen.length - 1] : 0;
      const sub = collect<Msg>(client, MESSAGE_ADDED, { c: 'c1', a: afterSeq });
      await sub.waitFor(30);
      await client.dispose(); // disconnect mid-stream
      seen.push(...sub.results.map((r) => r.data!.messageAdded.seq));
      await new Promise((r) => setTimeout(r, 20)); // messages posted while offline
    }
    const client = gqlClient(server.url, 'customer:u1:c1');
    const last = collect<Msg>(client, MESSAGE_ADDED, { c: 'c1', a: seen[seen.length - 1] });
    await new Promise((r) => setTimeout(r, 50));
    posting = false;
    await sender;
    await waitUntil(() => (last.results.at(-1)?.data?.messageAdded.seq ?? 0) === posted);
    seen.push(...last.results.map((r) => r.data!.messageAdded.seq));
    expect(seen).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
    await client.dispose();
  });

  it('repairs a live seq gap (a bus message lost) from the replay source', async () => {
    server = await startChatServer();
    const client = gqlClient(server.url, 'customer:u1:c1');
    const sub = collect<Msg>(client, MESSAGE_ADDED, { c: 'c1' });
    await waitUntil(() => server.hub.snapshot().subscriptions === 1);
    await server.post('c1', 'one');
    server.store.append('c1', 'two, never published');
    await server.post('c1', 'three');
    await sub.waitFor(3);
    expect(sub.results.map((r) => r.data?.messageAdded.body)).toEqual(['one', 'two, never published', 'three']);
    expect(server.hub.snapshot().stats.gapRepairs).toBe(1);
    await client.dispose();
  });
});

describe('slow consumers', () => {
  it('closes a client that stops reading, keeps memory bounded, and leaves others unaffected', async () => {
    const maxQueueBytes = 256 * 1024;
    server = await startChatServer({ limits: { maxQueueBytes, closeGraceMs: 200 } });
    const slow = new RawSocket(server.url);
    await slow.init('agent:slow');
    slow.send({ id: 's', type: 'subscribe', payload: { query: MESSAGE_ADDED, variables: { c: 'c1' } } });
    const fast = gqlClient(server.url, 'agent:fast');
    const fastSub = collect<Msg>(fast, MESSAGE_ADDED, { c: 'c1' });
    await waitUntil(() => server.hub.snapshot().subscriptions === 2);
    (slow.ws as unknown as { _socket: Socket })._socket.pause(); // stop reading: kernel buffers fill, then ours

    const body = 'x'.repeat(8 * 1024);
    let peakQueued = 0;
    const total = 3000; // 24 MB: far beyond socket buffers + the queue bound
    for (let i = 0; i < total; i++) {
      await server.post('c1', body);
      peakQueued = Math.max(peakQueued, server.hub.snapshot().queuedBytes);
      await new Promise((r) => setImmediate(r)); // a paced sender: a healthy client keeps up
    }
    await fastSub.waitFor(total, 20_000);
    expect(fastSub.results.map((r) => r.data?.messageAdded.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(server.hub.snapshot().stats.slowConsumerCloses).toBe(1);
    expect(peakQueued).toBeLessThanOrEqual(maxQueueBytes + 64 * 1024); // the fast client's transient queue
    await waitUntil(() => server.hub.snapshot().connections === 1);
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    expect([CloseCode.SlowConsumer, 1006]).toContain((await slow.closed).code);
    await fast.dispose();
  });
});
