import {
  type AdapterCapabilities,
  type AdapterRuntimeOptions,
  type CatalogProduct,
  type CatalogQuery,
  catalogSince,
  type CommerceAdapter,
  type Customer,
  type CustomerQuery,
  clientOptions,
  HttpClient,
  isUpstreamError,
  NO_CAPABILITIES,
  type Note,
  type NoteInput,
  nextPageNumber,
  normaliseOrderNumber,
  type Order,
  type OrderListQuery,
  type OrderRef,
  type Page,
  type Product,
  type QueryValue,
  type Shipment,
  type Sku,
  type Ticket,
  TokenBucketLimiter,
  takeFromPages,
  UnsupportedOperationError,
  type WebhookHandler,
} from '@keeper/commerce';
import { categoryPaths, mapCatalogProduct, type WooCatalogProduct, type WooCategory, type WooVariation } from './catalog-mapping.js';
import { mapCustomer, mapOrder, mapProduct, mapTracking, type WooCustomer, type WooOrder, type WooProduct, type WooTracking } from './mapping.js';
import { wooWebhooks } from './webhooks.js';

export interface WooAdapterOptions extends AdapterRuntimeOptions {
  system?: string;
  /** The WordPress site, e.g. https://shop.example.com (the REST API lives under /wp-json/wc/v3). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** `basic` (HTTP Basic, the default) or `query` for servers that strip the Authorization header. */
  authMode?: 'basic' | 'query';
  /** The shop currency for SKU prices; read from the store settings when absent. */
  currency?: string;
  /** Where tracking numbers come from besides order meta: the Shipment Tracking or AST extension API. */
  tracking?: 'meta' | 'wc-shipment-tracking' | 'ast';
  webhookSecret?: string;
  /** per_page (max 100). */
  pageSize?: number;
  /** The product attribute that holds the brand, when the shop does not use WooCommerce Brands (default: Brand/品牌/Marke...). */
  brandAttribute?: string;
}

export const WOO_CAPABILITIES: AdapterCapabilities = {
  ...NO_CAPABILITIES,
  customerLookup: { byId: true, byEmail: true, byPhone: false },
  orders: { byCustomerId: true, byEmail: true, byPhone: false, byNumber: true },
  tracking: true,
  skuLookup: true,
  notes: true,
  catalogSync: true,
};

const CATEGORY_TTL_MS = 5 * 60_000;

const API = 'wp-json/wc/v3';

/** WooCommerce REST v3 adapter: consumer key/secret, page-number paging with X-WP-TotalPages. */
export class WooCommerceAdapter implements CommerceAdapter {
  readonly platform = 'woocommerce';
  readonly system: string;
  readonly capabilities: AdapterCapabilities;
  readonly webhooks: WebhookHandler | null;
  private readonly http: HttpClient;
  private readonly pageSize: number;
  private currency: Promise<string | null> | null = null;
  private categories: { at: number; paths: Promise<Map<number, string[]>> } | null = null;

  constructor(private readonly options: WooAdapterOptions) {
    this.system = options.system ?? 'woocommerce';
    const url = new URL(options.baseUrl);
    // Basic auth sends the secret in clear text over plain HTTP; only loopback (tests) may do that.
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new Error(`${this.system}: WooCommerce baseUrl must use https (consumer secret would travel in clear text)`);
    }
    this.pageSize = Math.min(100, options.pageSize ?? 20);
    this.webhooks = options.webhookSecret ? wooWebhooks(options.webhookSecret) : null;
    this.capabilities = { ...WOO_CAPABILITIES, webhooks: this.webhooks !== null };
    const basic = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
    this.http = new HttpClient(
      clientOptions(options, {
        system: this.system,
        baseUrl: options.baseUrl,
        secrets: [options.consumerKey, options.consumerSecret, basic, options.webhookSecret],
        authenticate: (req) => {
          if (options.authMode === 'query') {
            req.url.searchParams.set('consumer_key', options.consumerKey);
            req.url.searchParams.set('consumer_secret', options.consumerSecret);
          } else req.headers.set('authorization', basic);
        },
        // Core WooCommerce has no rate limit; hosts and WAFs do. Be gentle with a PHP server.
        defaultLimiter: () => new TokenBucketLimiter({ ratePerSecond: 10, capacity: 10, clock: options.clock }),
      }),
    );
  }

  async findCustomers(query: CustomerQuery, options: { signal?: AbortSignal } = {}): Promise<Customer[]> {
    if (query.id) {
      const customer = await this.getOrNull<WooCustomer>(`customers/${encodeURIComponent(query.id)}`, options.signal);
      return customer ? [mapCustomer(this.system, customer)] : [];
    }
    if (!query.email) return [];
    const res = await this.get<WooCustomer[]>('customers', { email: query.email, role: 'all' }, options.signal);
    return res.body.map((c) => mapCustomer(this.system, c));
  }

  async listOrders(query: OrderListQuery, options: { signal?: AbortSignal } = {}): Promise<Page<Order>> {
    let filter: Record<string, QueryValue>;
    let keep: (o: WooOrder) => boolean = () => true;
    if (query.customerId) filter = { customer: query.customerId };
    else if (query.email) {
      // Guest orders have no customer id; `search` is fuzzy, so keep exact billing-email matches only.
      const email = query.email.toLowerCase();
      filter = { search: query.email };
      keep = (o) => o.billing?.email?.toLowerCase() === email;
    } else throw new UnsupportedOperationError(this.system, 'listOrders without customerId or email');
    const result = await takeFromPages(query.first, query.after, async (cursor) => {
      const page = cursor ? Number(cursor) : 1;
      const res = await this.get<WooOrder[]>('orders', { ...filter, page, per_page: this.pageSize, orderby: 'date', order: 'desc' }, options.signal);
      const next = nextPageNumber({
        page,
        pageSize: this.pageSize,
        received: res.body.length,
        totalPages: numberHeader(res.headers.get('x-wp-totalpages')),
        totalItems: numberHeader(res.headers.get('x-wp-total')),
      });
      return { items: res.body.filter(keep), next: next === null ? null : String(next), total: numberHeader(res.headers.get('x-wp-total')) };
    });
    const items = await Promise.all(result.items.map((o) => this.withTracking(o, options.signal)));
    return { items, nextCursor: result.nextCursor, total: query.customerId ? result.total : null };
  }

  async getOrder(ref: OrderRef, options: { signal?: AbortSignal } = {}): Promise<Order | null> {
    if (ref.id) {
      const order = await this.getOrNull<WooOrder>(`orders/${encodeURIComponent(ref.id)}`, options.signal);
      return order ? this.withTracking(order, options.signal) : null;
    }
    if (!ref.number) return null;
    const wanted = normaliseOrderNumber(ref.number);
    // The number is the id unless a sequential-numbers plugin renumbers orders; search covers both.
    const res = await this.get<WooOrder[]>('orders', { search: wanted, per_page: 10 }, options.signal);
    const order = res.body.find((o) => normaliseOrderNumber(o.number || String(o.id)) === wanted);
    return order ? this.withTracking(order, options.signal) : null;
  }

  async lookupSku(sku: string, options: { signal?: AbortSignal } = {}): Promise<Sku[]> {
    const [res, currency] = await Promise.all([this.get<WooProduct[]>('products', { sku }, options.signal), this.shopCurrency(options.signal)]);
    return res.body.filter((p) => p.sku === sku).map((p) => mapProduct(this.system, p, currency ?? ''));
  }

  async searchProducts(): Promise<Product[]> {
    throw new UnsupportedOperationError(this.system, 'searchProducts');
  }

  /**
   * Published products in id order (`orderby=id&order=asc`, stable while the shop edits), with
   * their variations, category paths from the category tree, and brand from core Brands or a
   * "Brand" attribute.
   */
  async listProducts(query: CatalogQuery, options: { signal?: AbortSignal } = {}): Promise<Page<CatalogProduct>> {
    const since = catalogSince(this.system, query.updatedSince);
    const [currency, paths] = await Promise.all([this.shopCurrency(options.signal), this.categoryPaths(options.signal)]);
    const filter: Record<string, QueryValue> = { status: 'publish', orderby: 'id', order: 'asc' };
    // Woo reads a zone-less time; dates_are_gmt says it is UTC.
    if (since) Object.assign(filter, { modified_after: since.slice(0, 19), dates_are_gmt: 'true' });
    const result = await takeFromPages(query.first, query.after, async (cursor) => {
      const page = cursor ? Number(cursor) : 1;
      const res = await this.get<WooCatalogProduct[]>('products', { ...filter, page, per_page: this.pageSize }, options.signal);
      const items: CatalogProduct[] = [];
      for (const p of res.body) {
        const variations = p.type === 'variable' && p.variations?.length ? await this.allPages<WooVariation>(`products/${p.id}/variations`, {}, options.signal) : [];
        items.push(mapCatalogProduct(this.system, p, variations, paths, currency, this.options.brandAttribute));
      }
      const next = nextPageNumber({ page, pageSize: this.pageSize, received: res.body.length, totalPages: numberHeader(res.headers.get('x-wp-totalpages')) });
      return { items, next: next === null ? null : String(next), total: numberHeader(res.headers.get('x-wp-total')) };
    });
    return { items: result.items, nextCursor: result.nextCursor, total: since ? null : result.total };
  }

  async createTicket(): Promise<Ticket> {
    throw new UnsupportedOperationError(this.system, 'createTicket (WooCommerce has no tickets; use order notes)');
  }

  /** A private order note (`customer_note: false`): visible to staff, not emailed to the shopper. */
  async addNote(input: NoteInput, options: { signal?: AbortSignal } = {}): Promise<Note> {
    const res = await this.http.request<{ id: number; note: string; date_created_gmt?: string }>({
      method: 'POST',
      path: `${API}/orders/${encodeURIComponent(input.orderId)}/notes`,
      json: { note: input.body, customer_note: false },
      signal: options.signal,
      operation: 'woocommerce.orders.notes.create',
    });
    return { system: this.system, externalId: String(res.body.id), orderExternalId: input.orderId, body: res.body.note, createdAt: res.body.date_created_gmt ? `${res.body.date_created_gmt}Z` : null };
  }

  private async withTracking(order: WooOrder, signal?: AbortSignal): Promise<Order> {
    const mode = this.options.tracking ?? 'meta';
    if (mode === 'meta') return mapOrder(this.system, order, this.options.baseUrl);
    const base = mode === 'ast' ? 'wp-json/wc-ast/v3' : 'wp-json/wc-shipment-tracking/v3';
    const res = await this.http.request<WooTracking[]>({ path: `${base}/orders/${order.id}/shipment-trackings`, signal, operation: 'woocommerce.shipment-trackings' });
    const shipments: Shipment[] = Array.isArray(res.body) ? res.body.map(mapTracking) : [];
    return mapOrder(this.system, order, this.options.baseUrl, shipments);
  }

  /** The category tree, cached for a few minutes: one sync reads many product pages against it. */
  private categoryPaths(signal?: AbortSignal): Promise<Map<number, string[]>> {
    if (this.categories && Date.now() - this.categories.at < CATEGORY_TTL_MS) return this.categories.paths;
    const paths = this.allPages<WooCategory>('products/categories', {}, signal).then(categoryPaths);
    this.categories = { at: Date.now(), paths };
    paths.catch(() => {
      this.categories = null;
    });
    return paths;
  }

  /** Every page of a list endpoint at the maximum page size, following X-WP-TotalPages. */
  private async allPages<T>(path: string, query: Record<string, QueryValue>, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    for (let page: number | null = 1, guard = 0; page !== null && guard < 1000; guard++) {
      const res = await this.get<T[]>(path, { ...query, page, per_page: 100 }, signal);
      out.push(...res.body);
      page = nextPageNumber({ page, pageSize: 100, received: res.body.length, totalPages: numberHeader(res.headers.get('x-wp-totalpages')) });
    }
    return out;
  }

  private shopCurrency(signal?: AbortSignal): Promise<string | null> {
    if (this.options.currency) return Promise.resolve(this.options.currency);
    this.currency ??= this.get<{ value: string }>('settings/general/woocommerce_currency', {}, signal)
      .then((r) => r.body.value)
      .catch(() => {
        this.currency = null;
        return null;
      });
    return this.currency;
  }

  private get<T>(path: string, query: Record<string, QueryValue>, signal?: AbortSignal) {
    return this.http.request<T>({ path: `${API}/${path}`, query, signal, operation: `woocommerce.${path.split('/')[0]}` });
  }

  private async getOrNull<T>(path: string, signal?: AbortSignal): Promise<T | null> {
    try {
      return (await this.get<T>(path, {}, signal)).body;
    } catch (error) {
      // Woo answers an unknown id with 404 (woocommerce_rest_*_invalid_id), or 400 for non-numeric ids.
      if (isUpstreamError(error) && (error.reason === 'not_found' || (error.reason === 'bad_request' && error.status === 400))) return null;
      throw error;
    }
  }
}

function numberHeader(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
