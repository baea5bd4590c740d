import {
  type AdapterCapabilities,
  type CatalogQuery,
  type CommerceAdapter,
  type CustomerQuery,
  NO_CAPABILITIES,
  type NoteInput,
  normaliseOrderNumber,
  type OrderListQuery,
  type OrderRef,
  type WebhookHandler,
} from '../adapter.js';
import { UnsupportedOperationError, UpstreamError } from '../errors.js';
import type { CatalogProduct, Customer, Note, Order, Page, Product, Sku, Ticket } from '../model.js';

/**
 * An in-process adapter over fixture arrays, for unit-testing code that consumes adapters (the merge
 * service, bots) without HTTP. `fail` makes every call throw like an unreachable platform.
 */
export class MemoryAdapter implements CommerceAdapter {
  readonly platform = 'memory';
  readonly webhooks: WebhookHandler | null = null;
  readonly capabilities: AdapterCapabilities;
  fail: UpstreamError | null = null;
  calls = 0;
  notes: Note[] = [];

  constructor(
    readonly system: string,
    private readonly data: { customers?: Customer[]; orders?: Order[]; skus?: Sku[]; products?: CatalogProduct[] },
    capabilities: Partial<AdapterCapabilities> = {},
  ) {
    this.capabilities = {
      ...NO_CAPABILITIES,
      customerLookup: { byId: true, byEmail: true, byPhone: true },
      orders: { byCustomerId: true, byEmail: false, byPhone: false, byNumber: true },
      skuLookup: true,
      notes: true,
      catalogSync: data.products !== undefined,
      ...capabilities,
    };
  }

  /** Makes the adapter behave like a platform that is down. */
  goDown(reason: 'network' | 'timeout' | 'server_error' | 'rate_limited' = 'network'): void {
    this.fail = new UpstreamError(this.system, reason, `simulated ${reason}`);
  }

  private guard(): void {
    this.calls += 1;
    if (this.fail) throw this.fail;
  }

  async findCustomers(query: CustomerQuery): Promise<Customer[]> {
    this.guard();
    return (this.data.customers ?? []).filter(
      (c) => (query.id && c.externalId === query.id) || (query.email && c.email === query.email) || (query.phone && c.phone === query.phone),
    );
  }

  async listOrders(query: OrderListQuery): Promise<Page<Order>> {
    this.guard();
    const all = (this.data.orders ?? []).filter(
      (o) =>
        (query.customerId && o.customerExternalId === query.customerId) || (query.email && o.email === query.email) || (query.phone && o.phone === query.phone),
    );
    const start = query.after ? Number(query.after) : 0;
    const items = all.slice(start, start + query.first);
    return { items, nextCursor: start + items.length < all.length ? String(start + items.length) : null, total: all.length };
  }

  async getOrder(ref: OrderRef): Promise<Order | null> {
    this.guard();
    const number = ref.number ? normaliseOrderNumber(ref.number) : null;
    return (this.data.orders ?? []).find((o) => (ref.id && o.externalId === ref.id) || (number && normaliseOrderNumber(o.number) === number)) ?? null;
  }

  async lookupSku(sku: string): Promise<Sku[]> {
    this.guard();
    return (this.data.skus ?? []).filter((s) => s.sku === sku);
  }

  async searchProducts(): Promise<Product[]> {
    throw new UnsupportedOperationError(this.system, 'searchProducts');
  }

  /** Pages over `products` by offset; `updatedSince` keeps products whose `updatedAt` is at or after it. */
  async listProducts(query: CatalogQuery): Promise<Page<CatalogProduct>> {
    if (!this.capabilities.catalogSync) throw new UnsupportedOperationError(this.system, 'listProducts');
    this.guard();
    const since = query.updatedSince ? Date.parse(query.updatedSince) : null;
    const all = (this.data.products ?? []).filter((p) => since === null || (p.updatedAt !== null && Date.parse(p.updatedAt) >= since));
    const start = query.after ? Number(query.after) : 0;
    if (!Number.isInteger(start) || start < 0) throw new UpstreamError(this.system, 'bad_request', `invalid cursor ${query.after}`);
    const items = all.slice(start, start + query.first);
    return { items, nextCursor: start + items.length < all.length ? String(start + items.length) : null, total: all.length };
  }

  /** Replaces the catalog, as if the shop had edited its products. */
  setProducts(products: CatalogProduct[]): void {
    this.data.products = products;
  }

  async createTicket(): Promise<Ticket> {
    throw new UnsupportedOperationError(this.system, 'createTicket');
  }

  async addNote(input: NoteInput): Promise<Note> {
    this.guard();
    const note = { system: this.system, externalId: `note-${this.notes.length + 1}`, orderExternalId: input.orderId, body: input.body, createdAt: new Date(0).toISOString() };
    this.notes.push(note);
    return note;
  }
}

/** A complete CatalogProduct with defaults, for fixtures; SKUs get the product's system. */
export function makeCatalogProduct(
  system: string,
  partial: Partial<Omit<CatalogProduct, 'skus'>> & { externalId: string; skus?: Array<Partial<CatalogProduct['skus'][number]> & { sku: string }> },
): CatalogProduct {
  const { skus = [], ...rest } = partial;
  return {
    system,
    title: partial.externalId,
    brand: null,
    category: [],
    attributes: {},
    updatedAt: null,
    ...rest,
    skus: skus.map((s) => ({ system, externalId: s.sku, title: null, attributes: {}, price: null, inventory: null, ...s })),
  };
}

/** A complete Order with defaults, for fixtures. */
export function makeOrder(system: string, partial: Partial<Order> & { externalId: string }): Order {
  return {
    system,
    number: partial.externalId,
    status: 'paid',
    rawStatus: 'PAID',
    placedAt: null,
    updatedAt: null,
    customerExternalId: null,
    email: null,
    phone: null,
    total: null,
    lineItems: [],
    shipments: [],
    shippingAddress: null,
    note: null,
    tags: [],
    adminUrl: null,
    ...partial,
  };
}
