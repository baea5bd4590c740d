import type { Actor, GraphQLResolvers, ResolverContext } from '@keeper/sdk';
import { buildSchema, type GraphQLFieldResolver, graphql, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { commerceResolvers } from '../src/graphql/resolvers.js';
import { commerceSchema } from '../src/graphql/schema.js';
import { CommerceService } from '../src/service/commerce-service.js';
import { MemoryLinkStore } from '../src/service/link-store.js';
import { AdapterRegistry } from '../src/service/registry.js';
import { MemoryAdapter, makeOrder } from '../src/testing/memory-adapter.js';

// A stand-in for the core's base schema: just the types commerce extends.
const base = /* GraphQL */ `
  scalar DateTime
  type Subscription { _: Boolean }
  type Query { customer(id: ID!): Customer conversation(id: ID!): Conversation }
  type Mutation { noop: Boolean }
  type Customer { id: ID! email: String phone: String }
  type Conversation { id: ID! customerId: ID! }
`;

function executable(resolvers: GraphQLResolvers) {
  const schema = buildSchema(`${base}\n${commerceSchema}`);
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`no type ${typeName}`);
    for (const [fieldName, fn] of Object.entries(fields as Record<string, unknown>)) {
      const field = type.getFields()[fieldName];
      if (!field) throw new Error(`no field ${typeName}.${fieldName}`);
      field.resolve = fn as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  const query = schema.getQueryType()!.getFields();
  query.customer!.resolve = (_p, args) => ({ id: args.id, email: 'ann@example.com', phone: null });
  query.conversation!.resolve = (_p, args) => ({ id: args.id, customerId: 'cust_1' });
  return schema;
}

function setup() {
  const shop = new MemoryAdapter('shopify', {
    customers: [{ system: 'shopify', externalId: 'C1', email: 'ann@example.com', phone: null, name: 'Ann', createdAt: null }],
    orders: [
      makeOrder('shopify', {
        externalId: 'O1',
        number: '#1001',
        customerExternalId: 'C1',
        placedAt: '2024-03-01T00:00:00Z',
        status: 'shipped',
        rawStatus: 'FULFILLED',
        total: { amount: '42.00', currency: 'USD' },
        shipments: [{ carrier: 'UPS', trackingNumber: '1Z999', trackingUrl: 'https://ups.example/1Z999', status: 'SUCCESS', shippedAt: null }],
      }),
    ],
  });
  const erp = new MemoryAdapter('erp', { orders: [makeOrder('erp', { externalId: 'E1', number: 'E1', email: 'ann@example.com', placedAt: '2024-02-01T00:00:00Z' })] }, {
    orders: { byCustomerId: false, byEmail: true, byPhone: false, byNumber: true },
  });
  const registry = new AdapterRegistry();
  registry.register(shop);
  registry.register(erp);
  const links = new MemoryLinkStore();
  const service = new CommerceService(registry, links, { sourceTimeoutMs: 300 });
  return { shop, erp, service, links, schema: executable(commerceResolvers(() => service)) };
}

const agent: Actor = { kind: 'agent', id: 'a1', role: 'agent', sessionId: 's1' };
const shopper: Actor = { kind: 'customer', id: 'cust_1', conversationIds: ['conv_1'], sessionId: 's2' };
const ctx = (actor: Actor) => ({ actor, services: { has: () => false, get: () => { throw new Error('no services in this test'); } }, hooks: {} }) as unknown as ResolverContext;

const ORDERS = /* GraphQL */ `
  query { customer(id: "cust_1") { orders(first: 5) {
    nodes { id system number status rawStatus total { amount currency } shipments { carrier trackingNumber trackingUrl } }
    sources { system status count error { code reason } }
    errors { system code reason message }
    complete
  } } }
`;

describe('commerce GraphQL', () => {
  it('Customer.orders merges two systems with source tags', async () => {
    const { schema } = setup();
    const result = await graphql({ schema, source: ORDERS, contextValue: ctx(agent) });
    expect(result.errors).toBeUndefined();
    const orders = (result.data as { customer: { orders: { nodes: unknown[]; complete: boolean } } }).customer.orders;
    expect(orders.complete).toBe(true);
    expect(orders.nodes).toEqual([
      {
        id: 'shopify:O1',
        system: 'shopify',
        number: '#1001',
        status: 'SHIPPED',
        rawStatus: 'FULFILLED',
        total: { amount: '42.00', currency: 'USD' },
        shipments: [{ carrier: 'UPS', trackingNumber: '1Z999', trackingUrl: 'https://ups.example/1Z999' }],
      },
      { id: 'erp:E1', system: 'erp', number: 'E1', status: 'PAID', rawStatus: 'PAID', total: null, shipments: [] },
    ]);
  });

  it('one source down → the other still answers, with a per-source UPSTREAM_UNAVAILABLE', async () => {
    const { schema, erp } = setup();
    erp.goDown('timeout');
    const result = await graphql({ schema, source: ORDERS, contextValue: ctx(agent) });
    expect(result.errors).toBeUndefined();
    const orders = (result.data as { customer: { orders: { nodes: Array<{ system: string }>; errors: unknown[]; complete: boolean; sources: unknown[] } } }).customer.orders;
    expect(orders.nodes.map((n) => n.system)).toEqual(['shopify']);
    expect(orders.complete).toBe(false);
    expect(orders.errors).toEqual([{ system: 'erp', code: 'UPSTREAM_UNAVAILABLE', reason: 'timeout', message: 'erp: simulated timeout' }]);
    expect(orders.sources).toContainEqual({ system: 'erp', status: 'ERROR', count: 0, error: { code: 'UPSTREAM_UNAVAILABLE', reason: 'timeout' } });
  });

  it('Conversation.customerOrders uses the identity commerce learned for that customer', async () => {
    const { schema, links } = setup();
    await links.saveIdentity({ customerId: 'cust_1', email: 'ann@example.com', phone: null, name: 'Ann' });
    const result = await graphql({ schema, source: '{ conversation(id: "conv_1") { customerOrders { nodes { id } } } }', contextValue: ctx(agent) });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ conversation: { customerOrders: { nodes: [{ id: 'shopify:O1' }, { id: 'erp:E1' }] } } });
  });

  it('order(system:, number:) and productBySku, and agents only', async () => {
    const { schema } = setup();
    const byNumber = await graphql({ schema, source: '{ order(system: "shopify", number: "#1001") { id status } }', contextValue: ctx(agent) });
    expect(byNumber.data).toEqual({ order: { id: 'shopify:O1', status: 'SHIPPED' } });
    const missing = await graphql({ schema, source: '{ order(system: "shopify", id: "nope") { id } }', contextValue: ctx(agent) });
    expect(missing.data).toEqual({ order: null });
    const denied = await graphql({ schema, source: ORDERS, contextValue: ctx(shopper) });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const tooMany = await graphql({ schema, source: '{ customer(id: "c") { orders(first: 500) { complete } } }', contextValue: ctx(agent) });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('createTicket writes an order note on a platform without tickets; links can be set explicitly', async () => {
    const { schema, shop } = setup();
    const created = await graphql({
      schema,
      source: 'mutation { createTicket(input: { system: "shopify", orderId: "O1", body: "Asked to change address" }) { kind system orderExternalId body } }',
      contextValue: ctx(agent),
    });
    expect(created.data).toEqual({ createTicket: { kind: 'NOTE', system: 'shopify', orderExternalId: 'O1', body: 'Asked to change address' } });
    expect(shop.notes).toHaveLength(1);
    const linked = await graphql({
      schema,
      source: 'mutation { linkCommerceCustomer(customerId: "c7", system: "shopify", externalId: "C1") { system externalId matchedBy } }',
      contextValue: ctx(agent),
    });
    expect(linked.data).toEqual({ linkCommerceCustomer: [{ system: 'shopify', externalId: 'C1', matchedBy: 'explicit' }] });
  });
});
