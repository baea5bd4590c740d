import { TokenBucketLimiter } from '@keeper/commerce';
import type { FakeServer } from '@keeper/commerce/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { WooCommerceAdapter } from '../src/adapter.js';
import { fakeWoo, KEY, SECRET } from './fake-woo.js';

let fake: FakeServer;
afterEach(async () => fake?.close());

async function adapter(extra: Partial<ConstructorParameters<typeof WooCommerceAdapter>[0]> = {}) {
  fake = await fakeWoo({ capacity: 100, refillPerSecond: 100 });
  return new WooCommerceAdapter({ baseUrl: fake.url, consumerKey: KEY, consumerSecret: SECRET, pageSize: 3, timeoutMs: 500, rateLimiter: new TokenBucketLimiter({ capacity: 50, ratePerSecond: 100 }), ...extra });
}

describe('WooCommerce specifics', () => {
  it('finds guest orders by exact billing email and reports X-WP-Total for customer lists', async () => {
    const woo = await adapter();
    const byEmail = await woo.listOrders({ email: 'ann@example.com', first: 50 });
    expect(byEmail.items.map((o) => o.externalId)).toContain('200');
    const byCustomer = await woo.listOrders({ customerId: '11', first: 2 });
    expect(byCustomer.total).toBe(7);
  });

  it('can authenticate with query parameters for servers that drop Authorization', async () => {
    const woo = await adapter({ authMode: 'query' });
    expect((await woo.getOrder({ id: '101' }))?.number).toBe('101');
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('writes private order notes', async () => {
    const woo = await adapter();
    const note = await woo.addNote({ orderId: '101', body: 'Called the shopper' });
    expect(note).toMatchObject({ externalId: '9001', orderExternalId: '101', body: 'Called the shopper', createdAt: '2024-02-01T00:00:00Z' });
    expect(fake.requests.at(-1)?.body).toEqual({ note: 'Called the shopper', customer_note: false });
  });

  it('refuses plain-HTTP sites outside loopback so the secret never travels in clear text', () => {
    expect(() => new WooCommerceAdapter({ baseUrl: 'http://shop.example.com', consumerKey: KEY, consumerSecret: SECRET })).toThrow(/https/);
  });

  it('lists products changed since a time as UTC, and reads the category tree once per few minutes', async () => {
    const woo = await adapter();
    const changed = await woo.listProducts({ first: 50, updatedSince: '2024-06-01T10:00:00+02:00' });
    expect(changed.items.map((p) => p.title)).toEqual(['连帽羽绒服', 'Cap']);
    const sent = fake.requests.find((r) => r.path.endsWith('/products') && r.query.get('status') === 'publish');
    expect(Object.fromEntries(sent!.query)).toMatchObject({ modified_after: '2024-06-01T08:00:00', dates_are_gmt: 'true', orderby: 'id', order: 'asc', status: 'publish' });
    await woo.listProducts({ first: 50 });
    expect(fake.count(/\/products\/categories$/)).toBe(1);
  });

  it('takes the brand from a configured attribute when the shop has no Brands', async () => {
    const woo = await adapter({ brandAttribute: 'Material' });
    const page = await woo.listProducts({ first: 1 });
    expect(page.items[0]).toMatchObject({ externalId: '501', brand: 'Keeper Basics' });
    const jacket = (await woo.listProducts({ first: 1, after: page.nextCursor })).items[0];
    // 品牌 is no longer the brand attribute, so it is an ordinary product attribute.
    expect(jacket).toMatchObject({ externalId: '510', brand: null, attributes: { 品牌: '北岭' } });
  });
});
