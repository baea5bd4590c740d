import { commercePlugin } from '@keeper/commerce';
import { restCommerce } from '@keeper/commerce-rest';
import { fakeKontor, KONTOR_KEY, kontorConfig } from '@keeper/commerce-rest/testing';
import type { FakeServer } from '@keeper/commerce/testing';
import { definePlugin, type EventMap } from '@keeper/sdk';
import { collect, createTestPlatform, type TestPlatform } from '@keeper/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyCommerce } from '../src/plugin.js';
import { fakeShopify, signedWebhook, TOKEN } from '../src/testing/index.js';

const ADMIN = { email: 'agent@shop.test', password: 'agent password 1' };
const SECRET = 'shpss_test_webhook_secret';
const updates: Array<EventMap['order.updated']> = [];

const recorder = definePlugin({
  name: 'test-order-events',
  version: '1.0.0',
  core: '*',
  create: () => ({ events: { 'order.updated': (e) => void updates.push(e) } }),
});

let shopify: FakeServer;
let erp: FakeServer;
let platform: TestPlatform;
let agentToken: string;

beforeAll(async () => {
  shopify = await fakeShopify({ capacity: 1000, restoreRate: 1000 });
  erp = await fakeKontor({ capacity: 100, refillPerSecond: 100 });
  platform = await createTestPlatform({
    config: { auth: { bootstrapAdmin: ADMIN } },
    plugins: [
      commercePlugin({ cache: 'none', sourceTimeoutMs: 1_000 }),
      shopifyCommerce({ shop: 'keeper-test', baseUrl: shopify.url, accessToken: TOKEN, webhookSecret: SECRET, pageSize: 2, timeoutMs: 300, retry: { maxAttempts: 1 } }),
      restCommerce({ ...kontorConfig, baseUrl: erp.url, auth: { type: 'header', name: 'X-Kontor-Key', value: KONTOR_KEY }, timeoutMs: 300, retry: { maxAttempts: 1 } }),
      recorder(),
    ],
  });
  const login = await platform.gql<{ agentLogin: { token: string } }>('mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
  agentToken = login.data!.agentLogin.token;
});

afterAll(async () => {
  await platform?.close();
  await Promise.all([shopify?.close(), erp?.close()]);
});

const ORDERS = /* GraphQL */ `
  query($id: ID!) { conversation(id: $id) { customerOrders(first: 20) {
    nodes { system number status }
    errors { system code }
    complete
  } } }
`;
type Orders = { conversation: { customerOrders: { nodes: Array<{ system: string; number: string }>; errors: Array<{ system: string; code: string }>; complete: boolean } } };

describe('commerce on the real platform', () => {
  it("shows the shopper's orders from two systems, and a per-source error when one is down", async () => {
    const start = await platform.gql<{ startConversation: { conversation: { id: string } } }>(
      'mutation { startConversation(input: { email: "ann@example.com", message: "where is my order?" }) { conversation { id } } }',
    );
    const id = start.data!.startConversation.conversation.id;
    // Queried at once, before any event handler ran: the resolver reads the shopper from core.
    const both = await platform.gql<Orders>(ORDERS, { id }, { token: agentToken });
    expect(both.errors).toBeUndefined();
    const orders = both.data!.conversation.customerOrders;
    expect(new Set(orders.nodes.map((o) => o.system))).toEqual(new Set(['shopify', 'kontor']));
    expect(orders.complete).toBe(true);
    expect(orders.errors).toEqual([]);

    erp.fault({ kind: 'down' });
    const partial = await platform.gql<Orders>(ORDERS, { id }, { token: agentToken });
    const result = partial.data!.conversation.customerOrders;
    expect(result.nodes.length).toBeGreaterThan(0);
    expect(result.nodes.every((o) => o.system === 'shopify')).toBe(true);
    expect(result.errors).toEqual([{ system: 'kontor', code: 'UPSTREAM_UNAVAILABLE' }]);
    expect(result.complete).toBe(false);
  });

  it('refuses shoppers and turns a signed webhook into order.updated, live on the agent\'s subscription', async () => {
    const shopper = await platform.gql<{ startConversation: { token: string; conversation: { id: string } } }>(
      'mutation { startConversation(input: { email: "ann@example.com" }) { token conversation { id } } }',
    );
    const denied = await platform.gql(ORDERS, { id: shopper.data!.startConversation.conversation.id }, { token: shopper.data!.startConversation.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const live = collect<{ orderUpdated: { system: string; orderId: string; status: string } }>(platform.ws({ token: agentToken }), {
      query: 'subscription { orderUpdated { system orderId status customerIds } }',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const hook = signedWebhook(SECRET);
    const bad = await fetch(`${platform.url}/webhooks/shopify`, { method: 'POST', headers: { ...hook.tampered.headers, 'content-type': 'application/json' }, body: hook.tampered.rawBody });
    expect(bad.status).toBe(401);
    const ok = await fetch(`${platform.url}/webhooks/shopify`, { method: 'POST', headers: { ...hook.valid.headers, 'content-type': 'application/json' }, body: hook.valid.rawBody });
    expect(ok.status).toBeLessThan(300);
    await platform.platform.hooks.drain();
    expect(updates.map((u) => [u.system, u.orderId])).toContainEqual(['shopify', hook.orderId]);
    // ...and reaches the agent's subscription live.
    await live.waitFor(1);
    expect(live.values[0]?.data?.orderUpdated).toMatchObject({ system: 'shopify', orderId: hook.orderId });
  });
});
