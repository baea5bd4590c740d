import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus, type RedisBus } from '../src/index.js';
import { type ChatServer, MessageStore, startChatServer } from './fixtures/chat-server.js';
import { collect, gqlClient } from './fixtures/clients.js';
import { type RedisClusterProcess, type RedisProcess, startRedis, startRedisCluster } from './fixtures/redis-server.js';
import { waitUntil } from './fixtures/wait.js';
import { servicesAvailable } from '@keeper/tooling/services';

const run = promisify(execFile);
type Msg = { messageAdded: { seq: number; body: string } };
const MESSAGE_ADDED = 'subscription($c: ID!, $a: Int) { messageAdded(conversationId: $c, afterSeq: $a) { seq body } }';

async function twoNodes(makeBus: () => RedisBus): Promise<{ a: ChatServer; b: ChatServer; buses: RedisBus[] }> {
  const store = new MessageStore(); // stands in for the shared database
  const buses = [makeBus(), makeBus()];
  await Promise.all(buses.map((bus) => bus.ready()));
  const a = await startChatServer({ bus: buses[0], store });
  const b = await startChatServer({ bus: buses[1], store });
  return { a, b, buses };
}

async function closeAll(servers: ChatServer[], buses: RedisBus[]): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(buses.map((bus) => bus.close()));
}

describe.skipIf(!(await servicesAvailable('redis-server')))('Redis bus (single Redis)', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("delivers a node's own events at once and exactly once, and reads a peer's (tagged or plain JSON) from Redis", async () => {
    const buses = [createRedisBus({ redis: redis.url }), createRedisBus({ redis: redis.url })];
    await Promise.all(buses.map((bus) => bus.ready()));
    const seen: string[][] = [[], []];
    buses.forEach((bus, i) => {
      bus.attach({ message: (topic, event) => seen[i]!.push(`${topic}:${(event as { n: number }).n}`), resync: () => {} });
      bus.subscribe('t');
    });
    await new Promise((r) => setTimeout(r, 50)); // SUBSCRIBE reaches Redis
    const sent = buses[0]!.publish('t', { n: 1 });
    expect(seen[0]).toEqual(['t:1']); // before Redis answered
    await sent;
    await buses[1]!.publish('t', { n: 2 });
    // An older node's message: plain JSON without an origin tag.
    await run('redis-cli', ['-p', String(redis.port), 'publish', 'keeper:hub:t', '{"n":3}']);
    await waitUntil(() => seen[0]!.length === 3 && seen[1]!.length === 3);
    await new Promise((r) => setTimeout(r, 50)); // an echo would arrive by now
    // Each node has its own events first; events of different nodes have no order between them.
    expect(seen[0]).toEqual(['t:1', 't:2', 't:3']);
    expect([...seen[1]!].sort()).toEqual(['t:1', 't:2', 't:3']);
    await Promise.all(buses.map((bus) => bus.close()));
  });

  it("sends one turn's events to a channel as one bus message (split past 256), in order", async () => {
    const buses = [createRedisBus({ redis: redis.url }), createRedisBus({ redis: redis.url })];
    await Promise.all(buses.map((bus) => bus.ready()));
    const received: number[] = [];
    buses[1]!.attach({ message: (_topic, event) => void received.push((event as { n: number }).n), resync: () => {} });
    buses[1]!.subscribe('batch');
    const raw = new Redis(redis.url);
    const wire: string[] = [];
    raw.on('message', (_channel: string, message: string) => void wire.push(message));
    await raw.subscribe('keeper:hub:batch');
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(Array.from({ length: 300 }, (_, i) => buses[0]!.publish('batch', { n: i })));
    await waitUntil(() => received.length === 300);
    expect(received).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(wire.map((m) => (JSON.parse(m.slice(13)) as unknown[]).length)).toEqual([256, 44]);
    await raw.quit();
    await Promise.all(buses.map((bus) => bus.close()));
  });

  it('delivers across nodes in order: shopper on one node, agent on another, messages both ways', async () => {
    const { a, b, buses } = await twoNodes(() => createRedisBus({ redis: redis.url }));
    const shopper = gqlClient(a.url, 'customer:u1:c1');
    const agent = gqlClient(b.url, 'agent:a1');
    const s = collect<Msg>(shopper, MESSAGE_ADDED, { c: 'c1' });
    const g = collect<Msg>(agent, MESSAGE_ADDED, { c: 'c1' });
    await waitUntil(() => a.hub.snapshot().subscriptions === 1 && b.hub.snapshot().subscriptions === 1);
    await new Promise((r) => setTimeout(r, 50)); // SUBSCRIBE reaches Redis
    for (let i = 1; i <= 100; i++) await (i % 2 ? a : b).post('c1', `m${i}`);
    await Promise.all([s.waitFor(100), g.waitFor(100)]);
    const expected = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(s.results.map((r) => r.data?.messageAdded.seq)).toEqual(expected);
    expect(g.results.map((r) => r.data?.messageAdded.seq)).toEqual(expected);
    await Promise.all([shopper.dispose(), agent.dispose()]);
    await closeAll([a, b], buses);
  });

  it('a node dies mid-stream: its client reconnects to another node with afterSeq and recovers everything', async () => {
    const { a, b, buses } = await twoNodes(() => createRedisBus({ redis: redis.url }));
    let posting = true;
    let posted = 0;
    const sender = (async () => {
      while (posting) {
        await b.post('k1', `m${++posted}`); // the agent keeps writing through node B
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const onA = gqlClient(a.url, 'customer:u1:k1');
    const first = collect<Msg>(onA, MESSAGE_ADDED, { c: 'k1', a: 0 });
    await first.waitFor(20);
    // Node A crashes: every socket dropped without a close frame.
    a.dropSockets();
    await first.done;
    const seen = first.results.map((r) => r.data!.messageAdded.seq);
    await new Promise((r) => setTimeout(r, 30)); // messages keep coming while the shopper is offline
    const onB = gqlClient(b.url, 'customer:u1:k1');
    const second = collect<Msg>(onB, MESSAGE_ADDED, { c: 'k1', a: seen.at(-1) });
    await new Promise((r) => setTimeout(r, 50));
    posting = false;
    await sender;
    await waitUntil(() => (second.results.at(-1)?.data?.messageAdded.seq ?? 0) === posted);
    seen.push(...second.results.map((r) => r.data!.messageAdded.seq));
    expect(seen).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
    await Promise.all([onA.dispose(), onB.dispose()]);
    await closeAll([a, b], buses);
  });

  it('reconnects after a Redis restart and recovers what was published meanwhile by seq', async () => {
    const { a, b, buses } = await twoNodes(() =>
      createRedisBus({ redis: { port: redis.port, host: '127.0.0.1', retryStrategy: () => 100 } }),
    );
    const agent = gqlClient(b.url, 'agent:a1');
    const g = collect<Msg>(agent, MESSAGE_ADDED, { c: 'c9' });
    await waitUntil(() => b.hub.snapshot().subscriptions === 1);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 1; i <= 10; i++) await a.post('c9', `before ${i}`);
    await g.waitFor(10);

    await redis.kill();
    // Committed while Redis is down, and their publishes lost: only the post-reconnect resync can bring them.
    for (let i = 1; i <= 10; i++) a.store.append('c9', `during ${i}`);
    await redis.start();
    await waitUntil(() => b.hub.snapshot().stats.busReconnects >= 1, 10_000);
    await g.waitFor(20, 10_000);
    for (let i = 1; i <= 10; i++) await a.post('c9', `after ${i}`);
    await g.waitFor(30, 10_000);
    await new Promise((r) => setTimeout(r, 100)); // any duplicate would show up now
    expect(g.results.map((r) => r.data?.messageAdded.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    await agent.dispose();
    await closeAll([a, b], buses);
  });
});

describe.skipIf(!(await servicesAvailable('redis-server')))('Redis bus (3-master Redis Cluster, sharded pub/sub)', () => {
  let cluster: RedisClusterProcess;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('delivers across nodes in per-conversation order using SSUBSCRIBE/SPUBLISH spread over the shards', async () => {
    const { a, b, buses } = await twoNodes(() => createRedisBus({ cluster: { nodes: cluster.nodes } }));
    const conversations = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const shopper = gqlClient(a.url, `customer:u1:${conversations.join(',')}`);
    const agent = gqlClient(b.url, 'agent:a1');
    const subs = conversations.flatMap((c) => [
      collect<Msg>(shopper, MESSAGE_ADDED, { c }),
      collect<Msg>(agent, MESSAGE_ADDED, { c }),
    ]);
    await waitUntil(() => a.hub.snapshot().subscriptions === 12 && b.hub.snapshot().subscriptions === 12);
    const shardCounts = async () =>
      Promise.all(
        cluster.nodes.map(async (n) => {
          const { stdout } = await run('redis-cli', ['-p', String(n.port), 'pubsub', 'shardchannels']);
          return stdout.split('\n').filter((line) => line.startsWith('keeper:hub:')).length;
        }),
      );
    let counts: number[] = [];
    const deadline = Date.now() + 10_000;
    do {
      counts = await shardCounts();
      if (counts.reduce((x, y) => x + y, 0) === 12) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(12);
    expect(counts.filter((n) => n > 0).length).toBeGreaterThan(1); // channels live on several shards

    for (let i = 1; i <= 20; i++) {
      for (const c of conversations) await (i % 2 ? a : b).post(c, `m${i}`);
    }
    await Promise.all(subs.map((s) => s.waitFor(20, 10_000)));
    for (const s of subs) {
      expect(s.results.map((r) => r.data?.messageAdded.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
    await Promise.all([shopper.dispose(), agent.dispose()]);
    await closeAll([a, b], buses);
  });
});

describe.skipIf(!(await servicesAvailable('redis-server')))('Redis presence', () => {
  it('expires presence when its node stops heartbeating', async () => {
    const redis = await startRedis();
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    const { RedisPresenceStore, PresenceTracker } = await import('../src/index.js');
    const store = new RedisPresenceStore(client);
    const tracker = new PresenceTracker({ store, ttlMs: 300, node: 'n1' });
    await tracker.hold('agent:7');
    await new Promise((r) => setTimeout(r, 700));
    expect(await store.getMany(['agent:7', 'agent:8'])).toEqual([expect.objectContaining({ status: 'online' }), null]);
    tracker.stop();
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.get('agent:7')).toBeNull();
    client.disconnect();
    await redis.stop();
  });
});
