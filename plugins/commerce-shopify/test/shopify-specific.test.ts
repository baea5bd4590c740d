import { ShopifyCostLimiter } from '@keeper/commerce';
import type { FakeServer } from '@keeper/commerce/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ShopifyAdapter } from '../src/adapter.js';
import { estimateCost } from '../src/queries.js';
import { fakeShopify, TOKEN } from '../src/testing/fake-shopify.js';

let fake: FakeServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function adapter() {
  fake = await fakeShopify({ capacity: 2000, restoreRate: 1000 });
  return new ShopifyAdapter({ shop: 'keeper-test', baseUrl: fake.url, accessToken: TOKEN, timeoutMs: 500, rateLimiter: new ShopifyCostLimiter({ maximumAvailable: 1000, restoreRate: 500 }) });
}

describe('Shopify specifics', () => {
  it('searches products by title and returns their variants with shop-currency prices', async () => {
    const shop = await adapter();
    const products = await shop.searchProducts('t-shirt');
    expect(products).toEqual([
      {
        system: 'shopify',
        externalId: 'gid://shopify/Product/7',
        title: 'T-shirt',
        skus: [{ system: 'shopify', externalId: 'gid://shopify/ProductVariant/77', sku: 'TEE-BLK-XL', title: 'Black / XL', productTitle: 'T-shirt', price: { amount: '19.99', currency: 'USD' }, inventory: 4 }],
      },
    ]);
    expect(await shop.searchProducts('kettle')).toEqual([]);
  });

  it('sends the token header, named operations and quoted search values', async () => {
    const shop = await adapter();
    await shop.listOrders({ email: 'ann+vip@example.com', first: 1 });
    const last = fake!.requests.at(-1)!;
    expect(last.headers['x-shopify-access-token']).toBe(TOKEN);
    expect(last.path).toBe('/admin/api/2025-01/graphql.json');
    expect(last.body).toMatchObject({ operationName: 'KeeperOrders', variables: { query: 'email:"ann+vip@example.com"', first: 10 } });
  });

  it('accepts numeric ids and "1001" without the hash', async () => {
    const shop = await adapter();
    expect((await shop.getOrder({ id: '5001' }))?.number).toBe('#1001');
    expect((await shop.getOrder({ number: '1001' }))?.externalId).toBe('gid://shopify/Order/5001');
    expect((await shop.findCustomers({ id: '1' }))[0]?.email).toBe('ann@example.com');
  });

  it('lists only products changed since a time, sending the search the Admin API understands', async () => {
    const shop = await adapter();
    const page = await shop.listProducts({ first: 50, updatedSince: '2024-06-01T08:00:00+00:00' });
    expect(page.items.map((p) => p.title)).toEqual(['轻暖连帽羽绒服', 'Water bottle']);
    const sent = fake!.requests.find((r) => (r.body as { operationName?: string }).operationName === 'KeeperCatalog');
    expect(sent?.body).toMatchObject({ variables: { query: "status:active updated_at:>='2024-06-01T08:00:00.000Z'", first: 10, variants: 40 } });
    await expect(shop.listProducts({ first: 5, updatedSince: 'last tuesday' })).rejects.toMatchObject({ reason: 'bad_request', message: expect.stringContaining('updatedSince is not a date') });
  });

  it('keeps a default catalog page under Shopify\'s 1000-point single-query limit', () => {
    expect(estimateCost('catalog', 10, 40)).toBeLessThanOrEqual(1000);
  });
});
