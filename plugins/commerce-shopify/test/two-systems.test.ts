import { commercePlugin, type CommerceRegistry } from '@keeper/commerce';
import { restCommerce } from '@keeper/commerce-rest';
import { fakeKontor, KONTOR_KEY, kontorConfig } from '@keeper/commerce-rest/testing';
import { createTestHost, type FakeServer } from '@keeper/commerce/testing';
import type { Actor, EventMap, GraphQLResolvers, ResolverContext } from '@keeper/sdk';
import Fastify from 'fastify';
import { buildSchema, type GraphQLFieldResolver, graphql, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyCommerce } from '../src/plugin.js';
import { fakeShopify, TOKEN } from '../src/testing/fake-shopify.js';

/**
 * The closest this branch can get to the end-to-end test without @keeper/core: the real plugins
 * (commerce + Shopify + a config-only ERP) booted on a stand-in host, their SDL merged onto a stand-in
 * base schema, and the agent's query executed with graphql-js. The lead's core E2E replaces the host.
 */
const base = /* GraphQL */ `
  scalar DateTime
  type Subscription { _: Boolean }
  type Query { conversation(id: ID!): Conversation }
  type Mutation { noop: Boolean }
  type Customer { id: ID! email: String phone: String }
  type Conversation { id: ID! customerId: ID! }
`;

const agent: Actor = { kind: 'agent', id: 'agent-1', role: 'agent', sessionId: 's1' };
let shopify: FakeServer;
let erp: FakeServer;
let schema: ReturnType<typeof buildSchema>;
let registry: CommerceRegistry;
let app: ReturnType<typeof Fastify>;

beforeAll(async () => {
  shopify = await fakeShopify({ capacity: 1000, restoreRate: 1000 });
  erp = await fakeKontor({ capacity: 100, refillPerSecond: 100 });
  app = Fastify();
  const host = createTestHost(app);
  const plugins = [
    commercePlugin({ cache: 'none', sourceTimeoutMs: 1_000 }),
    shopifyCommerce({ shop: 'keeper-test', baseUrl: shopify.url, accessToken: TOKEN, pageSize: 2, timeoutMs: 300, retry: { maxAttempts: 1 } }),
    restCommerce({ ...kontorConfig, baseUrl: erp.url, auth: { type: 'header', name: 'X-Kontor-Key', value: KONTOR_KEY }, timeoutMs: 300, retry: { maxAttempts: 1 } }),
  ];
  for (const plugin of plugins) await plugin.setup?.(host.context(plugin.name));
  registry = host.services.get('commerce');
  schema = buildSchema([base, ...plugins.map((p) => p.graphql?.schema ?? '')].join('\n'));
  for (const plugin of plugins) wire(schema, plugin.graphql?.resolvers ?? {});
  schema.getQueryType()!.getFields().conversation!.resolve = (_p, args) => ({ id: args.id, customerId: 'cust-ann' });

  // The shopper starts a conversation with her email: core emits conversation.opened.
  const opened = plugins[0]!.events?.['conversation.opened'];
  await opened?.({ conversation: { id: 'conv-1' }, customer: { id: 'cust-ann', name: 'Ann', email: 'ann@example.com', phone: null, externalIds: {} } } as unknown as EventMap['conversation.opened']);
});

afterAll(async () => {
  await Promise.all([shopify.close(), erp.close(), app.close()]);
});

function wire(target: ReturnType<typeof buildSchema>, resolvers: GraphQLResolvers) {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = target.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const [name, fn] of Object.entries(fields as Record<string, unknown>)) {
      const field = type.getFields()[name];
      if (field) field.resolve = fn as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}

const QUERY = /* GraphQL */ `
  { conversation(id: "conv-1") { customerOrders(first: 20) {
      nodes { id system number status placedAt total { amount currency } shipments { carrier trackingNumber } }
      sources { system status matchedBy count error { code reason } }
      errors { system code reason message }
      complete
  } } }
`;

type Result = { conversation: { customerOrders: { nodes: Array<{ system: string; number: string }>; sources: Array<{ system: string; status: string; count: number }>; errors: Array<{ system: string; code: string; reason: string }>; complete: boolean } } };
const run = async () => {
  const res = await graphql({ schema, source: QUERY, contextValue: { actor: agent, services: { has: () => false, get: () => { throw new Error('no services in this test'); } }, hooks: {} } as unknown as ResolverContext });
  expect(res.errors).toBeUndefined();
  return (res.data as unknown as Result).conversation.customerOrders;
};

describe('agent view across two systems', () => {
  it('returns the shopper\'s orders from Shopify and the ERP, tagged by source, newest first', async () => {
    const orders = await run();
    expect(orders.complete).toBe(true);
    expect(orders.sources).toEqual([
      { system: 'shopify', status: 'OK', matchedBy: 'email', count: 5, error: null },
      { system: 'kontor', status: 'OK', matchedBy: 'email', count: 5, error: null },
    ]);
    expect(orders.nodes).toHaveLength(10);
    expect(orders.nodes[0]).toMatchObject({ system: 'shopify', number: '#1005' });
    expect(orders.nodes.find((n) => n.number === 'AB-2024-0001')).toMatchObject({ system: 'kontor', status: 'SHIPPED', shipments: [{ carrier: 'DHL', trackingNumber: '00340434161234567890' }] });
    const times = orders.nodes.map((n) => Date.parse((n as unknown as { placedAt: string }).placedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(orders.nodes.map((n) => n.system))).toEqual(new Set(['shopify', 'kontor']));
    expect(registry.list().map((a) => a.system)).toEqual(['shopify', 'kontor']);
  });

  it('one system down: the other\'s orders still arrive, with a per-source UPSTREAM_UNAVAILABLE', async () => {
    erp.fault({ kind: 'down' });
    const orders = await run();
    erp.clearFaults();
    expect(orders.complete).toBe(false);
    expect(orders.nodes.map((n) => n.system)).toEqual(Array(5).fill('shopify'));
    expect(orders.errors).toEqual([expect.objectContaining({ system: 'kontor', code: 'UPSTREAM_UNAVAILABLE', reason: 'network' })]);
    expect(orders.sources.find((s) => s.system === 'kontor')).toMatchObject({ status: 'ERROR', count: 0 });
  });
});
