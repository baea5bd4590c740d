import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../src/index.js';
import { RawSocket } from './fixtures/clients.js';
import { makeExecutableSchemaLite } from './fixtures/schema-lite.js';
import { waitUntil } from './fixtures/wait.js';

/** A hub whose `slow` mutation resolves only when the test releases it (a write stuck behind the database). */
async function startGatedServer(limits: { maxOperationsInFlight: number; keepAliveMs?: number }) {
  const waiting: Array<() => void> = [];
  let started = 0;
  const schema = makeExecutableSchemaLite('type Query { hello: String! } type Mutation { slow: Int! }', {
    Query: { hello: () => 'world' },
    Mutation: {
      slow: () =>
        new Promise<number>((resolve) => {
          const n = ++started;
          waiting.push(() => resolve(n));
        }),
    },
  });
  const hub: Hub = createHub({ schema, authenticate: () => ({ id: 'a1' }), limits });
  const app: FastifyInstance = Fastify();
  await app.register(hub.plugin, { path: '/graphql' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    hub,
    url: `ws://127.0.0.1:${port}/graphql`,
    started: () => started,
    release: (n: number) => {
      for (const resolve of waiting.splice(0, n)) resolve();
    },
    close: async () => {
      await hub.close();
      await app.close();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slow = (id: string) => ({ id, type: 'subscribe', payload: { query: 'mutation { slow }' } });

let server: Awaited<ReturnType<typeof startGatedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('operations in flight (maxOperationsInFlight)', () => {
  it('stops reading a socket at the bound and reads it again below half of it; every operation is answered, in order', async () => {
    server = await startGatedServer({ maxOperationsInFlight: 4 });
    const a = new RawSocket(server.url);
    const b = new RawSocket(server.url);
    await a.init('t');
    await b.init('t');
    // One at a time (frames that arrive together in one TCP read are parsed together, whatever the gate says).
    for (const [socket, id, n] of [[a, '1', 1], [a, '2', 2], [b, '3', 3], [a, '4', 4]] as const) {
      socket.send(slow(id));
      await waitUntil(() => server!.started() === n);
    }
    expect(server.hub.snapshot()).toMatchObject({ operationsInFlight: 4, pausedSockets: 1 });
    // a sent the fourth: it is not read now, b is.
    a.send(slow('5'));
    b.send(slow('6'));
    await waitUntil(() => server!.started() === 5);
    await sleep(150);
    expect(server.started()).toBe(5);
    expect(server.hub.snapshot()).toMatchObject({ operationsInFlight: 5, pausedSockets: 2 });
    expect(server.hub.metrics()).toMatch(/keeper_hub_read_pauses_total 2\n/);

    // Down to 3 in flight: still above half the bound.
    server.release(2);
    await sleep(150);
    expect(server.started()).toBe(5);
    // Down to 2: both sockets are read again and a's fifth operation starts.
    server.release(1);
    await waitUntil(() => server!.started() === 6);
    expect(server.hub.snapshot().pausedSockets).toBe(0);
    server.release(3);

    const answers = async (socket: RawSocket, count: number) => {
      const frames: Record<string, unknown>[] = [];
      while (frames.filter((f) => f.type === 'next').length < count) frames.push(await socket.next());
      return frames.filter((f) => f.type === 'next').map((f) => f.id);
    };
    expect(await answers(a, 4)).toEqual(['1', '2', '4', '5']);
    expect(await answers(b, 2)).toEqual(['3', '6']);
    await waitUntil(() => server!.hub.snapshot().operationsInFlight === 0);
    a.ws.close();
    b.ws.close();
  });

  it('does not take a paused socket for a dead one: its pong waits unread, and keep-alive leaves it open', async () => {
    server = await startGatedServer({ maxOperationsInFlight: 1, keepAliveMs: 50 });
    const a = new RawSocket(server.url);
    await a.init('t');
    a.send(slow('1'));
    await waitUntil(() => server!.hub.snapshot().pausedSockets === 1);
    // Several keep-alive rounds: an unpaused socket whose pongs went unread this long would be terminated.
    await sleep(400);
    expect(a.ws.readyState).toBe(a.ws.OPEN);
    expect(server.hub.snapshot().stats.keepAliveTimeouts).toBe(0);
    server.release(1);
    expect(await a.next()).toMatchObject({ type: 'next', id: '1', payload: { data: { slow: 1 } } });
    a.ws.close();
  });
});
