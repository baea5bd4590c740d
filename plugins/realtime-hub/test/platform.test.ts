import { collect, createTestPlatform, databaseAccess, type TestPlatform } from '@keeper/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type ResolverContext } from '@keeper/sdk';
import { realtimeHub } from '../src/index.js';

/** A plugin written against ctx.pubsub and the realtime service, knowing nothing of the hub. */
const pinger = definePlugin({
  name: 'test-pinger',
  version: '1.0.0',
  core: '*',
  create: () => {
    let realtime: { publish(topic: string, payload: Record<string, unknown>): Promise<void> } | undefined;
    return {
      graphql: {
        schema: 'extend type Mutation { ping(text: String!): Boolean! announce(text: String!): Boolean! } extend type Subscription { pinged: String! }',
        resolvers: {
          Mutation: {
            ping: async (_p, args, ctx: ResolverContext) => {
              await ctx.pubsub.publish({ topic: 'pings', payload: { pinged: String(args.text) } });
              return true;
            },
            announce: async (_p, args) => {
              await realtime!.publish('pings', { pinged: `announced ${String(args.text)}` });
              return true;
            },
          },
          Subscription: { pinged: { subscribe: (_p, _a, ctx: ResolverContext) => ctx.pubsub.subscribe('pings') } },
        },
      },
      setup: (ctx) => {
        realtime = ctx.services.get('realtime');
      },
    };
  },
});

const ADMIN = { email: 'admin@shop.test', password: 'admin password 1' };
let platform: TestPlatform;
let admin: string;

const SEND = 'mutation($id: ID!, $b: String!) { sendMessage(conversationId: $id, body: $b) { seq } }';
const ADDED = 'subscription($id: ID!, $after: Int) { messageAdded(conversationId: $id, afterSeq: $after) { seq body author { type } } }';
type Added = { messageAdded: { seq: number; body: string } };

async function shopper() {
  const r = await platform.gql<{ startConversation: { token: string; conversation: { id: string } } }>('mutation { startConversation(input: { name: "Lin" }) { token conversation { id } } }');
  return r.data!.startConversation;
}

beforeAll(async () => {
  platform = await createTestPlatform({ config: { auth: { bootstrapAdmin: ADMIN } }, plugins: [realtimeHub({ limits: { keepAliveMs: 60_000 } }), pinger()] });
  admin = (await platform.gql<{ agentLogin: { token: string } }>('mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).data!.agentLogin.token;
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

describe('realtime hub on the platform', () => {
  it('delivers messages live to the shopper and the agent, in order', async () => {
    const s = await shopper();
    // Subscriptions are registered once acknowledged; replay from 0 makes the test independent of that timing.
    const shopperSub = collect<Added>(platform.ws({ token: s.token }), { query: ADDED, variables: { id: s.conversation.id, after: 0 } });
    const agentSub = collect<Added>(platform.ws({ token: admin }), { query: ADDED, variables: { id: s.conversation.id, after: 0 } });
    for (let i = 1; i <= 20; i++) await platform.gql(SEND, { id: s.conversation.id, b: `m${i}` }, { token: i % 2 ? s.token : admin });
    await shopperSub.waitFor(20);
    await agentSub.waitFor(20);
    expect(shopperSub.values.map((v) => v.data!.messageAdded.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(agentSub.values.map((v) => v.data!.messageAdded.body)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 1}`));
  });

  it('resumes by afterSeq across a reconnect while messages keep coming, with no gap and no duplicate', async () => {
    const s = await shopper();
    const total = 120;
    let sent = 0;
    const sender = (async () => {
      while (sent < total) {
        sent++;
        await platform.gql(SEND, { id: s.conversation.id, b: `burst ${sent}` }, { token: admin });
      }
    })();
    const seen: number[] = [];
    const first = platform.ws({ token: s.token });
    const sub1 = collect<Added>(first, { query: ADDED, variables: { id: s.conversation.id, after: 0 } });
    await sub1.waitFor(30, 20_000);
    sub1.dispose();
    await first.dispose();
    seen.push(...sub1.values.map((v) => v.data!.messageAdded.seq));
    const last = seen.at(-1)!;
    const sub2 = collect<Added>(platform.ws({ token: s.token }), { query: ADDED, variables: { id: s.conversation.id, after: last } });
    await sender;
    await sub2.waitFor(total - last, 20_000);
    seen.push(...sub2.values.map((v) => v.data!.messageAdded.seq));
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it("refuses a shopper subscribing to someone else's conversation, and a bad token with 4403", async () => {
    const a = await shopper();
    const b = await shopper();
    const denied = collect(platform.ws({ token: b.token }), { query: ADDED, variables: { id: a.conversation.id } });
    await denied.waitFor(1).catch(() => undefined);
    expect(JSON.stringify(denied.error ?? denied.values)).toMatch(/FORBIDDEN|access/);
    const closes: number[] = [];
    const bad = collect(platform.ws({ token: 'kp_00000000-0000-0000-0000-000000000000.forgedforgedforgedforged', onClosed: (e) => closes.push(e.code) }), {
      query: ADDED,
      variables: { id: a.conversation.id },
    });
    await expect.poll(() => closes, { timeout: 5000 }).toContain(4403);
    bad.dispose();
  });

  it('feeds the agent inbox and relays typing', async () => {
    type Inbox = { conversationEvents: { type: string; conversationId: string; conversation: { status: string }; message: { body: string } | null } };
    const inbox = collect<Inbox>(platform.ws({ token: admin }), { query: 'subscription { conversationEvents { type conversationId conversation { status } message { body } } }' });
    await new Promise((r) => setTimeout(r, 300));
    const s = await shopper();
    await platform.gql(SEND, { id: s.conversation.id, b: 'is the XL in stock?' }, { token: s.token });
    await inbox.waitFor(2);
    const mine = inbox.values.map((v) => v.data!.conversationEvents).filter((e) => e.conversationId === s.conversation.id);
    expect(mine.map((e) => e.type)).toEqual(['opened', 'message']);
    expect(mine[1]!.message?.body).toBe('is the XL in stock?');
    expect(mine[0]!.conversation.status).toBe('open');

    const typing = collect<{ typing: { typing: boolean; authorType: string } }>(platform.ws({ token: admin }), {
      query: 'subscription($id: ID!) { typing(conversationId: $id) { typing authorType } }',
      variables: { id: s.conversation.id },
    });
    await expect
      .poll(async () => {
        await platform.gql('mutation($id: ID!) { setTyping(conversationId: $id, typing: true) }', { id: s.conversation.id }, { token: s.token });
        return typing.values.length;
      })
      .toBeGreaterThan(0);
    expect(typing.values[0]!.data!.typing).toEqual({ typing: true, authorType: 'customer' });
  });

  it('closes the sockets of a revoked session with 4401: logout, and a deactivated agent', async () => {
    const LOGIN = 'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token agent { id } } }';
    await platform.gql('mutation { createAgent(input: { email: "rita@shop.test", name: "Rita", password: "agent password" }) { id } }', {}, { token: admin });
    const login = async () => (await platform.gql<{ agentLogin: { token: string; agent: { id: string } } }>(LOGIN, { e: 'rita@shop.test', p: 'agent password' })).data!.agentLogin;
    const connect = async (token: string) => {
      const closes: number[] = [];
      const inbox = collect(platform.ws({ token, onClosed: (e) => closes.push(e.code) }), { query: 'subscription { conversationEvents { type } }' });
      // Acknowledged and subscribed once an inbox event arrives.
      await expect
        .poll(async () => {
          await shopper();
          return inbox.values.length;
        })
        .toBeGreaterThan(0);
      return closes;
    };
    const first = await login();
    const second = await login();
    const [firstCloses, secondCloses] = [await connect(first.token), await connect(second.token)];
    await platform.gql('mutation { logout }', {}, { token: first.token });
    await expect.poll(() => firstCloses, { timeout: 2000 }).toEqual([4401]);
    expect(secondCloses).toEqual([]);

    await platform.gql('mutation($a: ID!) { setAgentActive(agentId: $a, active: false) { id } }', { a: second.agent.id }, { token: admin });
    await expect.poll(() => secondCloses, { timeout: 2000 }).toEqual([4401]);
  });

  it('closes a socket with 4401 when its session simply expires while connected', async () => {
    // Its own platform: shopper tokens that last 2 s, swept every 100 ms.
    const short = await createTestPlatform({ config: { auth: { customerSessionTtlSeconds: 2 } }, plugins: [realtimeHub({ sessionSweepMs: 100 })] });
    try {
      const started = await short.gql<{ startConversation: { token: string; conversation: { id: string } } }>(
        'mutation { startConversation(input: { name: "Lin" }) { token conversation { id } } }',
      );
      const { token, conversation } = started.data!.startConversation;
      const closes: Array<{ code: number; reason: string }> = [];
      const sub = collect<Added>(short.ws({ token, onClosed: (e) => closes.push({ code: e.code, reason: e.reason }) }), {
        query: ADDED,
        variables: { id: conversation.id, after: 0 },
      });
      await short.gql(SEND, { id: conversation.id, b: 'before expiry' }, { token });
      await sub.waitFor(1);
      expect(closes).toEqual([]);
      await expect.poll(() => closes, { timeout: 4000, interval: 50 }).toEqual([{ code: 4401, reason: 'Session expired: sign in again' }]);
      const refused = await short.gql(SEND, { id: conversation.id, b: 'after expiry' }, { token });
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await short.close();
    }
  });

  it('closes a socket whose session was revoked without the notice reaching this node (database recheck)', async () => {
    // A plugin with database access revokes behind core's back, as a node that missed the Redis notice sees it.
    const access = databaseAccess();
    const p = await createTestPlatform({ plugins: [realtimeHub({ sessionRecheckMs: 100 }), access.plugin] });
    try {
      const started = await p.gql<{ startConversation: { token: string; conversation: { id: string } } }>(
        'mutation { startConversation(input: { name: "Lin" }) { token conversation { id } } }',
      );
      const { token, conversation } = started.data!.startConversation;
      const other = (await p.gql<{ startConversation: { token: string; conversation: { id: string } } }>('mutation { startConversation(input: { name: "Bo" }) { token conversation { id } } }')).data!
        .startConversation;
      const closes: Array<{ code: number; reason: string }> = [];
      const otherCloses: number[] = [];
      const sub = collect<Added>(p.ws({ token, onClosed: (e) => closes.push({ code: e.code, reason: e.reason }) }), {
        query: ADDED,
        variables: { id: conversation.id, after: 0 },
      });
      const otherSub = collect<Added>(p.ws({ token: other.token, onClosed: (e) => otherCloses.push(e.code) }), {
        query: ADDED,
        variables: { id: other.conversation.id, after: 0 },
      });
      await p.gql(SEND, { id: conversation.id, b: 'hello' }, { token });
      await p.gql(SEND, { id: other.conversation.id, b: 'hello' }, { token: other.token });
      await sub.waitFor(1);
      await otherSub.waitFor(1);
      await new Promise((r) => setTimeout(r, 300)); // several rechecks: valid sessions stay open
      expect(closes).toEqual([]);
      // The token is `<prefix><session id>.<secret>`.
      const sessionId = /([0-9a-f-]{36})\./.exec(token)![1];
      const revoked = await access.db().query<{ id: string }>('UPDATE keeper_core.sessions SET revoked_at = now() WHERE id = $1::uuid RETURNING id', [sessionId]);
      expect(revoked).toHaveLength(1);
      await expect.poll(() => closes, { timeout: 3000, interval: 50 }).toEqual([{ code: 4401, reason: 'Session revoked: sign in again' }]);
      expect(otherCloses).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('shows agents online while connected and serves Prometheus metrics', async () => {
    const presences = async () =>
      (await platform.gql<{ agentPresences: Array<{ status: string }> }>('{ agentPresences { agentId status } }', {}, { token: admin })).data!.agentPresences;
    await expect.poll(async () => (await presences()).map((p) => p.status)).toContain('online');
    const metrics = await (await fetch(`${platform.url}/metrics`)).text();
    expect(metrics).toMatch(/keeper_hub_connections/);
  });

  it('serves plugins that use ctx.pubsub and the realtime service, with publishes made over HTTP', async () => {
    const sub = collect<{ pinged: string }>(platform.ws({ token: admin }), { query: 'subscription { pinged }' });
    await expect
      .poll(async () => {
        await platform.gql('mutation { ping(text: "over http") }', {}, { token: admin });
        return sub.values.length;
      })
      .toBeGreaterThan(0);
    expect(sub.values[0]!.data!.pinged).toBe('over http');
    await platform.gql('mutation { announce(text: "from a service") }', {}, { token: admin });
    await expect.poll(() => sub.values.map((v) => v.data!.pinged)).toContain('announced from a service');
  });
});
