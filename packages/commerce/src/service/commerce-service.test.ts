import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../cache/memory-cache.js';
import { MemoryAdapter, makeOrder } from '../testing/memory-adapter.js';
import { CommerceService } from './commerce-service.js';
import { MemoryLinkStore } from './link-store.js';
import { AdapterRegistry } from './registry.js';

const ann = { id: 'cust_1', email: 'ann@example.com', phone: '+15550001' };

function setup() {
  const shop = new MemoryAdapter('shopify', {
    customers: [{ system: 'shopify', externalId: 'gid://shopify/Customer/1', email: ann.email, phone: null, name: 'Ann', createdAt: null }],
    orders: [
      makeOrder('shopify', { externalId: 'o1', number: '#1001', customerExternalId: 'gid://shopify/Customer/1', placedAt: '2024-03-01T10:00:00Z' }),
      makeOrder('shopify', { externalId: 'o2', number: '#1002', customerExternalId: 'gid://shopify/Customer/1', placedAt: '2024-01-01T10:00:00Z' }),
    ],
    skus: [{ system: 'shopify', externalId: 'v1', sku: 'TEE-XL', title: 'XL', productTitle: 'Tee', price: { amount: '20.00', currency: 'USD' }, inventory: 3 }],
  });
  const erp = new MemoryAdapter(
    'erp',
    { orders: [makeOrder('erp', { externalId: 'E1', number: 'E20240201', email: ann.email, placedAt: '2024-02-01T00:00:00Z' })] },
    { orders: { byCustomerId: false, byEmail: true, byPhone: false, byNumber: true }, customerLookup: { byId: false, byEmail: false, byPhone: false } },
  );
  const registry = new AdapterRegistry();
  registry.register(shop);
  registry.register(erp);
  const links = new MemoryLinkStore();
  const service = new CommerceService(registry, links, { cache: new MemoryCache(), sourceTimeoutMs: 200 });
  return { shop, erp, registry, links, service };
}

describe('CommerceService.customerOrders', () => {
  it('merges orders from every system, newest first, each tagged by source', async () => {
    const { service } = setup();
    const result = await service.customerOrders(ann, 10);
    expect(result.items.map((o) => `${o.system}:${o.number}`)).toEqual(['shopify:#1001', 'erp:E20240201', 'shopify:#1002']);
    expect(result.errors).toEqual([]);
    expect(result.sources.map((s) => [s.system, s.status, s.matchedBy, s.count])).toEqual([
      ['shopify', 'ok', 'email', 2],
      ['erp', 'ok', 'email', 1],
    ]);
  });

  it('links the customer on first sight and uses the link afterwards', async () => {
    const { service, links } = setup();
    await service.customerOrders(ann, 10);
    expect((await links.links(ann.id)).map((l) => [l.system, l.externalId, l.matchedBy])).toEqual([['shopify', 'gid://shopify/Customer/1', 'email']]);
    expect(await links.customersFor('shopify', 'gid://shopify/Customer/1')).toEqual([ann.id]);
    // Without email now, the stored link still finds the orders.
    const again = await service.customerOrders({ id: ann.id }, 10);
    expect(again.items.filter((o) => o.system === 'shopify')).toHaveLength(2);
  });

  it('reports a down system as a per-source UPSTREAM_UNAVAILABLE, not as "no orders"', async () => {
    const { service, shop } = setup();
    shop.goDown('network');
    const result = await service.customerOrders(ann, 10);
    expect(result.items.map((o) => o.system)).toEqual(['erp']);
    expect(result.errors).toEqual([expect.objectContaining({ system: 'shopify', code: 'UPSTREAM_UNAVAILABLE', reason: 'network' })]);
    expect(result.sources.find((s) => s.system === 'shopify')).toMatchObject({ status: 'error', count: 0 });
  });

  it('turns a source slower than its budget into a timeout error while others answer', async () => {
    const { service, shop } = setup();
    shop.listOrders = () => new Promise(() => undefined);
    const started = Date.now();
    const result = await service.customerOrders(ann, 10);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.items.map((o) => o.system)).toEqual(['erp']);
    expect(result.errors[0]).toMatchObject({ system: 'shopify', reason: 'timeout' });
  });

  it('says not_linked when it has nothing to search by, instead of an empty success', async () => {
    const { service } = setup();
    const result = await service.customerOrders({ id: 'stranger' }, 10);
    expect(result.items).toEqual([]);
    expect(result.sources.map((s) => s.status)).toEqual(['not_linked', 'not_linked']);
  });

  it('serves repeated questions from the cache', async () => {
    const { service, shop, erp } = setup();
    await service.customerOrders(ann, 10);
    const calls = shop.calls + erp.calls;
    await service.customerOrders(ann, 5);
    expect(shop.calls + erp.calls).toBe(calls);
  });

  it('uses a customer identity learned from events when the parent has no email', async () => {
    const { service, links } = setup();
    await links.saveIdentity({ customerId: 'c9', email: ann.email, phone: null, name: null });
    const result = await service.customerOrders({ id: 'c9' }, 10);
    expect(result.items).toHaveLength(3);
  });
});

describe('CommerceService other queries', () => {
  it('finds an order by the number the shopper types', async () => {
    const { service } = setup();
    expect((await service.order('shopify', { number: '1001' }))?.externalId).toBe('o1');
    expect(await service.order('shopify', { id: 'nope' })).toBeNull();
    await expect(service.order('magento', { id: '1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('merges SKU lookups and marks systems that cannot look SKUs up', async () => {
    const { service } = setup();
    const result = await service.productBySku('TEE-XL');
    expect(result.items.map((s) => s.system)).toEqual(['shopify']);
    expect(result.sources.map((s) => s.status)).toEqual(['ok', 'ok']);
  });

  it('creates a note where the platform has no tickets, and requires an order for it', async () => {
    const { service, shop } = setup();
    const ticket = await service.createTicket('shopify', { orderId: 'o1', body: 'Customer asked to expedite' });
    expect(ticket).toMatchObject({ kind: 'note', system: 'shopify', orderExternalId: 'o1' });
    expect(shop.notes).toHaveLength(1);
    await expect(service.createTicket('shopify', { body: 'x' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('explicit links win and refuse unknown systems', async () => {
    const { service, links } = setup();
    await service.linkCustomer('c2', 'shopify', 'gid://shopify/Customer/1');
    expect((await links.links('c2'))[0]?.matchedBy).toBe('explicit');
    await expect(service.linkCustomer('c2', 'nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
