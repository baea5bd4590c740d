import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createThrowawayDatabase, testServerUrl, type ThrowawayDatabase } from '@keeper/db/testing';
import { collect, createWsClient, postGraphQL, startServerProcess } from '@keeper/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The realtime hub's own fixture (redis-server in cluster mode on spare ports, in a temp dir).
import { startRedisCluster } from '../../../plugins/realtime-hub/test/fixtures/redis-server.js';
import { servicesAvailable } from '@keeper/tooling/services';

/**
 * Two real server processes (the reference config) on one PostgreSQL database and one Redis: what a
 * cluster behind a load balancer is. Needs both services; under CI they must be there.
 */
const bin = resolve(import.meta.dirname, '../node_modules/@keeper/cli/bin/keeper.js');
const cwd = resolve(import.meta.dirname, '..');
const REDIS_URL = process.env.KEEPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'ops@shop.test', password: 'ops password 1' };

let db: ThrowawayDatabase;
let nodes: Array<{ url: string; process: ChildProcess }> = [];
let redisEnv: Record<string, string> = { REDIS_URL };

async function startNode(): Promise<{ url: string; process: ChildProcess }> {
  const node = await startServerProcess({
    bin,
    cwd,
    env: { ...redisEnv, DATABASE_URL: db.url, KEEPER_ADMIN_EMAIL: ADMIN.email, KEEPER_ADMIN_PASSWORD: ADMIN.password, NODE_ENV: 'production' },
  });
  nodes.push(node);
  return node;
}

const ws = (url: string, token: string) => createWsClient(`${url.replace('http', 'ws')}/graphql`, { token });
const ADDED = 'subscription($id: ID!, $after: Int) { messageAdded(conversationId: $id, afterSeq: $after) { seq body } }';
const SEND = 'mutation($id: ID!, $b: String!) { sendMessage(conversationId: $id, body: $b) { seq } }';
type Added = { messageAdded: { seq: number; body: string } };

const haveServices = await servicesAvailable('postgres', 'redis', 'redis-server');

function crossNodeSuite(name: string, redis: () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>) {
describe.skipIf(!haveServices)(`two nodes joined through ${name}`, () => {
  let stopRedis: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const started = await redis();
    redisEnv = started.env;
    stopRedis = started.stop;
    nodes = [];
    db = await createThrowawayDatabase(testServerUrl());
    // One after the other: the first creates the admin, the second finds it.
    await startNode();
    await startNode();
  }, 120_000);

  afterAll(async () => {
    for (const node of nodes) node.process.kill('SIGKILL');
    await db?.drop();
    await stopRedis();
  });

  it('keeps each conversation in seq order on the inbox feed while both nodes write to it at once', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const login = await postGraphQL<{ agentLogin: { token: string } }>(`${a.url}/graphql`, 'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
    const agent = login.data!.agentLogin.token;
    const INBOX = 'subscription { conversationEvents { type conversationId message { seq } } }';
    type Inbox = { conversationEvents: { type: string; conversationId: string; message: { seq: number } | null } };
    const feeds = [a, b].map((node) => collect<Inbox>(ws(node.url, agent), { query: INBOX }));
    await new Promise((r) => setTimeout(r, 300));
    const conversations = await Promise.all(
      [1, 2, 3].map(async (i) => {
        const r = await postGraphQL<{ startConversation: { token: string; conversation: { id: string } } }>(`${a.url}/graphql`, `mutation { startConversation(input: { name: "Order ${i}" }) { token conversation { id } } }`);
        return r.data!.startConversation;
      }),
    );
    // Every message fired at once, alternating nodes: commits on the two nodes race, and so do their publishes.
    const perConversation = 30;
    await Promise.all(
      conversations.flatMap((c) =>
        Array.from({ length: perConversation }, (_, i) =>
          postGraphQL(`${(i % 2 ? a : b).url}/graphql`, SEND, { id: c.conversation.id, b: `m${i}` }, { token: c.token }),
        ),
      ),
    );
    for (const feed of feeds) {
      const messages = () => feed.values.filter((v) => v.data!.conversationEvents.type === 'message');
      const deadline = Date.now() + 10_000;
      while (messages().length < conversations.length * perConversation && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      for (const c of conversations) {
        const seqs = messages()
          .filter((v) => v.data!.conversationEvents.conversationId === c.conversation.id)
          .map((v) => v.data!.conversationEvents.message!.seq);
        expect(seqs).toEqual(Array.from({ length: perConversation }, (_, i) => i + 1));
      }
    }
  }, 60_000);

  it('carries messages both ways in order, and a client of a killed node recovers everything on the other', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const login = await postGraphQL<{ agentLogin: { token: string } }>(`${b.url}/graphql`, 'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
    const agent = login.data!.agentLogin.token;
    const started = await postGraphQL<{ startConversation: { token: string; conversation: { id: string } } }>(`${a.url}/graphql`, 'mutation { startConversation(input: { name: "Wei" }) { token conversation { id } } }');
    const { token: shopperToken, conversation } = started.data!.startConversation;

    // Shopper on node A, agent on node B.
    const shopperClient = ws(a.url, shopperToken);
    const shopperSub = collect<Added>(shopperClient, { query: ADDED, variables: { id: conversation.id, after: 0 } });
    const agentSub = collect<Added>(ws(b.url, agent), { query: ADDED, variables: { id: conversation.id, after: 0 } });
    for (let i = 1; i <= 10; i++) {
      const [url, token] = i % 2 ? [a.url, shopperToken] : [b.url, agent];
      await postGraphQL(`${url}/graphql`, SEND, { id: conversation.id, b: `hello ${i}` }, { token });
    }
    await shopperSub.waitFor(10, 10_000);
    await agentSub.waitFor(10, 10_000);
    const expected = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(shopperSub.values.map((v) => v.data!.messageAdded.seq)).toEqual(expected);
    expect(agentSub.values.map((v) => v.data!.messageAdded.seq)).toEqual(expected);

    // The agent keeps writing through node B while node A dies under the shopper.
    let sent = 10;
    const writer = (async () => {
      for (; sent < 60; ) {
        sent++;
        await postGraphQL(`${b.url}/graphql`, SEND, { id: conversation.id, b: `hello ${sent}` }, { token: agent });
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    a.process.kill('SIGKILL');
    await writer;
    const seenBeforeCrash = shopperSub.values.map((v) => v.data!.messageAdded.seq);
    const last = seenBeforeCrash.at(-1)!;
    // The shopper's client reconnects to node B and resumes from the last seq it saw.
    const resumed = collect<Added>(ws(b.url, shopperToken), { query: ADDED, variables: { id: conversation.id, after: last } });
    await resumed.waitFor(60 - last, 10_000);
    const all = [...seenBeforeCrash, ...resumed.values.map((v) => v.data!.messageAdded.seq)];
    expect(all).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(agentSub.values.map((v) => v.data!.messageAdded.seq).slice(0, 60)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    shopperClient.terminate();
  }, 120_000);
});
}

crossNodeSuite('Redis', async () => ({ env: { REDIS_URL }, stop: async () => {} }));
// A 3-master cluster on spare ports, started by the test itself: the hub uses SSUBSCRIBE/SPUBLISH there.
crossNodeSuite('a 3-master Redis Cluster', async () => {
  const cluster = await startRedisCluster();
  return { env: { KEEPER_REDIS_CLUSTER: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',') }, stop: () => cluster.stop() };
});
