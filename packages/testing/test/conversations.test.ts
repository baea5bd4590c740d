import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, databaseAccess, type TestPlatform } from '../src/index.js';
import { dialects } from './dialects.js';

const ADMIN = { email: 'admin@shop.test', password: 'correct horse battery' };

const START = /* GraphQL */ `
  mutation Start($input: StartConversationInput) {
    startConversation(input: $input) { token conversation { id status } customer { id email } }
  }
`;
const SEND = /* GraphQL */ `
  mutation Send($id: ID!, $body: String!, $cid: String) {
    sendMessage(conversationId: $id, body: $body, clientMessageId: $cid) { id seq body authorType author { type id } conversationId createdAt annotations }
  }
`;
const MESSAGES = /* GraphQL */ `
  query Messages($id: ID!, $after: Int, $first: Int) {
    messages(conversationId: $id, afterSeq: $after, first: $first) { edges { cursor node { seq body } } pageInfo { hasNextPage endCursor } }
  }
`;

type Start = { startConversation: { token: string; conversation: { id: string; status: string }; customer: { id: string; email: string | null } } };
type Send = { sendMessage: { id: string; seq: number; body: string; authorType: string } };
type Messages = { messages: { edges: Array<{ cursor: string; node: { seq: number; body: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe.each(await dialects())('conversation domain on $name', (dialect) => {
  let platform: TestPlatform;
  let drop: () => Promise<void>;
  let adminToken: string;
  // Raw SQL, to date conversations' activity exactly.
  const access = databaseAccess();
  const db = () => access.db();

  beforeAll(async () => {
    const opened = await dialect.open();
    drop = opened.drop;
    platform = await createTestPlatform({
      plugins: [access.plugin],
      config: { database: opened.database, auth: { bootstrapAdmin: ADMIN, loginAttempts: 3 }, limits: { messageBodyMaxLength: 50, pageSizeMax: 200 } },
    });
    const login = await platform.gql<{ agentLogin: { token: string; agent: { role: string; email: string } } }>(
      'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token agent { id email name role } } }',
      { e: ADMIN.email, p: ADMIN.password },
    );
    expect(login.errors).toBeUndefined();
    expect(login.data?.agentLogin.agent).toMatchObject({ email: ADMIN.email, role: 'admin' });
    adminToken = login.data!.agentLogin.token;
  });

  afterAll(async () => {
    await platform?.close();
    await drop?.();
  });

  async function start(input: Record<string, unknown> = {}) {
    const result = await platform.gql<Start>(START, { input });
    expect(result.errors).toBeUndefined();
    return result.data!.startConversation;
  }

  it('gives 100 concurrent sends seqs 1..100 with no gap or duplicate', async () => {
    const shopper = await start({ name: 'Mei', email: 'mei@example.com' });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        platform.gql<Send>(SEND, { id: shopper.conversation.id, body: `message ${i}` }, { token: i % 2 ? shopper.token : adminToken }),
      ),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const seqs = results.map((r) => r.data!.sendMessage.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const page = await platform.gql<Messages>(MESSAGES, { id: shopper.conversation.id, first: 200 }, { token: shopper.token });
    expect(page.data!.messages.edges.map((e) => e.node.seq)).toEqual(seqs);
  });

  it('returns the original message for a repeated clientMessageId and stores nothing new', async () => {
    const shopper = await start();
    const first = await platform.gql<Send>(SEND, { id: shopper.conversation.id, body: 'hello', cid: 'c-1' }, { token: shopper.token });
    const again = await Promise.all(
      [1, 2, 3].map(() => platform.gql<Send>(SEND, { id: shopper.conversation.id, body: 'hello (retry)', cid: 'c-1' }, { token: shopper.token })),
    );
    for (const r of again) expect(r.data!.sendMessage).toEqual(first.data!.sendMessage);
    const page = await platform.gql<Messages>(MESSAGES, { id: shopper.conversation.id }, { token: shopper.token });
    expect(page.data!.messages.edges).toHaveLength(1);
  });

  it('keeps shoppers out of other conversations and reports the right codes', async () => {
    const a = await start({ email: 'a@example.com' });
    const b = await start({ email: 'b@example.com' });
    const read = await platform.gql(MESSAGES, { id: a.conversation.id }, { token: b.token });
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const write = await platform.gql(SEND, { id: a.conversation.id, body: 'intrusion' }, { token: b.token });
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await platform.gql(SEND, { id: a.conversation.id, body: 'hi' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await platform.gql(SEND, { id: a.conversation.id, body: 'hi' }, { token: `${a.token.slice(0, -4)}AAAA` });
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const inbox = await platform.gql('{ conversations { edges { node { id } } } }', {}, { token: a.token });
    expect(inbox.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await platform.gql(MESSAGES, { id: 'not-an-id' }, { token: a.token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses an over-long body with BAD_USER_INPUT and stores nothing', async () => {
    const shopper = await start();
    const result = await platform.gql(SEND, { id: shopper.conversation.id, body: 'x'.repeat(51) }, { token: shopper.token });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const page = await platform.gql<Messages>(MESSAGES, { id: shopper.conversation.id }, { token: shopper.token });
    expect(page.data!.messages.edges).toHaveLength(0);
    const tooLongStart = await platform.gql(START, { input: { email: 'long@example.com', message: 'y'.repeat(51) } });
    expect(tooLongStart.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const inbox = await platform.gql<{ conversations: { edges: Array<{ node: { customer: { email: string | null } } }> } }>(
      '{ conversations(first: 200) { edges { node { customer { email } } } } }',
      {},
      { token: adminToken },
    );
    expect(inbox.data!.conversations.edges.some((e) => e.node.customer.email === 'long@example.com')).toBe(false);
  });

  it('pages messages by afterSeq and conversations by cursor, newest activity first', async () => {
    const shopper = await start({ subject: 'paging' });
    for (let i = 1; i <= 5; i++) await platform.gql(SEND, { id: shopper.conversation.id, body: `m${i}` }, { token: shopper.token });
    const first = await platform.gql<Messages>(MESSAGES, { id: shopper.conversation.id, first: 2 }, { token: shopper.token });
    expect(first.data!.messages.edges.map((e) => e.node.body)).toEqual(['m1', 'm2']);
    expect(first.data!.messages.pageInfo).toEqual({ hasNextPage: true, endCursor: '2' });
    const rest = await platform.gql<Messages>(MESSAGES, { id: shopper.conversation.id, after: 2, first: 10 }, { token: shopper.token });
    expect(rest.data!.messages.edges.map((e) => e.node.body)).toEqual(['m3', 'm4', 'm5']);
    expect(rest.data!.messages.pageInfo.hasNextPage).toBe(false);
    const bad = await platform.gql(MESSAGES, { id: shopper.conversation.id, first: 1000 }, { token: shopper.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });

    type Inbox = { conversations: { edges: Array<{ cursor: string; node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const page1 = await platform.gql<Inbox>('{ conversations(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }', {}, { token: adminToken });
    expect(page1.data!.conversations.edges[0]!.node.id).toBe(shopper.conversation.id);
    const page2 = await platform.gql<Inbox>(
      'query($after: String) { conversations(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { after: page1.data!.conversations.pageInfo.endCursor },
      { token: adminToken },
    );
    expect(page2.data!.conversations.edges[0]!.node.id).not.toBe(shopper.conversation.id);
  });

  it('orders the inbox by last activity then id across 10-second activity slots, page by page', async () => {
    // Future times so these come first; ties (same millisecond) and both sides of slot boundaries.
    const times = [
      '2030-01-01T00:00:09.999Z',
      '2030-01-01T00:00:10.000Z',
      '2030-01-01T00:00:10.000Z',
      '2030-01-01T00:00:10.001Z',
      '2030-01-01T00:00:19.999Z',
      '2030-01-01T00:00:25.500Z',
      '2030-01-01T00:00:25.500Z',
      '2030-01-01T00:01:00.000Z',
      '2029-12-31T23:59:59.999Z',
    ];
    const ids: string[] = [];
    for (const at of times) {
      const { conversation } = await start({ subject: `slot ${at}` });
      await db().query('UPDATE keeper_core.conversations SET last_activity_at = $1::timestamptz WHERE id = $2::uuid', [at, conversation.id]);
      ids.push(conversation.id);
    }
    const expected = ids
      .map((id, i) => ({ id, at: Date.parse(times[i]!) }))
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((c) => c.id);
    type Inbox = { conversations: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const seen: string[] = [];
    let after: string | null = null;
    while (seen.length < times.length) {
      const page: Awaited<ReturnType<typeof platform.gql<Inbox>>> = await platform.gql<Inbox>(
        'query($after: String) { conversations(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after },
        { token: adminToken },
      );
      expect(page.errors).toBeUndefined();
      seen.push(...page.data!.conversations.edges.map((e) => e.node.id));
      after = page.data!.conversations.pageInfo.endCursor;
    }
    expect(seen.slice(0, times.length)).toEqual(expected);
    // The slot PostgreSQL computes is the one the cursor's bound assumes.
    const [row] = await db().query<{ slot: Date }>('SELECT activity_slot AS slot FROM keeper_core.conversations WHERE id = $1::uuid', [ids[3]]);
    expect(new Date(row!.slot).toISOString()).toBe('2030-01-01T00:00:10.000Z');
  });
});
