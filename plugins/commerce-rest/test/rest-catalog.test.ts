import { TokenBucketLimiter } from '@keeper/commerce';
import { FakeServer } from '@keeper/commerce/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RestAdapter } from '../src/adapter.js';
import type { RestConfigInput } from '../src/config.js';
import { writeTime } from '../src/mapping.js';
import { restCommerce } from '../src/plugin.js';
import { fakeKontor, kontorConfig } from '../src/testing/fake-kontor.js';

let fake: FakeServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});
const fast = { rateLimiter: new TokenBucketLimiter({ capacity: 100, ratePerSecond: 1000 }) };
const catalogMapping = kontorConfig.mapping.catalog!;

describe('REST catalog listing', () => {
  it('sends updatedSince in the ERP\'s own time format, and leaves the parameter out of a full listing', async () => {
    fake = await fakeKontor({ capacity: 100, refillPerSecond: 100 });
    const erp = new RestAdapter({ ...kontorConfig, baseUrl: fake.url }, fast);
    const changed = await erp.listProducts({ first: 50, updatedSince: '2024-06-10T08:00:00Z' });
    expect(changed.items.map((p) => p.externalId)).toEqual(['A-400']);
    expect(fake.requests.at(-1)?.query.get('geaendertSeit')).toBe('2024-06-10 09:00:00');
    await erp.listProducts({ first: 50 });
    expect(fake.requests.at(-1)?.query.has('geaendertSeit')).toBe(false);
  });

  it('reads SKUs from a separate endpoint per product when the ERP serves them that way', async () => {
    fake = await fakeKontor({ capacity: 100, refillPerSecond: 100 });
    const { skus: _inline, ...withoutInline } = catalogMapping;
    const config: RestConfigInput = {
      ...kontorConfig,
      baseUrl: fake.url,
      endpoints: { ...kontorConfig.endpoints, catalogSkus: { path: '/api/v2/artikelstamm/{productId}/varianten', itemsPath: '$.daten[*]', paginated: false } },
      mapping: { ...kontorConfig.mapping, catalog: withoutInline },
    };
    const erp = new RestAdapter(config, fast);
    const page = await erp.listProducts({ first: 50 });
    expect(page.items[0]?.skus.map((s) => [s.sku, s.attributes])).toEqual([
      ['HOOD-M', { Größe: 'M', Farbe: 'Grau' }],
      ['HOOD-L', { Größe: 'L', Farbe: 'Grau' }],
    ]);
    expect(fake.count(/\/varianten$/)).toBe(5);
  });

  it('maps fixed attribute fields, and treats a product record without SKUs as its own SKU', async () => {
    fake = await new FakeServer({
      routes: [{ method: 'GET', path: '/items', handler: () => ({ body: [{ code: 'T1', name: 'Tee', colour: 'Pink', size: 'XL', price: 1999, qty: 3 }] }) }],
    }).start();
    const erp = new RestAdapter(
      {
        baseUrl: fake.url,
        auth: { type: 'none' },
        endpoints: { catalogProducts: { path: '/items' } },
        mapping: {
          order: { id: '$.id', status: '$.s', currency: { const: 'USD' } },
          money: 'minor',
          catalog: { id: '$.code', title: '$.name', sku: { sku: '$.code', price: '$.price', currency: { const: 'USD' }, inventory: '$.qty', attributes: { fields: { color: '$.colour', size: '$.size', fit: '$.missing' } } } },
        },
      },
      fast,
    );
    expect(erp.capabilities.catalogSync).toBe(true);
    const page = await erp.listProducts({ first: 10 });
    expect(page.items).toEqual([
      { system: 'erp', externalId: 'T1', title: 'Tee', brand: null, category: [], attributes: {}, updatedAt: null, skus: [{ system: 'erp', externalId: 'T1', sku: 'T1', title: null, attributes: { color: 'Pink', size: 'XL' }, price: { amount: '19.99', currency: 'USD' }, inventory: 3 }] },
    ]);
  });

  it('pages a list that arrives in one response by offset, instead of dropping what does not fit', async () => {
    fake = await new FakeServer({ routes: [{ method: 'GET', path: '/items', handler: () => ({ body: Array.from({ length: 5 }, (_, i) => ({ code: `T${i}`, name: `Tee ${i}` })) }) }] }).start();
    const erp = new RestAdapter({ baseUrl: fake.url, auth: { type: 'none' }, endpoints: { catalogProducts: { path: '/items' } }, mapping: { order: { id: '$.id', status: '$.s', currency: '$.c' }, catalog: { id: '$.code', title: '$.name', sku: { sku: '$.code' } } } }, fast);
    const head = await erp.listProducts({ first: 3 });
    expect(head.items.map((p) => p.externalId)).toEqual(['T0', 'T1', 'T2']);
    const tail = await erp.listProducts({ first: 3, after: head.nextCursor });
    expect(tail.items.map((p) => p.externalId)).toEqual(['T3', 'T4']);
    expect(tail.nextCursor).toBeNull();
  });

  it('reports a record the mapping cannot read as a bad response naming the field', async () => {
    fake = await new FakeServer({ routes: [{ method: 'GET', path: '/items', handler: () => ({ body: [{ name: 'no code' }] }) }] }).start();
    const erp = new RestAdapter({ baseUrl: fake.url, auth: { type: 'none' }, endpoints: { catalogProducts: { path: '/items' } }, mapping: { order: { id: '$.id', status: '$.s', currency: '$.c' }, catalog: { id: '$.code', title: '$.name', sku: { sku: '$.code' } } } }, fast);
    await expect(erp.listProducts({ first: 3 })).rejects.toMatchObject({ reason: 'bad_response', message: expect.stringContaining('$.code') });
  });

  it('refuses catalog endpoints without a catalog mapping at boot, and is not capable without them', () => {
    const { catalog: _c, ...mapping } = kontorConfig.mapping;
    expect(() => restCommerce({ ...kontorConfig, mapping })).toThrow(/mapping\.catalog/);
    const { catalogProducts: _p, ...endpoints } = kontorConfig.endpoints;
    expect(new RestAdapter({ ...kontorConfig, endpoints }).capabilities.catalogSync).toBe(false);
  });

  it('writes times in each configured format', () => {
    const t = '2024-06-10T08:00:00.000Z';
    expect(writeTime(t, 'iso')).toBe(t);
    expect(writeTime(t, 'epoch-seconds')).toBe('1718006400');
    expect(writeTime(t, 'epoch-millis')).toBe('1718006400000');
    expect(writeTime(t, { utcOffset: '+08:00' })).toBe('2024-06-10 16:00:00');
    expect(writeTime(t, { utcOffset: '-05:30' })).toBe('2024-06-10 02:30:00');
  });
});
