import { createTestPlatform, type TestPlatform } from '@keeper/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sensitiveWords } from '../src/index.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin password 1' };
let platform: TestPlatform;
let admin: string;
let shopper: { token: string; id: string };

const SEND = 'mutation($id: ID!, $b: String!) { sendMessage(conversationId: $id, body: $b) { seq body annotations } }';
type Sent = { sendMessage: { seq: number; body: string; annotations: Record<string, unknown> } };

beforeAll(async () => {
  platform = await createTestPlatform({
    config: { auth: { bootstrapAdmin: ADMIN } },
    plugins: [sensitiveWords({ lists: [{ name: 'shop', words: ['内部价\tpolicy\tflag'] }] })],
  });
  admin = (await platform.gql<{ agentLogin: { token: string } }>('mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password })).data!.agentLogin.token;
  const started = await platform.gql<{ startConversation: { token: string; conversation: { id: string } } }>('mutation { startConversation { token conversation { id } } }');
  shopper = { token: started.data!.startConversation.token, id: started.data!.startConversation.conversation.id };
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

describe('sensitive words on the real platform', () => {
  it('masks exactly what the shopper wrote, evasions included', async () => {
    const r = await platform.gql<Sent>(SEND, { id: shopper.id, b: '你这个傻*逼客服' }, { token: shopper.token });
    expect(r.errors).toBeUndefined();
    expect(r.data!.sendMessage.body).toBe('你这个***客服');
  });

  it('rejects with CONTENT_REJECTED and stores nothing', async () => {
    const before = await platform.gql<{ conversation: { lastSeq: number } }>('query($id: ID!) { conversation(id: $id) { lastSeq } }', { id: shopper.id }, { token: admin });
    const r = await platform.gql(SEND, { id: shopper.id, b: '加~微~信 给你便宜' }, { token: shopper.token });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONTENT_REJECTED');
    expect(r.errors?.[0]?.message.length).toBeGreaterThan(5);
    const after = await platform.gql<{ conversation: { lastSeq: number } }>('query($id: ID!) { conversation(id: $id) { lastSeq } }', { id: shopper.id }, { token: admin });
    expect(after.data!.conversation.lastSeq).toBe(before.data!.conversation.lastSeq);
  });

  it('flags into annotations agents can see, and records every hit for supervisors', async () => {
    const r = await platform.gql<Sent>(SEND, { id: shopper.id, b: '能给我内部价吗' }, { token: shopper.token });
    expect(r.data!.sendMessage.body).toBe('能给我内部价吗');
    expect(JSON.stringify(r.data!.sendMessage.annotations)).toContain('内部价');
    const audit = await platform.gql<{ sensitiveWordHits: unknown }>('{ sensitiveWordHits { edges { node { word action createdAt } } pageInfo { hasNextPage endCursor } } }', {}, { token: admin });
    expect(audit.errors).toBeUndefined();
    const text = JSON.stringify(audit.data);
    expect(text).toContain('内部价');
    expect(text).toContain('REJECT');
    const denied = await platform.gql('{ sensitiveWordHits { edges { node { word } } } }', {}, { token: shopper.token });
    expect(denied.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });

  it('lets an admin replace a list at runtime with no gap in filtering', async () => {
    const replaced = await platform.gql(
      'mutation { replaceSensitiveWordList(name: "shop", tsv: "秒杀群\\tcontact\\treject") { __typename } }',
      {},
      { token: admin },
    );
    expect(replaced.errors).toBeUndefined();
    const r = await platform.gql(SEND, { id: shopper.id, b: '进秒杀群吗' }, { token: shopper.token });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONTENT_REJECTED');
    // The bundled list is untouched by replacing "shop".
    const still = await platform.gql(SEND, { id: shopper.id, b: '刷单吗' }, { token: shopper.token });
    expect(still.errors?.[0]?.extensions?.code).toBe('CONTENT_REJECTED');
  });
});
