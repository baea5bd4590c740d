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
  isShopifyThrottled,
  NO_CAPABILITIES,
  type Note,
  type NoteInput,
  normaliseOrderNumber,
  type Order,
  type OrderListQuery,
  type OrderRef,
  type Page,
  type Product,
  type ResponseVerdict,
  ShopifyCostLimiter,
  type Sku,
  type Ticket,
  takeFromPages,
  UnsupportedOperationError,
  UpstreamError,
  type WebhookHandler,
} from '@keeper/commerce';
import {
  mapCatalogProduct,
  mapCustomer,
  mapOrder,
  mapVariant,
  type ShopifyCatalogNode,
  type ShopifyCatalogVariantNode,
  type ShopifyCustomerNode,
  type ShopifyOrderNode,
  type ShopifyVariantConnection,
  type ShopifyVariantNode,
  searchValue,
  toGid,
} from './mapping.js';
import {
  CATALOG_QUERY,
  CUSTOMER_QUERY,
  CUSTOMERS_QUERY,
  estimateCost,
  ORDER_NOTE_QUERY,
  ORDER_QUERY,
  ORDER_UPDATE_MUTATION,
  ORDERS_QUERY,
  PRODUCT_VARIANTS_QUERY,
  PRODUCTS_QUERY,
  VARIANTS_QUERY,
} from './queries.js';
import { shopifyWebhooks } from './webhooks.js';

export interface ShopifyAdapterOptions extends AdapterRuntimeOptions {
  /** Adapter instance name; default "shopify". */
  system?: string;
  /** "acme" or "acme.myshopify.com". */
  shop: string;
  accessToken: string;
  /** Admin API version to pin (YYYY-MM). */
  apiVersion?: string;
  /** App client secret, to verify webhooks. Without it webhooks are off. */
  webhookSecret?: string;
  /** Overrides `https://<shop>.myshopify.com` (tests point this at a fake server). */
  baseUrl?: string;
  /** Orders per GraphQL page (max 250; smaller pages cost fewer points). */
  pageSize?: number;
  /** Line items fetched per order. */
  linesPerOrder?: number;
  /** Products per catalog query (default 10; with `variantsPerProduct` it sets the query's cost). */
  catalogPageSize?: number;
  /** Variants fetched with each product (default 40); a product with more gets follow-up queries. */
  variantsPerProduct?: number;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }> | string;
}

export const SHOPIFY_CAPABILITIES: AdapterCapabilities = {
  ...NO_CAPABILITIES,
  customerLookup: { byId: true, byEmail: true, byPhone: true },
  orders: { byCustomerId: true, byEmail: true, byPhone: false, byNumber: true },
  tracking: true,
  skuLookup: true,
  productSearch: true,
  notes: true,
  catalogSync: true,
};

/** Shopify Admin GraphQL adapter: orders, fulfillments with tracking, customers, variants, order notes. */
export class ShopifyAdapter implements CommerceAdapter {
  readonly platform = 'shopify';
  readonly system: string;
  readonly capabilities: AdapterCapabilities;
  readonly webhooks: WebhookHandler | null;
  private readonly http: HttpClient;
  private readonly endpoint: string;
  private readonly adminBase: string;
  private readonly pageSize: number;
  private readonly lines: number;
  private readonly catalogPageSize: number;
  private readonly variantsPerProduct: number;

  constructor(options: ShopifyAdapterOptions) {
    this.system = options.system ?? 'shopify';
    const host = options.shop.includes('.') ? options.shop : `${options.shop}.myshopify.com`;
    this.adminBase = `https://${host}/admin`;
    this.endpoint = `admin/api/${options.apiVersion ?? '2025-01'}/graphql.json`;
    this.pageSize = Math.min(250, options.pageSize ?? 10);
    this.lines = Math.min(100, options.linesPerOrder ?? 10);
    this.catalogPageSize = Math.min(250, options.catalogPageSize ?? 10);
    this.variantsPerProduct = Math.min(250, options.variantsPerProduct ?? 40);
    this.webhooks = options.webhookSecret ? shopifyWebhooks(options.webhookSecret) : null;
    this.capabilities = { ...SHOPIFY_CAPABILITIES, webhooks: this.webhooks !== null };
    this.http = new HttpClient(
      clientOptions(options, {
        system: this.system,
        baseUrl: options.baseUrl ?? `https://${host}`,
        secrets: [options.accessToken, options.webhookSecret],
        authenticate: (req) => req.headers.set('x-shopify-access-token', options.accessToken),
        inspect: ({ status, body }) => inspect(status, body),
        defaultLimiter: () => new ShopifyCostLimiter({ clock: options.clock }),
      }),
    );
  }

  async findCustomers(query: CustomerQuery, options: { signal?: AbortSignal } = {}): Promise<Customer[]> {
    if (query.id) {
      const data = await this.gql<{ customer: ShopifyCustomerNode | null }>('customer', CUSTOMER_QUERY, { id: toGid('Customer', query.id) }, options.signal);
      return data.customer ? [mapCustomer(this.system, data.customer)] : [];
    }
    const search = query.email ? `email:${searchValue(query.email)}` : query.phone ? `phone:${searchValue(query.phone)}` : null;
    if (!search) return [];
    const data = await this.gql<{ customers: { nodes: ShopifyCustomerNode[] } }>('customers', CUSTOMERS_QUERY, { query: search }, options.signal);
    return data.customers.nodes.map((n) => mapCustomer(this.system, n));
  }

  async listOrders(query: OrderListQuery, options: { signal?: AbortSignal } = {}): Promise<Page<Order>> {
    let search: string;
    if (query.customerId) search = `customer_id:${toGid('Customer', query.customerId).split('/').pop()}`;
    else if (query.email) search = `email:${searchValue(query.email)}`;
    else throw new UnsupportedOperationError(this.system, 'listOrders without customerId or email');
    const result = await takeFromPages(query.first, query.after, async (cursor) => {
      const page = await this.fetchOrders(search, cursor, options.signal);
      return { items: page.nodes, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
    });
    return { items: result.items.map((n) => mapOrder(this.system, n, this.adminBase)), nextCursor: result.nextCursor, total: null };
  }

  async getOrder(ref: OrderRef, options: { signal?: AbortSignal } = {}): Promise<Order | null> {
    if (ref.id) {
      const data = await this.gql<{ order: ShopifyOrderNode | null }>('order', ORDER_QUERY, { id: toGid('Order', ref.id), lines: this.lines }, options.signal, estimateCost('order', 1, this.lines));
      return data.order ? mapOrder(this.system, data.order, this.adminBase) : null;
    }
    if (!ref.number) return null;
    const wanted = normaliseOrderNumber(ref.number);
    // `name:` search can match loosely; keep only the exact order number.
    const page = await this.fetchOrders(`name:${searchValue(`#${wanted}`)}`, null, options.signal);
    const node = page.nodes.find((n) => normaliseOrderNumber(n.name) === wanted);
    return node ? mapOrder(this.system, node, this.adminBase) : null;
  }

  async lookupSku(sku: string, options: { signal?: AbortSignal } = {}): Promise<Sku[]> {
    const data = await this.gql<{ shop: { currencyCode: string }; productVariants: { nodes: ShopifyVariantNode[] } }>(
      'variants',
      VARIANTS_QUERY,
      { query: `sku:${searchValue(sku)}` },
      options.signal,
    );
    return data.productVariants.nodes.filter((v) => v.sku === sku).map((v) => mapVariant(this.system, v, data.shop.currencyCode));
  }

  /** Shopify's product search syntax on the title ("do you have the hoodie in XL?"). */
  async searchProducts(text: string, options: { signal?: AbortSignal } = {}): Promise<Product[]> {
    const data = await this.gql<{ shop: { currencyCode: string }; products: { nodes: Array<{ id: string; title: string; variants: { nodes: ShopifyVariantNode[] } }> } }>(
      'products',
      PRODUCTS_QUERY,
      { query: `title:*${text.replace(/[*"\\]/g, ' ').trim()}*` },
      options.signal,
      estimateCost('products'),
    );
    return data.products.nodes.map((p) => ({
      system: this.system,
      externalId: p.id,
      title: p.title,
      skus: p.variants.nodes.map((v) => mapVariant(this.system, { ...v, product: { id: p.id, title: p.title } }, data.shop.currencyCode)),
    }));
  }

  /**
   * Active products by id, with every variant's options, price and stock. Products with more
   * variants than fit the page query are completed one by one, so the page's cost stays bounded.
   */
  async listProducts(query: CatalogQuery, options: { signal?: AbortSignal } = {}): Promise<Page<CatalogProduct>> {
    const since = catalogSince(this.system, query.updatedSince);
    const search = ['status:active', since ? `updated_at:>='${since}'` : null].filter(Boolean).join(' ');
    const result = await takeFromPages(query.first, query.after, async (cursor) => {
      const data = await this.gql<{ shop: { currencyCode: string }; products: { nodes: ShopifyCatalogNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
        'catalog',
        CATALOG_QUERY,
        { first: this.catalogPageSize, after: cursor, query: search, variants: this.variantsPerProduct },
        options.signal,
        estimateCost('catalog', this.catalogPageSize, this.variantsPerProduct),
      );
      const items: CatalogProduct[] = [];
      for (const node of data.products.nodes) {
        const variants = await this.remainingVariants(node, options.signal);
        items.push(mapCatalogProduct(this.system, node, variants, data.shop.currencyCode));
      }
      return { items, next: data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null };
    });
    return { items: result.items, nextCursor: result.nextCursor, total: null };
  }

  async createTicket(): Promise<Ticket> {
    throw new UnsupportedOperationError(this.system, 'createTicket (Shopify has no tickets; use notes)');
  }

  /**
   * Shopify has one note per order and `orderUpdate` overwrites it, so the note is read and the new
   * text appended with a Keeper marker. Not retried after an outage: a write may have happened.
   */
  async addNote(input: NoteInput, options: { signal?: AbortSignal } = {}): Promise<Note> {
    const id = toGid('Order', input.orderId);
    const current = await this.gql<{ order: { id: string; note: string | null } | null }>('note', ORDER_NOTE_QUERY, { id }, options.signal);
    if (!current.order) throw new UpstreamError(this.system, 'not_found', `order ${input.orderId} not found`);
    const stamp = new Date().toISOString();
    const note = [current.order.note, `[Keeper ${stamp}] ${input.body}`].filter(Boolean).join('\n\n');
    const data = await this.gql<{ orderUpdate: { order: { id: string; updatedAt: string } | null; userErrors: Array<{ message: string }> } }>(
      'update',
      ORDER_UPDATE_MUTATION,
      { input: { id, note } },
      options.signal,
      estimateCost('update'),
      false,
    );
    if (data.orderUpdate.userErrors.length) throw new UpstreamError(this.system, 'bad_request', `orderUpdate: ${data.orderUpdate.userErrors.map((e) => e.message).join('; ')}`);
    return { system: this.system, externalId: `${id}#note@${stamp}`, orderExternalId: id, body: input.body, createdAt: data.orderUpdate.order?.updatedAt ?? stamp };
  }

  private async remainingVariants(node: ShopifyCatalogNode, signal?: AbortSignal): Promise<ShopifyCatalogVariantNode[]> {
    const variants = [...node.variants.nodes];
    let page = node.variants.pageInfo;
    // Shopify caps variants per product (2048 with the new product model): this ends.
    while (page.hasNextPage && page.endCursor) {
      const data = await this.gql<{ product: { variants: ShopifyVariantConnection } | null }>(
        'productVariants',
        PRODUCT_VARIANTS_QUERY,
        { id: node.id, variants: this.variantsPerProduct, after: page.endCursor },
        signal,
        estimateCost('productVariants', 1, this.variantsPerProduct),
      );
      // Deleted between the two calls: what was read is all there is.
      if (!data.product) break;
      variants.push(...data.product.variants.nodes);
      page = data.product.variants.pageInfo;
    }
    return variants;
  }

  private async fetchOrders(search: string, after: string | null, signal?: AbortSignal) {
    const data = await this.gql<{ orders: { nodes: ShopifyOrderNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
      'orders',
      ORDERS_QUERY,
      { first: this.pageSize, after, query: search, lines: this.lines },
      signal,
      estimateCost('orders', this.pageSize, this.lines),
    );
    return data.orders;
  }

  private async gql<T>(operation: string, query: string, variables: Record<string, unknown>, signal?: AbortSignal, cost?: number, idempotent = true): Promise<T> {
    const res = await this.http.request<GraphQLBody<T>>({
      method: 'POST',
      path: this.endpoint,
      json: { query, variables, operationName: /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] },
      idempotent,
      cost: cost ?? estimateCost(operation as 'customers'),
      signal,
      operation: `shopify.${operation}`,
    });
    if (!res.body?.data) throw new UpstreamError(this.system, 'bad_response', `shopify.${operation}: response without data`);
    return res.body.data;
  }
}

/** Shopify's conventions: THROTTLED inside a 200 body, ACCESS_DENIED for missing scopes. */
function inspect(status: number, body: unknown): ResponseVerdict | undefined {
  if (isShopifyThrottled(body)) {
    return { ok: false, reason: 'rate_limited', message: 'Shopify GraphQL cost limit reached (THROTTLED)', retryAfterMs: ShopifyCostLimiter.retryAfterMs(body), upstreamCode: 'THROTTLED' };
  }
  const errors = (body as GraphQLBody<unknown> | null)?.errors;
  if (status === 200 && Array.isArray(errors) && errors.length) {
    const denied = errors.some((e) => e.extensions?.code === 'ACCESS_DENIED');
    const message = errors.map((e) => e.message).join('; ');
    return { ok: false, reason: denied ? 'auth' : 'bad_request', message: `GraphQL error: ${message}`, upstreamCode: errors[0]?.extensions?.code ?? null };
  }
  return undefined;
}
