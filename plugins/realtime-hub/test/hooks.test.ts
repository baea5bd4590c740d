import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { createHub, MemoryPresenceStore, PresenceTracker } from '../src/index.js';
import { makeChatSchema } from './fixtures/chat-schema.js';
import { authenticate, type ChatActor, MessageStore } from './fixtures/chat-server.js';
import { RawSocket } from './fixtures/clients.js';
import { waitUntil } from './fixtures/wait.js';

it('onConnect/onDisconnect drive presence: online while a socket is open, gone when it drops', async () => {
  const store = new MessageStore();
  const presence = new MemoryPresenceStore();
  const tracker = new PresenceTracker({ store: presence, ttlMs: 10_000 });
  const hub = createHub<ChatActor>({
    schema: makeChatSchema(store, async (c, b) => store.append(c, b)),
    authenticate,
    onConnect: (ctx) => void tracker.hold(`agent:${ctx.actor.id}`),
    onDisconnect: (ctx) => void tracker.release(`agent:${ctx.actor.id}`),
  });
  const app = Fastify();
  await app.register(hub.plugin, {});
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/graphql`;
  const revoked = new RawSocket(url);
  await revoked.init('agent:a8');
  expect(hub.closeWhere((ctx) => ctx.actor.id === 'a8')).toBe(1);
  expect((await revoked.closed).code).toBe(4403);
  const raw = new RawSocket(url);
  await raw.init('agent:a9');
  expect(await presence.get('agent:a9')).toMatchObject({ status: 'online' });
  raw.ws.terminate();
  await raw.closed;
  await waitUntil(() => hub.snapshot().connections === 0);
  await new Promise((r) => setTimeout(r, 10));
  expect(await presence.get('agent:a9')).toBeNull();
  tracker.stop();
  await presence.close();
  await app.close();
});
