import { TokenBucketLimiter } from '@keeper/commerce';
import { capturingLogger, defineAdapterContract } from '@keeper/commerce/testing';
import { expect } from 'vitest';
import { RestAdapter } from '../src/adapter.js';
import { fakeKontor, KONTOR_KEY, kontorConfig } from '../src/testing/fake-kontor.js';
import { kontorDelivery } from '../src/testing/webhook-helpers.js';

defineAdapterContract({
  platform: 'rest (Kontor ERP config)',
  async setup() {
    const fake = await fakeKontor({ capacity: 10, refillPerSecond: 50 });
    const logs: unknown[] = [];
    const make = (key: string) =>
      new RestAdapter(
        { ...kontorConfig, baseUrl: fake.url, auth: { type: 'header', name: 'X-Kontor-Key', value: key }, timeoutMs: 250, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 }, breaker: { failureThreshold: 3, resetAfterMs: 60_000 } },
        { logger: capturingLogger(logs), rateLimiter: new TokenBucketLimiter({ capacity: 3, ratePerSecond: 25 }) },
      );
    return { fake, adapter: make(KONTOR_KEY), badCredentials: make('kontor-wrong-key-000'), secrets: [KONTOR_KEY, 'kontor-wrong-key-000', 'kontor-webhook-secret-value'], logs };
  },
  fixture: {
    customer: { query: { email: 'ann@example.com' }, externalId: 'K-100' },
    manyOrders: { list: { customerId: 'K-100' }, count: 5, pageSize: 2, listPath: /\/kunden\/K-100\/auftraege$/ },
    noOrders: { list: { customerId: 'K-200' } },
    order: {
      id: '77001',
      number: 'AB-2024-0001',
      check: (order) => {
        expect(order).toMatchObject({
          system: 'kontor',
          number: 'AB-2024-0001',
          status: 'shipped',
          rawStatus: 'VERSANDT',
          placedAt: '2024-03-09T08:15:00.000Z',
          customerExternalId: 'K-100',
          email: 'ann@example.com',
          total: { amount: '119.90', currency: 'EUR' },
          note: 'Bitte klingeln',
        });
        expect(order.lineItems).toEqual([
          { sku: 'HOOD-M', title: 'Kapuzenpullover', quantity: 2, unitPrice: { amount: '49.95', currency: 'EUR' }, total: { amount: '99.90', currency: 'EUR' }, variant: 'M / Grau' },
          { sku: 'SOCK-1', title: 'Socken', quantity: 1, unitPrice: { amount: '20.00', currency: 'EUR' }, total: { amount: '20.00', currency: 'EUR' }, variant: null },
        ]);
        expect(order.shipments).toEqual([
          { carrier: 'DHL', trackingNumber: '00340434161234567890', trackingUrl: 'https://www.dhl.de/de/privatkunden.html?piececode=00340434161234567890', status: null, shippedAt: '2024-03-10T15:00:00.000Z' },
        ]);
      },
    },
    missingOrder: { id: '99999', number: 'AB-2099-9999' },
    sku: {
      sku: 'HOOD-M',
      check: (skus) => expect(skus).toEqual([{ system: 'kontor', externalId: 'A-9', sku: 'HOOD-M', title: 'Kapuzenpullover M', productTitle: null, price: { amount: '49.95', currency: 'EUR' }, inventory: 12 }]),
    },
    catalog: {
      count: 5,
      pageSize: 2,
      listPath: /\/artikelstamm$/,
      check: (products) => {
        expect(products.map((p) => p.externalId)).toEqual(['A-100', 'A-200', 'A-300', 'A-400', 'A-500']);
        expect(products[0]).toEqual({
          system: 'kontor',
          externalId: 'A-100',
          title: 'Kapuzenpullover',
          brand: 'Kontor Basics',
          category: ['Bekleidung', 'Oberteile', 'Kapuzenpullover'],
          // Non-scalar values (a list of certificates) are left out rather than stringified.
          attributes: { Material: 'Baumwolle', Waschtemperatur: '30' },
          updatedAt: '2024-05-01T09:00:00.000Z',
          skus: [
            { system: 'kontor', externalId: 'A-9', sku: 'HOOD-M', title: 'Kapuzenpullover M', attributes: { Größe: 'M', Farbe: 'Grau' }, price: { amount: '49.95', currency: 'EUR' }, inventory: 12 },
            { system: 'kontor', externalId: 'A-10', sku: 'HOOD-L', title: 'Kapuzenpullover L', attributes: { Größe: 'L', Farbe: 'Grau' }, price: { amount: '49.95', currency: 'EUR' }, inventory: 0 },
          ],
        });
        expect(products[1]).toMatchObject({ brand: null, category: ['Bekleidung', 'Socken'] });
        expect(products[2]?.skus[0]).toMatchObject({ sku: 'MUG-1', attributes: {}, inventory: null });
      },
    },
  },
  webhook: () => kontorDelivery('kontor-webhook-secret-value'),
  rateLimit: { concurrent: 16, retryAfterMs: 150 },
});
