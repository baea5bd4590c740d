import { join } from 'node:path';
import { definePlugin, type EventMap } from '@keeper/sdk';
import { createTestPlatform, type TestPlatform } from '@keeper/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../src/index.js';
import { productNer } from '../src/plugin/plugin.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin password 1' };
const created: Array<EventMap['message.created']> = [];
const recorder = definePlugin({
  name: 'test-recorder',
  version: '1.0.0',
  core: '*',
  create: () => ({ events: { 'message.created': (e) => void created.push(e) } }),
});

let platform: TestPlatform;
let admin: string;

beforeAll(async () => {
  platform = await createTestPlatform({
    config: { auth: { bootstrapAdmin: ADMIN } },
    plugins: [productNer({ catalogFile: join(DATA_DIR, 'catalog.json') }), recorder()],
  });
  const login = await platform.gql<{ agentLogin: { token: string } }>('mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
  admin = login.data!.agentLogin.token;
}, 120_000);

afterAll(async () => {
  await platform?.close();
});

type Annotated = { sendMessage: { seq: number; annotations: Record<string, { sku: string | null; product: string | null; candidates: Array<{ price: number | null; stock: number | null }> } | undefined> } };

describe('product recognition on the real platform', () => {
  it('annotates shopper messages with the SKU, stored and in message.created; agent messages are left alone', async () => {
    const start = await platform.gql<{ startConversation: { token: string; conversation: { id: string } } }>('mutation { startConversation { token conversation { id } } }');
    const { token, conversation } = start.data!.startConversation;
    const sent = await platform.gql<Annotated>(
      'mutation($id: ID!) { sendMessage(conversationId: $id, body: "这件粉色XL码的羽绒服还有吗") { seq annotations } }',
      { id: conversation.id },
      { token },
    );
    expect(sent.errors).toBeUndefined();
    const annotation = sent.data!.sendMessage.annotations['product-ner'];
    expect(annotation?.sku).toBe('P001-04');
    expect(annotation?.candidates[0]).toMatchObject({ price: expect.any(Number), stock: expect.any(Number) });

    const stored = await platform.gql<{ messages: { edges: Array<{ node: { annotations: Record<string, unknown> } }> } }>(
      'query($id: ID!) { messages(conversationId: $id) { edges { node { annotations } } } }',
      { id: conversation.id },
      { token: admin },
    );
    expect(stored.data!.messages.edges[0]!.node.annotations['product-ner']).toEqual(annotation);
    await platform.platform.hooks.drain();
    expect(created.find((e) => e.message.conversationId === conversation.id)?.message.annotations['product-ner']).toEqual(annotation);

    const reply = await platform.gql<Annotated>(
      'mutation($id: ID!) { sendMessage(conversationId: $id, body: "粉色XL码羽绒服有的") { annotations } }',
      { id: conversation.id },
      { token: admin },
    );
    expect(reply.data!.sendMessage.annotations['product-ner']).toBeUndefined();
  });

  it('answers analyzeText for agents only', async () => {
    const ok = await platform.gql<{ analyzeText: { sku: string | null; entities: Array<{ label: string }> } }>('{ analyzeText(text: "粉色XL码羽绒服") { sku entities { label } } }', {}, { token: admin });
    expect(ok.data!.analyzeText.entities.map((e) => e.label)).toEqual(expect.arrayContaining(['COLOR', 'SIZE', 'PRODUCT']));
    const shopper = await platform.gql<{ startConversation: { token: string } }>('mutation { startConversation { token } }');
    const denied = await platform.gql('{ analyzeText(text: "粉色XL码羽绒服") { sku } }', {}, { token: shopper.data!.startConversation.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
