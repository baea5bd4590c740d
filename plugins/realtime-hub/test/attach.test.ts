import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { createHub } from '../src/index.js';
import { authenticate } from './fixtures/chat-server.js';
import { makeChatSchema } from './fixtures/chat-schema.js';
import { MessageStore } from './fixtures/chat-server.js';
import { collect, gqlClient } from './fixtures/clients.js';

it('shares a GET route declared by another plugin (Mercurius-style): HTTP to it, upgrades to the hub', async () => {
  const store = new MessageStore();
  const schema = makeChatSchema(store, async (c, body) => store.append(c, body));
  const hub = createHub({ schema, authenticate });
  const app = Fastify();
  await hub.attach(app, '/graphql');
  // Stand-in for Mercurius' own routes on the same path.
  app.get('/graphql', async () => ({ via: 'http-get' }));
  app.post('/graphql', async () => ({ via: 'http-post' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;

  const get = await fetch(`http://127.0.0.1:${port}/graphql`);
  expect(await get.json()).toEqual({ via: 'http-get' });
  const client = gqlClient(`ws://127.0.0.1:${port}/graphql`, 'agent:a1');
  const q = collect(client, '{ hello }');
  await q.done;
  expect(q.results).toEqual([{ data: { hello: 'world' } }]);
  await client.dispose();
  await hub.close();
  await app.close();
});
