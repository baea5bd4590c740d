import { TokenBucketLimiter } from '@keeper/commerce';
import { capturingLogger, defineAdapterContract } from '@keeper/commerce/testing';
import { expect } from 'vitest';
import { WooCommerceAdapter, type WooAdapterOptions } from '../src/adapter.js';
import { fakeWoo, KEY, SECRET } from './fake-woo.js';
import { wooDelivery } from './webhook-helpers.js';

const WEBHOOK_SECRET = 'woo-webhook-secret-value';

defineAdapterContract({
  platform: 'woocommerce',
  async setup() {
    const fake = await fakeWoo({ capacity: 10, refillPerSecond: 50 });
    const logs: unknown[] = [];
    const make = (overrides: Partial<WooAdapterOptions> = {}) =>
      new WooCommerceAdapter({
        baseUrl: fake.url,
        consumerKey: KEY,
        consumerSecret: SECRET,
        webhookSecret: WEBHOOK_SECRET,
        pageSize: 3,
        timeoutMs: 250,
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
        breaker: { failureThreshold: 3, resetAfterMs: 60_000 },
        rateLimiter: new TokenBucketLimiter({ capacity: 3, ratePerSecond: 25 }),
        logger: capturingLogger(logs),
        ...overrides,
      });
    return { fake, adapter: make(), badCredentials: make({ consumerSecret: 'cs_wrong_secret_value' }), secrets: [KEY, SECRET, 'cs_wrong_secret_value', WEBHOOK_SECRET], logs };
  },
  fixture: {
    customer: { query: { email: 'ann@example.com' }, externalId: '11' },
    manyOrders: { list: { customerId: '11' }, count: 7, pageSize: 3, listPath: /\/orders$/ },
    noOrders: { list: { customerId: '12' } },
    order: {
      id: '101',
      number: '#101',
      check: (order) => {
        expect(order).toMatchObject({
          number: '101',
          status: 'completed',
          rawStatus: 'completed',
          customerExternalId: '11',
          email: 'ann@example.com',
          total: { amount: '59.90', currency: 'EUR' },
          note: 'Leave at the door',
          shippingAddress: { city: 'Berlin', country: 'DE', name: 'Ann Lee' },
        });
        expect(order.placedAt).toMatch(/^2024-01-\d\dT10:00:00\.000Z$/);
        expect(order.lineItems[0]).toEqual({ sku: 'HOOD-M', title: 'Hoodie', quantity: 2, unitPrice: { amount: '24.95', currency: 'EUR' }, total: { amount: '49.90', currency: 'EUR' }, variant: 'Size: M' });
        expect(order.shipments).toEqual([
          { carrier: 'DHL', trackingNumber: 'JD014600006281234567', trackingUrl: 'https://www.dhl.de/track?id=JD014600006281234567', status: null, shippedAt: '2024-01-25T00:00:00.000Z' },
        ]);
      },
    },
    missingOrder: { id: '999', number: '999' },
    sku: {
      sku: 'HOOD-M',
      check: (skus) => expect(skus).toEqual([{ system: 'woocommerce', externalId: '501', sku: 'HOOD-M', title: 'Hoodie', productTitle: 'Hoodie', price: { amount: '24.95', currency: 'EUR' }, inventory: 7 }]),
    },
    catalog: {
      count: 7,
      pageSize: 3,
      listPath: /\/products$/,
      check: (products) => {
        expect(products.map((p) => p.externalId)).toEqual(['501', '510', '520', '530', '550', '560', '570']);
        const jacket = products.find((p) => p.externalId === '510');
        expect(jacket).toMatchObject({ title: '连帽羽绒服', brand: '北岭', category: ['服装', '外套', '羽绒服'], attributes: {}, updatedAt: '2024-06-01T08:00:00.000Z' });
        // The private variation is left out; "any size" in black has no size attribute.
        expect(jacket?.skus.map((s) => [s.externalId, s.sku, s.attributes, s.price, s.inventory])).toEqual([
          ['511', 'NR-DJ-PK-L', { 颜色: '樱花粉', 尺码: 'L' }, { amount: '599.00', currency: 'EUR' }, 3],
          ['512', 'NR-DJ-PK-XL', { 颜色: '樱花粉', 尺码: 'XL' }, { amount: '599.00', currency: 'EUR' }, 5],
          ['513', 'NR-DJ-BK', { 颜色: '曜石黑' }, { amount: '629.00', currency: 'EUR' }, null],
        ]);
        expect(products.find((p) => p.externalId === '501')).toMatchObject({
          brand: 'Keeper Basics',
          category: ['服装', 'Hoodies'],
          attributes: { Size: 'M', Material: 'Cotton/Polyester' },
          skus: [{ externalId: '501', sku: 'HOOD-M', title: null, attributes: { Size: 'M' }, price: { amount: '24.95', currency: 'EUR' }, inventory: 7 }],
        });
        expect(products.find((p) => p.externalId === '520')?.skus).toEqual([]);
        expect(products.find((p) => p.externalId === '530')?.skus[0]?.sku).toBe('530');
      },
    },
  },
  webhook: () => wooDelivery(WEBHOOK_SECRET),
  rateLimit: { concurrent: 16, retryAfterMs: 150 },
});
