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
});
