import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommerceAdapter, CustomerQuery, OrderListQuery, WebhookRequest } from '../adapter.js';
import { isUpstreamError } from '../errors.js';
import type { CatalogProduct, Order, Sku } from '../model.js';
import type { FakeServer } from './fake-server.js';

export interface ContractHarness {
  fake: FakeServer;
  /**
   * The adapter under test pointed at `fake`, built with small numbers so the suite stays fast:
   * timeout ≤ 300 ms, at most 2 attempts, breaker threshold ≤ 3 with a long reset, and a client rate
   * limit at or below the fake's.
   */
  adapter: CommerceAdapter;
  /** The same adapter with wrong credentials. */
  badCredentials: CommerceAdapter;
  /** Every credential value; none may appear in errors or logs. */
  secrets: string[];
  /** What the adapters logged (the harness passes a capturing logger). */
  logs: unknown[];
}

export interface ContractSpec {
  platform: string;
  setup(): Promise<ContractHarness>;
  fixture: {
    customer: { query: CustomerQuery; externalId: string };
    /** A customer with more orders than one platform page (the harness sets a small page size). */
    manyOrders: { list: Omit<OrderListQuery, 'first'>; count: number; pageSize: number; listPath: RegExp };
    noOrders: { list: Omit<OrderListQuery, 'first'> };
    order: { id: string; number: string; check(order: Order): void };
    missingOrder: { id: string; number: string };
    sku?: { sku: string; check(skus: Sku[]): void };
    /** Required when the adapter declares `catalogSync`: a catalog larger than one platform page. */
    catalog?: {
      count: number;
      /** The platform page size the harness configured (products per upstream request). */
      pageSize: number;
      /** Requests that read a catalog page (one per platform page). */
      listPath: RegExp;
      check(products: CatalogProduct[]): void;
    };
  };
  webhook?: () => { valid: WebhookRequest; tampered: WebhookRequest; orderId: string };
  rateLimit: {
    /** Concurrent calls to fire; more than the fake's bucket so the client limiter must pace them. */
    concurrent: number;
    /** The fake's throttle answer asks for this wait; the adapter must wait it out and succeed. */
    retryAfterMs: number;
  };
}

/**
 * The contract every adapter passes against its fake server: happy path, pagination, empty results,
 * 404, bad credentials, webhook signatures, rate limiting, outages, timeouts and the breaker.
 * A new platform package writes a fake + fixture and calls this; the suite is the definition of done.
 */
export function defineAdapterContract(spec: ContractSpec): void {
  describe(`${spec.platform} adapter contract`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await spec.setup();
    });
    afterEach(async () => {
      await h.fake.close();
    });
    const f = spec.fixture;
    const noSecrets = (text: string) => {
      for (const secret of h.secrets) expect(text).not.toContain(secret);
    };

    it('finds the customer and reads an order with lines, money and tracking (happy path)', async () => {
      const customers = await h.adapter.findCustomers(f.customer.query);
      expect(customers.map((c) => c.externalId)).toContain(f.customer.externalId);
      expect(customers.every((c) => c.system === h.adapter.system)).toBe(true);
      const order = await h.adapter.getOrder({ id: f.order.id });
      expect(order).not.toBeNull();
      expect(order?.system).toBe(h.adapter.system);
      expect(order?.externalId).toBe(f.order.id);
      if (order?.total) expect(order.total.amount).toMatch(/^-?\d+(\.\d+)?$/);
      f.order.check(order as Order);
    });

    it('finds an order by the number the shopper types', async () => {
      if (!h.adapter.capabilities.orders.byNumber) return;
      const order = await h.adapter.getOrder({ number: f.order.number });
      expect(order?.externalId).toBe(f.order.id);
    });

    it('pages across several platform pages without gaps or duplicates', async () => {
      const all = await h.adapter.listOrders({ ...f.manyOrders.list, first: 100 });
      expect(all.items).toHaveLength(f.manyOrders.count);
      expect(new Set(all.items.map((o) => o.externalId)).size).toBe(f.manyOrders.count);
      expect(all.nextCursor).toBeNull();
      expect(h.fake.count(f.manyOrders.listPath)).toBeGreaterThanOrEqual(Math.ceil(f.manyOrders.count / f.manyOrders.pageSize));
      const head = await h.adapter.listOrders({ ...f.manyOrders.list, first: f.manyOrders.pageSize + 1 });
      expect(head.items).toHaveLength(f.manyOrders.pageSize + 1);
      expect(head.nextCursor).not.toBeNull();
      const tail = await h.adapter.listOrders({ ...f.manyOrders.list, first: 100, after: head.nextCursor });
      expect([...head.items, ...tail.items].map((o) => o.externalId)).toEqual(all.items.map((o) => o.externalId));
    });

    it('returns an empty page (not an error) for a customer with no orders', async () => {
      const page = await h.adapter.listOrders({ ...f.noOrders.list, first: 10 });
      expect(page.items).toEqual([]);
      expect(page.nextCursor).toBeNull();
    });

    it('returns null for an order that does not exist', async () => {
      expect(await h.adapter.getOrder({ id: f.missingOrder.id })).toBeNull();
      if (h.adapter.capabilities.orders.byNumber) expect(await h.adapter.getOrder({ number: f.missingOrder.number })).toBeNull();
    });

    it('looks up SKUs', async () => {
      if (!f.sku || !h.adapter.capabilities.skuLookup) return;
      f.sku.check(await h.adapter.lookupSku(f.sku.sku));
    });

    it('lists the whole catalog across platform pages and resumes from a cursor without gaps or duplicates', async () => {
      if (!h.adapter.capabilities.catalogSync) return;
      const c = f.catalog;
      expect(c, 'an adapter declaring catalogSync must give the contract a catalog fixture').toBeDefined();
      if (!c) return;
      const all = await h.adapter.listProducts({ first: 10_000 });
      expect(all.items).toHaveLength(c.count);
      expect(new Set(all.items.map((p) => p.externalId)).size).toBe(c.count);
      expect(all.nextCursor).toBeNull();
      expect(h.fake.count(c.listPath)).toBeGreaterThanOrEqual(Math.ceil(c.count / c.pageSize));
      for (const product of all.items) {
        expect(product.system).toBe(h.adapter.system);
        expect(Array.isArray(product.category)).toBe(true);
        for (const sku of product.skus) {
          expect(sku.system).toBe(h.adapter.system);
          expect(sku.sku).not.toBe('');
          if (sku.price) expect(sku.price.amount).toMatch(/^-?\d+(\.\d+)?$/);
          for (const value of Object.values(sku.attributes)) expect(typeof value).toBe('string');
        }
      }
      c.check(all.items);
      const head = await h.adapter.listProducts({ first: c.pageSize + 1 });
      expect(head.items).toHaveLength(c.pageSize + 1);
      expect(head.nextCursor).not.toBeNull();
      const tail = await h.adapter.listProducts({ first: 10_000, after: head.nextCursor });
      expect([...head.items, ...tail.items].map((p) => p.externalId)).toEqual(all.items.map((p) => p.externalId));
    });

    it('waits out a throttle in the middle of a catalog listing', async () => {
      if (!h.adapter.capabilities.catalogSync || !f.catalog) return;
      h.fake.fault({ kind: 'throttle', retryAfterMs: spec.rateLimit.retryAfterMs, times: 1 });
      const all = await h.adapter.listProducts({ first: 10_000 });
      expect(all.items).toHaveLength(f.catalog.count);
      expect(h.fake.throttled).toBe(1);
    });

    it('fails clearly on bad credentials, without leaking them', async () => {
      const error = await h.badCredentials.getOrder({ id: f.order.id }).catch((e: unknown) => e);
      expect(isUpstreamError(error)).toBe(true);
      if (!isUpstreamError(error)) return;
      expect(error.reason).toBe('auth');
      expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(error.message).toContain(h.adapter.system);
      noSecrets(error.message);
      noSecrets(JSON.stringify(error.extensions));
      noSecrets(JSON.stringify(h.logs));
    });

    it('accepts a correctly signed webhook and rejects a signature mismatch', () => {
      if (!spec.webhook) return;
      const handler = h.adapter.webhooks;
      expect(handler).not.toBeNull();
      const { valid, tampered, orderId } = spec.webhook();
      expect(handler?.verify(valid)).toBe(true);
      expect(handler?.verify(tampered)).toBe(false);
      const events = handler?.parse(valid) ?? [];
      expect(events[0]).toMatchObject({ type: 'order.updated', orderId });
    });

    it('waits out the platform throttle signal and then succeeds', async () => {
      h.fake.fault({ kind: 'throttle', retryAfterMs: spec.rateLimit.retryAfterMs, times: 1 });
      const started = Date.now();
      const order = await h.adapter.getOrder({ id: f.order.id });
      expect(order?.externalId).toBe(f.order.id);
      expect(h.fake.throttled).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(spec.rateLimit.retryAfterMs * 0.9);
    });

    it('paces a burst so the platform limit is never exceeded', async () => {
      const results = await Promise.all(Array.from({ length: spec.rateLimit.concurrent }, () => h.adapter.getOrder({ id: f.order.id })));
      expect(results.every((o) => o?.externalId === f.order.id)).toBe(true);
      expect(h.fake.throttled).toBe(0);
    });

    it('surfaces upstream 500s as UPSTREAM_UNAVAILABLE and opens the breaker', async () => {
      h.fake.fault({ kind: 'status', status: 500 });
      const errors: unknown[] = [];
      for (let i = 0; i < 4; i++) errors.push(await h.adapter.getOrder({ id: f.order.id }).catch((e: unknown) => e));
      expect(errors.every(isUpstreamError)).toBe(true);
      const reasons = errors.map((e) => (isUpstreamError(e) ? e.reason : null));
      expect(reasons[0]).toBe('server_error');
      expect(reasons.at(-1)).toBe('circuit_open');
      const seen = h.fake.requests.length;
      const fast = await h.adapter.getOrder({ id: f.order.id }).catch((e: unknown) => e);
      expect(isUpstreamError(fast) && fast.reason).toBe('circuit_open');
      expect(h.fake.requests.length).toBe(seen);
    });

    it('times out a hanging upstream with a clear error', async () => {
      h.fake.fault({ kind: 'slow', delayMs: 2_000 });
      const started = Date.now();
      const error = await h.adapter.getOrder({ id: f.order.id }).catch((e: unknown) => e);
      expect(isUpstreamError(error) && error.reason).toBe('timeout');
      expect(String((error as Error).message)).toMatch(/no response within \d+ ms/);
      expect(Date.now() - started).toBeLessThan(1_900);
    });

    it('declares capabilities consistently with what it implements', async () => {
      const caps = h.adapter.capabilities;
      if (!caps.webhooks) expect(h.adapter.webhooks).toBeNull();
      if (!caps.tickets) await expect(h.adapter.createTicket({ body: 'x' })).rejects.toMatchObject({ reason: 'unsupported' });
      if (!caps.notes) await expect(h.adapter.addNote({ orderId: f.order.id, body: 'x' })).rejects.toMatchObject({ reason: 'unsupported' });
      if (!caps.catalogSync) await expect(h.adapter.listProducts({ first: 1 })).rejects.toMatchObject({ reason: 'unsupported' });
    });
  });
}

/** A logger that records what it is given, for "no secret in the logs" checks. */
export function capturingLogger(into: unknown[]): { debug(o: unknown, m?: string): void; warn(o: unknown, m?: string): void } {
  return { debug: (o, m) => into.push({ o, m }), warn: (o, m) => into.push({ o, m }) };
}
