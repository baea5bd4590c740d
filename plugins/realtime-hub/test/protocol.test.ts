import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../src/index.js';
import { type ChatServer, startChatServer } from './fixtures/chat-server.js';
import { collect, gqlClient, RawSocket } from './fixtures/clients.js';
import { waitUntil } from './fixtures/wait.js';

let server: ChatServer;
beforeEach(async () => {
  server = await startChatServer({ limits: { connectionInitTimeoutMs: 300, maxSubscriptionsPerConnection: 2 } });
});
afterEach(async () => {
  await server.close();
});

const MESSAGE_ADDED = 'subscription($c: ID!, $a: Int) { messageAdded(conversationId: $c, afterSeq: $a) { seq body } }';

describe('graphql-transport-ws with the graphql-ws client', () => {
  it('runs queries and mutations over the socket and streams subscriptions', async () => {
    const client = gqlClient(server.url, 'customer:u1:c1');
    const who = collect(client, '{ whoami }');
    await who.done;
    expect(who.results).toEqual([{ data: { whoami: 'customer:u1' } }]);

    const sub = collect<{ messageAdded: { seq: number; body: string } }>(client, MESSAGE_ADDED, { c: 'c1' });
    await waitUntil(() => server.hub.snapshot().subscriptions === 1);
    const mutation = collect(client, 'mutation { post(conversationId: "c1", body: "hi") { seq } }');
    await mutation.done;
    expect(mutation.results[0]?.data).toEqual({ post: { seq: 1 } });
    await sub.waitFor(1);
    expect(sub.results[0]).toEqual({ data: { messageAdded: { seq: 1, body: 'hi' } } });
    sub.dispose();
    await waitUntil(() => server.hub.snapshot().subscriptions === 0);
    await client.dispose();
  });

  it('streams plain async-iterable subscriptions and completes them', async () => {
    const client = gqlClient(server.url, 'agent:a1');
    const sub = collect<{ countdown: number }>(client, 'subscription { countdown(from: 2) }');
    await sub.done;
    expect(sub.results.map((r) => r.data?.countdown)).toEqual([2, 1, 0]);
    await client.dispose();
  });

  it('refuses a connection whose connection_init fails authentication with 4403', async () => {
    let closeCode: number | undefined;
    const client = gqlClient(server.url, 'nobody', {
      on: { closed: (event) => (closeCode = (event as { code: number }).code) },
    });
    const sub = collect(client, '{ hello }');
    await sub.done;
    expect(closeCode).toBe(CloseCode.Forbidden);
    await client.dispose();
  });

  it('refuses a subscription to a conversation the shopper does not own', async () => {
    const client = gqlClient(server.url, 'customer:u1:c1');
    const sub = collect(client, MESSAGE_ADDED, { c: 'c2' });
    await sub.done;
    expect(sub.error).toEqual([expect.objectContaining({ message: 'Not your conversation', extensions: { code: 'FORBIDDEN' } })]);
    await server.post('c2', 'secret');
    expect(sub.results).toEqual([]);
    await client.dispose();
  });

  it('caps subscriptions per connection', async () => {
    const client = gqlClient(server.url, 'agent:a1');
    const a = collect(client, MESSAGE_ADDED, { c: 'c1' });
    const b = collect(client, MESSAGE_ADDED, { c: 'c2' });
    const c = collect(client, MESSAGE_ADDED, { c: 'c3' });
    await c.done;
    expect(c.error).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })]);
    expect(a.error).toBeUndefined();
    expect(b.error).toBeUndefined();
    await client.dispose();
  });

  it('the graphql-ws client retries after a 4290 slow-consumer close (the code is not fatal for it)', async () => {
    let connects = 0;
    const client = gqlClient(server.url, 'agent:a1', {
      lazy: false,
      retryAttempts: 3,
      retryWait: async () => undefined,
      on: { connected: () => connects++ },
    });
    await waitUntil(() => connects === 1);
    server.hub.closeWhere(() => true, CloseCode.SlowConsumer, 'Slow consumer');
    await waitUntil(() => connects === 2);
    await client.dispose();
  });

  it('closes every socket with 1001 on shutdown', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    await server.hub.close();
    expect((await raw.closed).code).toBe(1001);
  });

  it('closes with 1001 when Fastify shuts down', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    await server.app.close();
    expect((await raw.closed).code).toBe(1001);
  });
});

describe('protocol rules on a bare socket', () => {
  it('closes with 4408 when connection_init does not arrive in time', async () => {
    const raw = new RawSocket(server.url);
    expect((await raw.closed).code).toBe(CloseCode.ConnectionInitialisationTimeout);
  });

  it('closes with 4401 on subscribe before the ack', async () => {
    const raw = new RawSocket(server.url);
    await raw.opened;
    raw.send({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } });
    expect((await raw.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('closes with 4429 on a second connection_init', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ type: 'connection_init' });
    expect((await raw.closed).code).toBe(CloseCode.TooManyInitialisationRequests);
  });

  it('closes with 4400 on an invalid message', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ type: 'subscribe', id: '1', payload: {} });
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.BadRequest);
    expect(closed.reason).toMatch(/query/);
  });

  it('closes with 4409 when a subscription id is reused while active', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ id: 'x', type: 'subscribe', payload: { query: MESSAGE_ADDED, variables: { c: 'c1' } } });
    raw.send({ id: 'x', type: 'subscribe', payload: { query: MESSAGE_ADDED, variables: { c: 'c1' } } });
    expect((await raw.closed).code).toBe(CloseCode.SubscriberAlreadyExists);
  });

  it('closes with 4409 when the id of a query still running is reused', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ id: 'q', type: 'subscribe', payload: { query: '{ slowHello(ms: 300) }' } });
    raw.send({ id: 'q', type: 'subscribe', payload: { query: '{ hello }' } });
    expect((await raw.closed).code).toBe(CloseCode.SubscriberAlreadyExists);
  });

  it('sends nothing for a query the client completed while it ran, and takes its id again afterwards', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ id: 'q', type: 'subscribe', payload: { query: '{ slowHello(ms: 150) }' } });
    raw.send({ id: 'q', type: 'complete' });
    raw.send({ id: 'q', type: 'subscribe', payload: { query: '{ hello }' } });
    expect(await raw.next()).toEqual({ id: 'q', type: 'next', payload: { data: { hello: 'world' } } });
    expect(await raw.next()).toEqual({ id: 'q', type: 'complete' });
    await new Promise((r) => setTimeout(r, 250)); // the completed slowHello has answered by now
    raw.send({ type: 'ping' });
    expect(await raw.next()).toEqual({ type: 'pong' });
  });

  it('closes with 4406 without the graphql-transport-ws subprotocol', async () => {
    const raw = new RawSocket(server.url, []);
    expect((await raw.closed).code).toBe(CloseCode.SubprotocolNotAcceptable);
  });

  it('answers ping with pong and reports validation errors as error frames', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ type: 'ping' });
    expect(await raw.next()).toEqual({ type: 'pong' });
    raw.send({ id: 'q', type: 'subscribe', payload: { query: '{ nope }' } });
    const error = await raw.next();
    expect(error).toMatchObject({ id: 'q', type: 'error' });
    expect((error.payload as { message: string }[])[0]?.message).toMatch(/nope/);
  });

  it('sends complete after a single-result operation and lets the client complete subscriptions', async () => {
    const raw = new RawSocket(server.url);
    await raw.init('agent:a1');
    raw.send({ id: 'q', type: 'subscribe', payload: { query: '{ hello }' } });
    expect(await raw.next()).toEqual({ id: 'q', type: 'next', payload: { data: { hello: 'world' } } });
    expect(await raw.next()).toEqual({ id: 'q', type: 'complete' });
    raw.send({ id: 's', type: 'subscribe', payload: { query: MESSAGE_ADDED, variables: { c: 'c1' } } });
    await waitUntil(() => server.hub.snapshot().subscriptions === 1);
    raw.send({ id: 's', type: 'complete' });
    await waitUntil(() => server.hub.snapshot().subscriptions === 0);
    await server.post('c1', 'after complete');
    raw.send({ type: 'ping' });
    expect(await raw.next()).toEqual({ type: 'pong' });
  });
});
