import { BadUserInputError, NotFoundError } from '@keeper/sdk';
import type { CommerceAdapter, OrderRef, TicketInput } from '../adapter.js';
import { CacheLoader, type Cache } from '../cache/cache.js';
import { MemoryCache } from '../cache/memory-cache.js';
import { isUpstreamError, UpstreamError } from '../errors.js';
import type { Order, Sku, Ticket } from '../model.js';
import { type CatalogListing, type CatalogListOptions, listCatalog } from './catalog-listing.js';
import type { LinkMatch, LinkStore } from './link-store.js';
import type { AdapterRegistry } from './registry.js';

export type SourceStatus = 'ok' | 'error' | 'not_linked' | 'unsupported';

/** How one system answered a merged query; always present, so "no orders" and "could not ask" differ. */
export interface SourceResult {
  system: string;
  platform: string;
  status: SourceStatus;
  matchedBy: LinkMatch | null;
  count: number;
  hasMore: boolean;
  error: SourceError | null;
}

export interface SourceError {
  system: string;
  code: string;
  reason: string;
  message: string;
  retryAfter: number | null;
}

export interface Merged<T> {
  items: T[];
  sources: SourceResult[];
  errors: SourceError[];
}

export interface CustomerRef {
  id: string;
  email?: string | null;
  phone?: string | null;
}

export interface CommerceServiceOptions {
  cache?: Cache;
  /** Per-source time budget for merged queries; a slower source becomes an error, not a wait. */
  sourceTimeoutMs?: number;
  /** Collapse identical concurrent upstream calls into one (default true; off only to measure it). */
  dedupeInFlight?: boolean;
  ttl?: { ordersMs?: number; orderMs?: number; customerMs?: number; skuMs?: number };
}

interface OrderList {
  orders: Order[];
  hasMore: boolean;
}

/**
 * Fans a question out to every installed adapter and merges the answers, each tagged with its system.
 * A failing source never hides the others and never looks like "no orders": it is reported in
 * `sources`/`errors` with UPSTREAM_UNAVAILABLE.
 */
export class CommerceService {
  private readonly loader: CacheLoader;
  private readonly sourceTimeoutMs: number;
  private readonly ttl: Required<NonNullable<CommerceServiceOptions['ttl']>>;

  constructor(
    readonly registry: AdapterRegistry,
    readonly links: LinkStore,
    options: CommerceServiceOptions = {},
  ) {
    this.loader = new CacheLoader(options.cache ?? new MemoryCache(), { dedupeInFlight: options.dedupeInFlight });
    this.sourceTimeoutMs = options.sourceTimeoutMs ?? 5_000;
    this.ttl = { ordersMs: 30_000, orderMs: 30_000, customerMs: 300_000, skuMs: 300_000, ...options.ttl };
  }

  /** The customer's most recent orders across all systems, newest first. */
  async customerOrders(customer: CustomerRef, first: number): Promise<Merged<Order>> {
    const identity = await this.links.identity(customer.id);
    const email = customer.email ?? identity?.email ?? null;
    const phone = customer.phone ?? identity?.phone ?? null;
    const links = await this.links.links(customer.id);
    const results = await Promise.all(
      this.registry.list().map((adapter) =>
        this.source(adapter, async (signal) => {
          const linked = links.filter((l) => l.system === adapter.system);
          const plan = await this.plan(adapter, customer.id, linked, email, phone, signal);
          if (plan.kind !== 'ok') return { status: plan.kind, matchedBy: null, items: [], hasMore: false };
          const lists = await Promise.all(plan.queries.map((q) => this.orders(adapter, q, first, signal)));
          return { status: 'ok' as const, matchedBy: plan.matchedBy, items: lists.flatMap((l) => l.orders), hasMore: lists.some((l) => l.hasMore) };
        }),
      ),
    );
    const items = results.flatMap((r) => r.items).sort(byPlacedAtDesc);
    return { items: items.slice(0, first), sources: results.map((r) => r.source), errors: results.flatMap((r) => (r.source.error ? [r.source.error] : [])) };
  }

  /** One order from one system, by id or by the number the shopper typed. */
  async order(system: string, ref: OrderRef): Promise<Order | null> {
    const adapter = this.adapter(system);
    if (!ref.id && !ref.number) throw new BadUserInputError('give an order id or number', 'id');
    if (!ref.id && !adapter.capabilities.orders.byNumber) throw new BadUserInputError(`${system} cannot look orders up by number`, 'number');
    const key = `order:${system}:${ref.id ? `id:${ref.id}` : `no:${ref.number}`}`;
    return this.loader.load(key, this.ttl.orderMs, () => adapter.getOrder(ref));
  }

  /** SKU matches across systems (or one system), each tagged by source. */
  async productBySku(sku: string, system?: string | null): Promise<Merged<Sku>> {
    const adapters = system ? [this.adapter(system)] : this.registry.list();
    const results = await Promise.all(
      adapters.map((adapter) =>
        this.source(adapter, async (signal) => {
          if (!adapter.capabilities.skuLookup) return { status: 'unsupported' as const, matchedBy: null, items: [], hasMore: false };
          const items = await this.loader.load(`sku:${adapter.system}:${sku}`, this.ttl.skuMs, () => adapter.lookupSku(sku, { signal }));
          return { status: 'ok' as const, matchedBy: null, items, hasMore: false };
        }),
      ),
    );
    return { items: results.flatMap((r) => r.items), sources: results.map((r) => r.source), errors: results.flatMap((r) => (r.source.error ? [r.source.error] : [])) };
  }

  /**
   * The whole catalog of one system, or of every system that can list one (`catalogSync`). Not
   * cached and not bound by `sourceTimeoutMs`: a catalog sync reads many pages; pass a `signal`.
   */
  listCatalog(options: CatalogListOptions = {}): Promise<CatalogListing> {
    return listCatalog(this.registry.list(), options);
  }

  /** A ticket where the platform has tickets, else a note on the order. */
  async createTicket(system: string, input: TicketInput): Promise<Ticket> {
    const adapter = this.adapter(system);
    if (adapter.capabilities.tickets) return adapter.createTicket(input);
    if (adapter.capabilities.notes) {
      if (!input.orderId) throw new BadUserInputError(`${system} can only attach notes to an order; give orderId`, 'orderId');
      const note = await adapter.addNote({ orderId: input.orderId, body: input.body });
      await this.invalidateOrder(system, input.orderId, null);
      return { system, externalId: note.externalId, kind: 'note', orderExternalId: note.orderExternalId, subject: input.subject ?? null, body: note.body, status: null, createdAt: note.createdAt };
    }
    throw new BadUserInputError(`${system} supports neither tickets nor order notes`, 'system');
  }

  async linkCustomer(customerId: string, system: string, externalId: string): Promise<void> {
    this.adapter(system);
    await this.links.link({ customerId, system, externalId, matchedBy: 'explicit' });
  }

  /** Drops cached answers an order update made stale (called by webhook routes). */
  async invalidateOrder(system: string, orderId: string, customerExternalId: string | null): Promise<void> {
    await this.loader.delete(`order:${system}:id:${orderId}`);
    if (customerExternalId) await this.loader.delete(`orders:${system}:customerId:${customerExternalId}`);
  }

  private adapter(system: string): CommerceAdapter {
    const adapter = this.registry.get(system);
    if (!adapter) throw new NotFoundError('Commerce system', system);
    return adapter;
  }

  /** Decides how to find this customer's orders in one system, linking by email/phone on first sight. */
  private async plan(
    adapter: CommerceAdapter,
    customerId: string,
    linked: Array<{ externalId: string; matchedBy: LinkMatch }>,
    email: string | null,
    phone: string | null,
    signal: AbortSignal,
  ): Promise<{ kind: 'ok'; matchedBy: LinkMatch; queries: Array<Record<string, string>> } | { kind: 'not_linked' | 'unsupported' }> {
    const caps = adapter.capabilities;
    if (linked.length && caps.orders.byCustomerId) {
      return { kind: 'ok', matchedBy: linked[0]!.matchedBy, queries: linked.map((l) => ({ customerId: l.externalId })) };
    }
    for (const [field, value] of [['email', email], ['phone', phone]] as const) {
      if (!value) continue;
      const direct = field === 'email' ? caps.orders.byEmail : caps.orders.byPhone;
      if (direct) return { kind: 'ok', matchedBy: field, queries: [{ [field]: value }] };
      const lookup = field === 'email' ? caps.customerLookup.byEmail : caps.customerLookup.byPhone;
      if (lookup && caps.orders.byCustomerId) {
        const found = await this.loader.load(`customers:${adapter.system}:${field}:${value}`, this.ttl.customerMs, () => adapter.findCustomers({ [field]: value }, { signal }));
        for (const c of found) await this.links.link({ customerId, system: adapter.system, externalId: c.externalId, matchedBy: field });
        // Found nobody: a real "no orders" answer for this system.
        return { kind: 'ok', matchedBy: field, queries: found.map((c) => ({ customerId: c.externalId })) };
      }
    }
    const anyWay = caps.orders.byEmail || caps.orders.byPhone || (caps.orders.byCustomerId && (caps.customerLookup.byEmail || caps.customerLookup.byPhone));
    return { kind: anyWay ? 'not_linked' : 'unsupported' };
  }

  private orders(adapter: CommerceAdapter, query: Record<string, string>, first: number, signal: AbortSignal): Promise<OrderList> {
    const [field, value] = Object.entries(query)[0] ?? ['', ''];
    // Cache one generous page per customer, so different `first` values share it.
    const size = Math.max(first, 20);
    const load = async () => {
      const page = await adapter.listOrders({ ...query, first: size }, { signal });
      return { orders: page.items, hasMore: page.nextCursor !== null, size };
    };
    const key = `orders:${adapter.system}:${field}:${value}`;
    return this.loader.load(key, this.ttl.ordersMs, load).then(async (cached) => {
      if (cached.size >= first) return { orders: cached.orders.slice(0, first), hasMore: cached.hasMore || cached.orders.length > first };
      const fresh = await load();
      return { orders: fresh.orders, hasMore: fresh.hasMore };
    });
  }

  private async source<T>(
    adapter: CommerceAdapter,
    run: (signal: AbortSignal) => Promise<{ status: SourceStatus; matchedBy: LinkMatch | null; items: T[]; hasMore: boolean }>,
  ): Promise<{ items: T[]; source: SourceResult }> {
    const base = { system: adapter.system, platform: adapter.platform };
    const budget = AbortSignal.timeout(this.sourceTimeoutMs);
    try {
      const result = await raceAbort(run(budget), budget, () => new UpstreamError(adapter.system, 'timeout', `no answer within ${this.sourceTimeoutMs} ms`));
      return { items: result.items, source: { ...base, status: result.status, matchedBy: result.matchedBy, count: result.items.length, hasMore: result.hasMore, error: null } };
    } catch (error) {
      return { items: [], source: { ...base, status: 'error', matchedBy: null, count: 0, hasMore: false, error: toSourceError(adapter.system, error) } };
    }
  }
}

export function toSourceError(system: string, error: unknown): SourceError {
  if (isUpstreamError(error)) {
    return { system, code: 'UPSTREAM_UNAVAILABLE', reason: error.reason, message: error.message, retryAfter: error.retryAfterMs === null ? null : Math.ceil(error.retryAfterMs / 1000) };
  }
  // Adapter bugs are reported per source too, but without internals.
  return { system, code: 'UPSTREAM_UNAVAILABLE', reason: 'adapter_error', message: `${system}: the adapter failed unexpectedly`, retryAfter: null };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function byPlacedAtDesc(a: Order, b: Order): number {
  const ta = a.placedAt ? Date.parse(a.placedAt) : Number.NEGATIVE_INFINITY;
  const tb = b.placedAt ? Date.parse(b.placedAt) : Number.NEGATIVE_INFINITY;
  return tb - ta;
}
