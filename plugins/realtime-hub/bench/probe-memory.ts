/** Heap per connection: bare @fastify/websocket route vs the hub (diagnostic, `node probe-memory.js bare|hub`). */
import { fork } from 'node:child_process';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { buildSchema } from 'graphql';
import { createHub, topicSubscription } from '../src/index.js';

const mode = process.argv[2] ?? 'hub';
if (mode === 'client') {
  const { default: WebSocket } = await import('ws');
  const [url, n] = [process.argv[3]!, Number(process.argv[4])];
  const all: unknown[] = [];
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(url, 'graphql-transport-ws');
      ws.on('open', () => ws.send('{"type":"connection_init"}'));
      ws.once('message', () => {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription($c: ID!) { m(c: $c) }', variables: { c: `c${i}` } } }));
        resolve();
      });
      all.push(ws);
    });
  }
  process.send!('done');
} else {
  const app = Fastify();
  if (mode === 'bare') {
    await app.register(websocket);
    app.get('/graphql', { websocket: true }, (socket) => {
      socket.on('message', () => socket.send('{"type":"connection_ack"}'));
    });
  } else {
    const schema = buildSchema('type Query { a: Int } type Subscription { m(c: ID!): String }');
    schema.getSubscriptionType()!.getFields().m!.subscribe = (_r, a) => topicSubscription({ topic: String(a.c), scope: 'shared' });
    const hub = createHub({ schema, authenticate: () => ({}) });
    await app.register(hub.plugin, { path: '/graphql' });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`;
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  const before = process.memoryUsage().heapUsed;
  const n = 3000;
  const child = fork(new URL(import.meta.url).pathname, ['client', url, String(n)]);
  await new Promise((r) => child.once('message', r));
  await new Promise((r) => setTimeout(r, 500));
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(`${mode}: ${((after - before) / n / 1024).toFixed(2)} KB heap per connection`);
  if (process.env.SNAPSHOT) {
    const v8 = await import('node:v8');
    console.log(v8.writeHeapSnapshot(process.env.SNAPSHOT));
  }
  child.kill();
  process.exit(0);
}
