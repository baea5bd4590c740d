import { ContentRejectedError, definePlugin, type EventMap, type EventName } from '@keeper/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../src/index.js';
import { dialects } from './dialects.js';

const ADMIN = { email: 'boss@shop.test', password: 'admin password 1' };
const events: Array<{ name: EventName; payload: unknown }> = [];

const recorder = definePlugin({
  name: 'test-event-recorder',
  version: '1.0.0',
  core: '*',
  create: () => {
    const record = (name: EventName) => (payload: unknown) => void events.push({ name, payload });
    return {
      events: {
        'message.created': record('message.created'),
        'conversation.opened': record('conversation.opened'),
        'conversation.assigned': record('conversation.assigned'),
        'conversation.transferred': record('conversation.transferred'),
        'conversation.closed': record('conversation.closed'),
        'conversation.reopened': record('conversation.reopened'),
        'customer.identified': record('customer.identified'),
      },
      interceptors: {
        'message.beforeCreate': (draft) => {
          if (draft.body.includes('刷单')) throw new ContentRejectedError('Messages about fake orders are not allowed');
          return draft;
        },
      },
    };
  },
});

function eventsNamed<K extends EventName>(name: K): Array<EventMap[K]> {
  return events.filter((e) => e.name === name).map((e) => e.payload as EventMap[K]);
}

describe.each(await dialects())('auth and conversation lifecycle on $name', (dialect) => {
  let platform: TestPlatform;
  let drop: () => Promise<void>;
  let admin: string;

  const login = (email: string, password: string) =>
    platform.gql<{ agentLogin: { token: string; agent: { id: string } } }>(
      'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token agent { id } } }',
      { e: email, p: password },
    );

  async function createAgent(email: string, role: string, maxConcurrent = 5) {
    const created = await platform.gql<{ createAgent: { id: string } }>(
      'mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }',
      { i: { email, name: email.split('@')[0], password: 'agent password', role, maxConcurrent } },
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    const session = await login(email, 'agent password');
    return { id: created.data!.createAgent.id, token: session.data!.agentLogin.token };
  }

  async function startConversation(email: string) {
    const r = await platform.gql<{ startConversation: { token: string; conversation: { id: string } } }>(
      'mutation($i: StartConversationInput) { startConversation(input: $i) { token conversation { id } } }',
      { i: { email, message: 'where is my order?' } },
    );
    expect(r.errors).toBeUndefined();
    return r.data!.startConversation;
  }

  beforeAll(async () => {
    const opened = await dialect.open();
    drop = opened.drop;
    platform = await createTestPlatform({
      plugins: [recorder()],
      config: { database: opened.database, auth: { bootstrapAdmin: ADMIN, loginAttempts: 3, customerSessionTtlSeconds: 1 }, limits: { queryDepth: 5 } },
    });
    admin = (await login(ADMIN.email, ADMIN.password)).data!.agentLogin.token;
  });

  afterAll(async () => {
    await platform?.close();
    await drop?.();
  });

  // PostgreSQL only: an embedded PGlite database belongs to one process, so nodes cannot share it.
  if (dialect.name === 'postgres') it('creates one bootstrap admin when nodes boot together on one database', async () => {
    const opened = await dialect.open();
    try {
      const boot = () => createTestPlatform({ config: { database: opened.database, auth: { bootstrapAdmin: ADMIN } } });
      const nodes = await Promise.all([boot(), boot(), boot()]);
      try {
        for (const node of nodes) {
          const session = await node.gql<{ agentLogin: { token: string } }>(
            'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }',
            { e: ADMIN.email, p: ADMIN.password },
          );
          expect(session.errors).toBeUndefined();
          const agents = await node.gql('{ agents { email name role active } }', {}, { token: session.data!.agentLogin.token });
          expect(agents.data).toEqual({ agents: [{ email: ADMIN.email, name: 'Administrator', role: 'admin', active: true }] });
        }
      } finally {
        await Promise.all(nodes.map((node) => node.close()));
      }
    } finally {
      await opened.drop();
    }
  });

  it('rate-limits failed logins per account', async () => {
    await createAgent('target@shop.test', 'agent');
    for (let i = 0; i < 3; i++) expect((await login('target@shop.test', 'wrong')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const limited = await login('target@shop.test', 'agent password');
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('revokes a token on logout', async () => {
    const { token } = await createAgent('leaver@shop.test', 'agent');
    expect((await platform.gql('{ me { kind } }', {}, { token })).data).toEqual({ me: { kind: 'agent' } });
    expect((await platform.gql('mutation { logout }', {}, { token })).data).toEqual({ logout: true });
    const after = await platform.gql('{ conversations { edges { node { id } } } }', {}, { token });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('expires shopper tokens', async () => {
    const shopper = await startConversation('expiring@example.com');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const r = await platform.gql('query($id: ID!) { conversation(id: $id) { id } }', { id: shopper.conversation.id }, { token: shopper.token });
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a message an interceptor refuses, storing nothing', async () => {
    const shopper = await startConversation('fraud@example.com');
    const r = await platform.gql('mutation($id: ID!) { sendMessage(conversationId: $id, body: "我们可以刷单吗") { id } }', { id: shopper.conversation.id }, { token: admin });
    expect(r.errors?.[0]).toMatchObject({ message: 'Messages about fake orders are not allowed', extensions: { code: 'CONTENT_REJECTED' } });
    const page = await platform.gql<{ conversation: { lastSeq: number } }>('query($id: ID!) { conversation(id: $id) { lastSeq } }', { id: shopper.conversation.id }, { token: admin });
    expect(page.data!.conversation.lastSeq).toBe(1);
  });

  it('assigns, transfers, closes and reopens with the right permissions and events after commit', async () => {
    const alice = await createAgent('alice@shop.test', 'agent');
    const bob = await createAgent('bob@shop.test', 'agent', 1);
    const shopper = await startConversation('lifecycle@example.com');
    const id = shopper.conversation.id;
    type C = { id: string; status: string; assignee: { id: string } | null };
    const mutate = (query: string, token: string, vars: Record<string, unknown> = {}) =>
      platform.gql<Record<string, C>>(query, { id, ...vars }, { token });

    // An agent may claim an unassigned conversation for themselves, not give it to someone else.
    expect((await mutate('mutation($id: ID!, $a: ID) { assignConversation(conversationId: $id, agentId: $a) { id } }', alice.token, { a: bob.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const claimed = await mutate('mutation($id: ID!, $a: ID) { assignConversation(conversationId: $id, agentId: $a) { id assignee { id } } }', alice.token, { a: alice.id });
    expect(claimed.data!.assignConversation!.assignee?.id).toBe(alice.id);
    // Bob no longer sees it: it is Alice's.
    expect((await mutate('query($id: ID!) { conversation(id: $id) { id } }', bob.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const transferred = await mutate('mutation($id: ID!, $to: ID!) { transferConversation(conversationId: $id, toAgentId: $to, note: "VIP") { assignee { id } } }', alice.token, { to: bob.id });
    expect(transferred.data!.transferConversation!.assignee?.id).toBe(bob.id);
    // Bob is at capacity (max 1): another conversation cannot be given to him.
    const other = await startConversation('other@example.com');
    const full = await platform.gql('mutation($id: ID!, $a: ID) { assignConversation(conversationId: $id, agentId: $a) { id } }', { id: other.conversation.id, a: bob.id }, { token: admin });
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agentId' });

    expect((await mutate('mutation($id: ID!) { closeConversation(conversationId: $id) { status } }', bob.token)).data).toEqual({ closeConversation: { status: 'closed' } });
    // A shopper writing to a closed conversation opens it again.
    await platform.gql('mutation($id: ID!) { sendMessage(conversationId: $id, body: "still there?") { seq } }', { id }, { token: shopper.token });
    expect((await mutate('query($id: ID!) { conversation(id: $id) { status } }', admin)).data).toEqual({ conversation: { status: 'open' } });
    await mutate('mutation($id: ID!) { closeConversation(conversationId: $id) { status } }', admin);
    expect((await mutate('mutation($id: ID!) { reopenConversation(conversationId: $id) { status } }', admin)).data).toEqual({ reopenConversation: { status: 'open' } });

    await platform.platform.hooks.drain();
    const mine = <K extends EventName>(name: K) => eventsNamed(name).filter((e) => (e as { conversation?: { id: string } }).conversation?.id === id);
    expect(mine('conversation.opened')).toHaveLength(1);
    expect(mine('conversation.assigned').map((e) => e.agentId)).toEqual([alice.id]);
    expect(mine('conversation.transferred').map((e) => [e.fromAgentId, e.toAgentId, e.note])).toEqual([[alice.id, bob.id, 'VIP']]);
    expect(mine('conversation.closed')).toHaveLength(2);
    expect(mine('conversation.reopened')).toHaveLength(2);
    expect(mine('message.created').map((e) => e.message.seq)).toEqual([1, 2]);
    expect(eventsNamed('customer.identified').some((e) => e.customer.email === 'lifecycle@example.com')).toBe(true);
  });

  it('bounds query depth and size', async () => {
    // The suite runs with queryDepth 5.
    const shallow = await platform.gql('{ conversations(first: 1) { edges { node { id } } } }', {}, { token: admin });
    expect(shallow.errors).toBeUndefined();
    const deep = await platform.gql('{ conversations(first: 1) { edges { node { messages { edges { node { seq } } } } } } }', {}, { token: admin });
    expect(deep.errors?.[0]?.message).toMatch(/depth/i);
    const huge = await platform.gql(`{ ${Array.from({ length: 2100 }, (_, i) => `a${i}: keeper { version }`).join(' ')} }`);
    expect(huge.errors?.[0]?.message).toMatch(/too complex/);
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
