import { ShopifyCostLimiter } from '@keeper/commerce';
import { capturingLogger, defineAdapterContract } from '@keeper/commerce/testing';
import { expect } from 'vitest';
import { ShopifyAdapter, type ShopifyAdapterOptions } from '../src/adapter.js';
import { signedWebhook } from '../src/testing/webhook-helpers.js';
import { fakeShopify, TOKEN } from '../src/testing/fake-shopify.js';

const WEBHOOK_SECRET = 'shpss_webhook_secret_fake';

defineAdapterContract({
  platform: 'shopify',
  async setup() {
    const fake = await fakeShopify({ capacity: 300, restoreRate: 600 });
    const logs: unknown[] = [];
    const make = (overrides: Partial<ShopifyAdapterOptions> = {}) =>
      new ShopifyAdapter({
        shop: 'keeper-test',
        baseUrl: fake.url,
        accessToken: TOKEN,
        webhookSecret: WEBHOOK_SECRET,
        pageSize: 2,
        catalogPageSize: 3,
        variantsPerProduct: 2,
        timeoutMs: 250,
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
        breaker: { failureThreshold: 3, resetAfterMs: 60_000 },
        // Half of the fake bucket: headroom for arrival jitter, as two Keeper nodes sharing a store would use.
        rateLimiter: new ShopifyCostLimiter({ maximumAvailable: 100, restoreRate: 300, share: 0.5 }),
        logger: capturingLogger(logs),
        ...overrides,
      });
    return { fake, adapter: make(), badCredentials: make({ accessToken: 'shpat_wrong_token_value' }), secrets: [TOKEN, 'shpat_wrong_token_value', WEBHOOK_SECRET], logs };
  },
  fixture: {
    customer: { query: { email: 'ann@example.com' }, externalId: 'gid://shopify/Customer/1' },
    manyOrders: { list: { customerId: 'gid://shopify/Customer/1' }, count: 5, pageSize: 2, listPath: /graphql\.json$/ },
    noOrders: { list: { customerId: 'gid://shopify/Customer/2' } },
    order: {
      id: 'gid://shopify/Order/5001',
      number: '#1001',
      check: (order) => {
        expect(order).toMatchObject({
          number: '#1001',
          status: 'shipped',
          rawStatus: 'PAID/FULFILLED',
          placedAt: '2024-01-10T08:00:00Z',
          customerExternalId: 'gid://shopify/Customer/1',
          total: { amount: '59.97', currency: 'USD' },
          note: 'Gift wrap',
          tags: ['vip'],
          adminUrl: 'https://keeper-test.myshopify.com/admin/orders/5001',
        });
        expect(order.lineItems[0]).toEqual({ sku: 'TEE-BLK-XL', title: 'T-shirt', quantity: 2, unitPrice: { amount: '19.99', currency: 'USD' }, total: { amount: '39.98', currency: 'USD' }, variant: 'Black / XL' });
        expect(order.shipments).toEqual([
          { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784', status: 'IN_TRANSIT', shippedAt: '2024-01-11T09:00:00Z' },
        ]);
      },
    },
    missingOrder: { id: 'gid://shopify/Order/999999', number: '#9999' },
    sku: {
      sku: 'TEE-BLK-XL',
      check: (skus) => expect(skus).toEqual([{ system: 'shopify', externalId: 'gid://shopify/ProductVariant/77', sku: 'TEE-BLK-XL', title: 'Black / XL', productTitle: 'T-shirt', price: { amount: '19.99', currency: 'USD' }, inventory: 4 }]),
    },
    catalog: {
      count: 7,
      pageSize: 3,
      listPath: /graphql\.json$/,
      check: (products) => {
        expect(products.map((p) => p.title)).not.toContain('Cap');
        const jacket = products.find((p) => p.externalId === 'gid://shopify/Product/11');
        expect(jacket).toMatchObject({
          title: '轻暖连帽羽绒服',
          brand: '北岭/Northridge',
          category: ['Apparel & Accessories', 'Clothing', 'Outerwear', 'Coats & Jackets', '羽绒服'],
          updatedAt: '2024-06-01T08:00:00Z',
        });
        // Four variants, two per page query: the adapter completed the product with a follow-up query.
        expect(jacket?.skus.map((s) => [s.sku, s.attributes, s.price?.amount, s.inventory])).toEqual([
          ['NR-DJ-PK-L', { 颜色: '樱花粉', 尺码: 'L' }, '599.00', 3],
          ['NR-DJ-PK-XL', { 颜色: '樱花粉', 尺码: 'XL' }, '599.00', 5],
          ['NR-DJ-BK-L', { 颜色: '曜石黑', 尺码: 'L' }, '599.00', 0],
          ['NR-DJ-BK-XL', { 颜色: '曜石黑', 尺码: 'XL' }, '629.00', null],
        ]);
        expect(products.find((p) => p.title === 'Mug')?.skus).toEqual([
          { system: 'shopify', externalId: 'gid://shopify/ProductVariant/1201', sku: 'MUG-1', title: null, attributes: {}, price: { amount: '10.00', currency: 'USD' }, inventory: 25 },
        ]);
        expect(products.find((p) => p.title === 'Socks')?.skus.map((s) => s.sku)).toEqual(['SOCK-1', 'gid://shopify/ProductVariant/1302']);
      },
    },
  },
  webhook: () => signedWebhook(WEBHOOK_SECRET),
  rateLimit: { concurrent: 14, retryAfterMs: 150 },
});
