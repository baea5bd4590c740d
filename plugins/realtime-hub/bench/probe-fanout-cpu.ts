/**
 * Server CPU per delivered frame for a one-topic broadcast (`node probe-fanout-cpu.js [subscribers] [messages]`):
 * the hub and 2,000 subscribers in this process's server side, the readers in a child process. CPU time,
 * not wall time, so other load on the machine disturbs it less.
 */
import { fork } from 'node:child_process';
import Fastify from 'fastify';
import { buildSchema } from 'graphql';
import { createHub, topicSubscription } from '../src/index.js';

if (process.argv[2] === 'client') {
  const { default: WebSocket } = await import('ws');
  const [url, n, expected] = [process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])];
  let received = 0;
  let ready = 0;
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    ws.on('open', () => ws.send('{"type":"connection_init"}'));
    ws.on('message', (data: Buffer) => {
      if (data.toString().includes('connection_ack')) {
        ws.send(JSON.stringify({ id: `s${i}`, type: 'subscribe', payload: { query: 'subscription { b { seq body } }' } }));
        if (++ready === n) process.send!('ready');
        return;
      }
      if (++received === expected) process.send!('done');
    });
  }
} else {
  const subscribers = Number(process.argv[2] ?? 2000);
  const messages = Number(process.argv[3] ?? 300);
  const schema = buildSchema('type Query { a: Int } type B { seq: Int! body: String! } type Subscription { b: B! }');
  schema.getSubscriptionType()!.getFields().b!.subscribe = () => topicSubscription({ topic: 'b', scope: 'shared' });
  const hub = createHub({ schema, authenticate: () => ({}) });
  const app = Fastify();
  await app.register(hub.plugin, {});
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`;
  const child = fork(new URL(import.meta.url).pathname, ['client', url, String(subscribers), String(subscribers * messages)]);
  await new Promise((r) => child.once('message', r));
  await new Promise((r) => setTimeout(r, 300));
  const done = new Promise((r) => child.once('message', r));
  const cpu0 = process.cpuUsage();
  const body = 'x'.repeat(120);
  for (let i = 1; i <= messages; i++) {
    await hub.publish('b', { b: { seq: i, body } });
    // Paced like the bench's backlog gate: wait for the sockets to drain before the next message.
    for (let s = hub.snapshot(); s.queuedBytes + s.socketBufferedBytes > subscribers * 1024; s = hub.snapshot()) {
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setImmediate(r));
  }
  await done;
  const cpu = process.cpuUsage(cpu0);
  const frames = subscribers * messages;
  const ns = (us: number) => ((us * 1000) / frames).toFixed(0);
  console.log(`server CPU per delivered frame: ${ns(cpu.user + cpu.system)} ns (user ${ns(cpu.user)}, system ${ns(cpu.system)}; ${frames} frames)`);
  child.kill();
  await hub.close();
  await app.close();
}
