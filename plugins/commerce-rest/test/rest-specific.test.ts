import { commercePlugin, TokenBucketLimiter } from '@keeper/commerce';
import { createTestHost, cursorSlice, FakeServer, pageLinkHeader, pageSlice } from '@keeper/commerce/testing';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { RestAdapter } from '../src/adapter.js';
import type { RestConfigInput } from '../src/config.js';
import { restCommerce } from '../src/plugin.js';
import { fakeKontor, KONTOR_KEY, kontorConfig } from '../src/testing/fake-kontor.js';
import { kontorDelivery } from '../src/testing/webhook-helpers.js';

let fake: FakeServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});
const fast = { rateLimiter: new TokenBucketLimiter({ capacity: 100, ratePerSecond: 1000 }) };

describe('config validation (fails at boot, with the path)', () => {
  it('rejects unknown keys, unsafe JSONPaths and statuses outside the enum', () => {
    expect(() => restCommerce({ ...kontorConfig, extra: 1 } as RestConfigInput)).toThrow(/extra|Unrecognized/);
    const badPath = { ...kontorConfig, mapping: { ...kontorConfig.mapping, order: { ...kontorConfig.mapping.order, id: '$..auftragsId' } } };
    expect(() => restCommerce(badPath)).toThrow(/mapping\.order\.id[\s\S]*recursive/);
    const badStatus = { ...kontorConfig, mapping: { ...kontorConfig.mapping, statusMap: { X: 'teleported' } } } as unknown as RestConfigInput;
    expect(() => restCommerce(badStatus)).toThrow(/statusMap/);
  });
});

describe('Kontor ERP through config only', () => {
  it('keeps an unmapped status as unknown with the raw value, and finds orders by number', async () => {
    fake = await fakeKontor({ capacity: 100, refillPerSecond: 100 });
    const erp = new RestAdapter({ ...kontorConfig, baseUrl: fake.url }, fast);
    const odd = await erp.getOrder({ id: '77005' });
    expect(odd).toMatchObject({ status: 'unknown', rawStatus: 'SONDERFALL_X' });
    expect((await erp.getOrder({ number: '#AB-2024-0002' }))?.status).toBe('pending_payment');
  });

  it('creates a ticket from the body template, and never repeats that write after an outage', async () => {
    fake = await fakeKontor({ capacity: 100, refillPerSecond: 100 });
    const erp = new RestAdapter({ ...kontorConfig, baseUrl: fake.url, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }, fast);
    const ticket = await erp.createTicket({ orderId: '77001', subject: 'Defekt', body: 'Naht offen' });
    expect(ticket).toMatchObject({ externalId: 'R-555', kind: 'ticket', status: 'NEU', orderExternalId: '77001' });
    expect(fake.requests.at(-1)?.body).toEqual({ auftrag: '77001', betreff: 'Defekt', text: 'Naht offen' });
    fake.fault({ kind: 'status', status: 503, times: 1 });
    const before = fake.requests.length;
    await expect(erp.createTicket({ orderId: '77001', body: 'x' })).rejects.toMatchObject({ reason: 'server_error' });
    expect(fake.requests.length).toBe(before + 1);
  });
});

/** One tiny ERP per remaining pagination style. */
const items = Array.from({ length: 5 }, (_, i) => ({ id: `o${i + 1}`, state: 'S', cur: 'USD', amount: 100 + i }));
const base = (extra: Partial<RestConfigInput>): RestConfigInput => ({
  baseUrl: fake!.url,
  auth: { type: 'bearer', token: 'tok-123456' },
  endpoints: { ordersByCustomer: { path: '/orders', query: { customer: '{customerId}' }, itemsPath: '$.items[*]' } },
  mapping: { order: { id: '$.id', status: '$.state', currency: '$.cur', total: '$.amount' }, money: 'minor' },
  ...extra,
});

describe('other pagination styles', () => {
  it('offset/limit with a total', async () => {
    fake = await new FakeServer({
      routes: [{ method: 'GET', path: '/orders', handler: (r) => ({ body: { items: items.slice(Number(r.query.get('offset')), Number(r.query.get('offset')) + Number(r.query.get('limit'))), total: 5 } }) }],
    }).start();
    const erp = new RestAdapter(base({ pagination: { style: 'offset', pageSize: 2, totalItemsPath: '$.total' } }), fast);
    const page = await erp.listOrders({ customerId: 'c', first: 10 });
    expect(page.items.map((o) => o.externalId)).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    expect(page.items[0]?.total).toEqual({ amount: '1.00', currency: 'USD' });
    expect(fake.count()).toBe(3);
  });

  it('cursor from the body', async () => {
    fake = await new FakeServer({
      routes: [{ method: 'GET', path: '/orders', handler: (r) => { const s = cursorSlice(items, r.query.get('after'), 2); return { body: { items: s.items, next: s.hasNextPage ? s.endCursor : null } }; } }],
    }).start();
    const erp = new RestAdapter(base({ pagination: { style: 'cursor', cursorParam: 'after', pageSize: 2, nextCursorPath: '$.next' } }), fast);
    const head = await erp.listOrders({ customerId: 'c', first: 3 });
    const tail = await erp.listOrders({ customerId: 'c', first: 10, after: head.nextCursor });
    expect([...head.items, ...tail.items].map((o) => o.externalId)).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
  });

  it('Link header rel="next"', async () => {
    fake = await new FakeServer({
      routes: [
        {
          method: 'GET',
          path: '/orders',
          handler: (r) => {
            const page = Number(r.query.get('page') ?? 1);
            const s = pageSlice(items, page, 2);
            const link = pageLinkHeader(fake!.url, '/orders', r.query, page, s.totalPages);
            const headers: Record<string, string> = link ? { link } : {};
            return { headers, body: { items: s.items } };
          },
        },
      ],
    }).start();
    const erp = new RestAdapter(base({ pagination: { style: 'link', pageSize: 2 } }), fast);
    expect((await erp.listOrders({ customerId: 'c', first: 10 })).items).toHaveLength(5);
    expect(fake.requests.map((r) => r.query.get('page'))).toEqual([null, '2', '3']);
    expect(fake.requests.every((r) => r.headers.authorization === 'Bearer tok-123456')).toBe(true);
  });
});

describe('restCommerce plugin', () => {
  it('registers the config-described ERP and turns its signed callback into order.updated', async () => {
    const app = Fastify();
    const host = createTestHost(app);
    const commerce = commercePlugin({});
    await commerce.setup?.(host.context(commerce.name));
    const plugin = restCommerce({ ...kontorConfig, auth: { type: 'header', name: 'X-Kontor-Key', value: KONTOR_KEY } });
    await plugin.setup?.(host.context(plugin.name));
    expect(host.services.get('commerce').get('kontor')?.capabilities).toMatchObject({ tickets: true, notes: false, skuLookup: true, webhooks: true });
    await app.ready();
    const { valid, tampered } = kontorDelivery('kontor-webhook-secret-value');
    expect((await app.inject({ method: 'POST', url: '/webhooks/kontor', headers: { ...valid.headers, 'content-type': 'application/json' }, payload: valid.rawBody })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/webhooks/kontor', headers: { ...tampered.headers, 'content-type': 'application/json' }, payload: tampered.rawBody })).statusCode).toBe(401);
    expect(host.emitted).toEqual([{ name: 'order.updated', payload: { system: 'kontor', orderId: '77001', customerExternalId: 'K-100', customerIds: [], status: 'delivered', raw: { orderId: 77001, status: 'ZUGESTELLT' } } }]);
    await app.close();
  });
});
