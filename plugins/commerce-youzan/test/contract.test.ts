import { TokenBucketLimiter } from '@keeper/commerce';
import { capturingLogger, defineAdapterContract } from '@keeper/commerce/testing';
import { expect } from 'vitest';
import { YouzanAdapter, type YouzanAdapterOptions } from '../src/adapter.js';
import { CLIENT_ID, CLIENT_SECRET, fakeYouzan, GRANT_ID } from './fake-youzan.js';
import { youzanPush } from './webhook-helpers.js';

defineAdapterContract({
  platform: 'youzan',
  async setup() {
    const fake = await fakeYouzan({ capacity: 10, refillPerSecond: 50 });
    const logs: unknown[] = [];
    const make = (overrides: Partial<YouzanAdapterOptions> = {}) =>
      new YouzanAdapter({
        baseUrl: fake.url,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        grantId: GRANT_ID,
        pageSize: 2,
        throttlePauseMs: 150,
        timeoutMs: 250,
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
        breaker: { failureThreshold: 3, resetAfterMs: 60_000 },
        rateLimiter: new TokenBucketLimiter({ capacity: 3, ratePerSecond: 25 }),
        logger: capturingLogger(logs),
        ...overrides,
      });
    return { fake, adapter: make(), badCredentials: make({ clientSecret: 'yz_wrong_secret_value' }), secrets: [CLIENT_SECRET, 'yz_wrong_secret_value', 'yz_token_'], logs };
  },
  fixture: {
    customer: { query: { phone: '13800138000' }, externalId: '9001' },
    manyOrders: { list: { customerId: '9001' }, count: 5, pageSize: 2, listPath: /youzan\.trades\.sold\.get/ },
    noOrders: { list: { phone: '13900000000' } },
    order: {
      id: 'E20240105000000000000001',
      number: 'E20240105000000000000001',
      check: (order) => {
        expect(order).toMatchObject({
          number: 'E20240105000000000000001',
          status: 'shipped',
          rawStatus: 'WAIT_BUYER_CONFIRM_GOODS (已发货)',
          placedAt: '2024-01-05T00:30:00.000Z',
          customerExternalId: '9001',
          phone: '13800138000',
          total: { amount: '258.50', currency: 'CNY' },
          note: '请尽快发货',
          shippingAddress: { name: '李雷', city: '杭州市', region: '浙江省', country: 'CN' },
        });
        expect(order.lineItems).toEqual([
          { sku: 'CUP-500', title: '保温杯', quantity: 2, unitPrice: { amount: '99.00', currency: 'CNY' }, total: { amount: '198.00', currency: 'CNY' }, variant: '颜色:黑色' },
          { sku: 'SLEEVE', title: '杯套', quantity: 1, unitPrice: { amount: '60.50', currency: 'CNY' }, total: { amount: '60.50', currency: 'CNY' }, variant: null },
        ]);
        expect(order.shipments).toEqual([{ carrier: '顺丰速运', trackingNumber: 'SF1234567890123', trackingUrl: null, status: null, shippedAt: '2024-01-06T01:00:00.000Z' }]);
      },
    },
    missingOrder: { id: 'E20990101000000000000000', number: 'E20990101000000000000000' },
  },
  webhook: () => youzanPush(CLIENT_ID, CLIENT_SECRET),
  rateLimit: { concurrent: 16, retryAfterMs: 150 },
});
