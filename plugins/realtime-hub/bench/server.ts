/**
 * Bench server process. `--mode hub`: this package's engine on Fastify + @fastify/websocket (optionally
 * joined to other workers by `--redis`). `--mode ws`: the baseline, a plain `ws` server that speaks just
 * enough graphql-transport-ws and broadcasts by serialising once and calling ws.send per subscriber.
 */
import Fastify from 'fastify';
import { buildSchema, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { type WebSocket, WebSocketServer } from 'ws';
import { createHub, createRedisBus, type HubBus, type TopicEvent, topicSubscription } from '../src/index.js';
import { type GcTotals, type ServerCommand, type ServerReply, type ServerStats, topicOf, watchGc } from './plan.js';
import { type Publish, runBroadcast, runFanout } from './publisher.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const mode = args.get('mode') ?? 'hub';
const reply = (r: ServerReply) => process.send!(r);
let slowCloses = () => 0;
let connections = () => 0;

function benchSchema(): GraphQLSchema {
  const schema = buildSchema(/* GraphQL */ `
    type Query { ok: Boolean }
    type Message { id: ID! conversationId: ID! seq: Int! body: String! sentAt: Float! run: Int! }
    type ConversationEvent { kind: String! conversationId: ID! seq: Int! sentAt: Float! run: Int! }
    type Broadcast { seq: Int! body: String! sentAt: Float! run: Int! }
    type Subscription {
      messageAdded(conversationId: ID!): Message!
      conversationEvents(team: ID!): ConversationEvent!
      broadcast: Broadcast!
    }
  `);
  const fields = schema.getSubscriptionType()!.getFields();
  const seqOf = (field: string) => (e: TopicEvent) => (e[field] as { seq: number }).seq;
  const sub = (field: string, topic: (args: Record<string, string>) => string): GraphQLFieldResolver<unknown, unknown> =>
    (_root, args) => topicSubscription({ topic: topic(args as Record<string, string>), scope: 'shared', seqOf: seqOf(field) });
  fields.messageAdded!.subscribe = sub('messageAdded', (a) => `conversation:${a.conversationId}`);
  fields.conversationEvents!.subscribe = sub('conversationEvents', (a) => `inbox:${a.team}`);
  fields.broadcast!.subscribe = sub('broadcast', () => 'broadcast');
  return schema;
}

async function startHub(port: number): Promise<{ publish: Publish; backlog: () => number; port: number }> {
  const redis = args.get('redis');
  // A per-invocation channel prefix: the bench may share a Redis with other users.
  const bus: HubBus | undefined = redis
    ? createRedisBus({ redis, channelPrefix: `keeper:bench:${args.get('prefix') ?? process.pid}:` })
    : undefined;
  const hub = createHub({
    schema: benchSchema(),
    authenticate: () => ({ id: 'bench' }),
    bus,
    limits: { maxSubscriptionsPerConnection: 200, connectionInitTimeoutMs: 30_000 },
  });
  const app = Fastify();
  await app.register(hub.plugin, { path: '/graphql' });
  await app.listen({ port, host: '127.0.0.1' });
  slowCloses = () => hub.snapshot().stats.slowConsumerCloses;
  connections = () => hub.snapshot().connections;
  return {
    publish: (topic, event) => void hub.publish(topic, event),
    backlog: () => {
      const snapshot = hub.snapshot();
      return snapshot.queuedBytes + snapshot.socketBufferedBytes;
    },
    port: (app.server.address() as { port: number }).port,
  };
}

async function startBaseline(port: number): Promise<{ publish: Publish; backlog: () => number; port: number }> {
  const topics = new Map<string, Map<WebSocket, string[]>>();
  const wss = new WebSocketServer({
    port,
    host: '127.0.0.1',
    perMessageDeflate: false,
    handleProtocols: (p) => (p.has('graphql-transport-ws') ? 'graphql-transport-ws' : false),
  });
  await new Promise((r) => wss.once('listening', r));
  connections = () => wss.clients.size;
  wss.on('connection', (ws) => {
    const mine: [string, string][] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: string; payload?: Record<string, never> };
      if (msg.type === 'connection_init') ws.send('{"type":"connection_ack"}');
      else if (msg.type === 'subscribe' && msg.id && msg.payload) {
        const topic = topicOf(msg.payload);
        let subs = topics.get(topic);
        if (!subs) {
          subs = new Map();
          topics.set(topic, subs);
        }
        const ids = subs.get(ws) ?? [];
        ids.push(msg.id);
        subs.set(ws, ids);
        mine.push([topic, msg.id]);
      }
    });
    ws.on('close', () => {
      for (const [topic] of mine) topics.get(topic)?.delete(ws);
    });
  });
  return {
    publish(topic, event) {
      const subs = topics.get(topic);
      if (!subs) return;
      const field = Object.keys(event)[0]!;
      const head = `{"type":"next","payload":{"data":{"${field}":${JSON.stringify(event[field])}}},"id":"`;
      for (const [ws, ids] of subs) for (const id of ids) ws.send(head + id + '"}');
    },
    backlog() {
      let bytes = 0;
      for (const ws of wss.clients) bytes += ws.bufferedAmount;
      return bytes;
    },
    port: (wss.address() as { port: number }).port,
  };
}

// GC pauses, so the fan-out table can say what the tail latency is made of.
const gcTotals = watchGc();

function stats(): ServerStats {
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    connections: connections(),
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    slowConsumerCloses: slowCloses(),
  };
}

const port = Number(args.get('port') ?? 0);
const server = mode === 'ws' ? await startBaseline(port) : await startHub(port);
process.on('message', async (cmd: ServerCommand) => {
  if (cmd.cmd === 'stats') reply({ type: 'stats', stats: stats() });
  else if (cmd.cmd === 'broadcast') {
    const done = await runBroadcast(server.publish, server.backlog, cmd);
    reply({ type: 'broadcast-done', ...done });
  } else if (cmd.cmd === 'fanout') {
    const gc0 = { ...gcTotals };
    const done = await runFanout(server.publish, cmd);
    // Pauses while sending and for a moment after (deliveries still queued).
    await new Promise((r) => setTimeout(r, 300));
    const gc: GcTotals = {
      major: gcTotals.major - gc0.major,
      majorMs: gcTotals.majorMs - gc0.majorMs,
      maxMajorMs: gcTotals.maxMajorMs,
      minor: gcTotals.minor - gc0.minor,
      minorMs: gcTotals.minorMs - gc0.minorMs,
    };
    gcTotals.maxMajorMs = 0;
    reply({ type: 'fanout-done', ...done, gc });
  } else if (cmd.cmd === 'exit') process.exit(0);
});
reply({ type: 'ready', port: server.port });
