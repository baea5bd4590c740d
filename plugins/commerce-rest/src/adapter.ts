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
  type HttpResponse,
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
  type PreparedRequest,
  type Product,
  parseLinkHeader,
  type ResponseVerdict,
  runtimeFromOptions,
  type Sku,
  type Ticket,
  type TicketInput,
  takeFromPages,
  UnsupportedOperationError,
  UpstreamError,
  type WebhookHandler,
} from '@keeper/commerce';
import { mapCatalogProduct } from './catalog-mapping.js';
import { type EndpointConfig, type RestConfig, type RestConfigInput, restConfigSchema } from './config.js';
import { queryAll, queryOne } from './json-path.js';
import { mapCustomer, mapOrder, mapSku, readField, readTime, writeTime } from './mapping.js';
import { restWebhooks } from './webhooks.js';

type Vars = Record<string, string | null | undefined>;

/**
 * The no-code adapter for in-house ERPs: endpoints, auth, pagination, error conventions and a
 * JSONPath field mapping all come from config (validated at boot). Everything else — limits,
 * retries, breaker, cache, signatures — is the same kit every other adapter uses.
 */
export class RestAdapter implements CommerceAdapter {
  readonly platform = 'rest';
  readonly system: string;
  readonly capabilities: AdapterCapabilities;
  readonly webhooks: WebhookHandler | null;
  readonly config: RestConfig;
  private readonly http: HttpClient;

  constructor(input: RestConfigInput, runtime: AdapterRuntimeOptions = {}, shared: { redis?: unknown } = {}) {
    const config = restConfigSchema.parse(input);
    this.config = config;
    this.system = config.system;
    const e = config.endpoints;
    this.webhooks = config.webhook ? restWebhooks(config.webhook, config.mapping.statusMap) : null;
    this.capabilities = {
      ...NO_CAPABILITIES,
      customerLookup: { byId: !!e.customerById, byEmail: !!e.customersByEmail, byPhone: !!e.customersByPhone },
      orders: { byCustomerId: !!e.ordersByCustomer, byEmail: !!e.ordersByEmail, byPhone: !!e.ordersByPhone, byNumber: !!e.ordersByNumber || !!e.orderById },
      tracking: !!config.mapping.order.shipments,
      skuLookup: !!e.skusBySku,
      tickets: !!e.createTicket,
      notes: !!e.addNote,
      webhooks: this.webhooks !== null,
      catalogSync: !!e.catalogProducts && !!config.mapping.catalog,
    };
    const { rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs } = config;
    const auth = config.auth;
    const secrets = [auth.type === 'header' || auth.type === 'query' ? auth.value : auth.type === 'bearer' ? auth.token : auth.type === 'basic' ? auth.password : undefined, config.webhook?.secret];
    this.http = new HttpClient(
      clientOptions(runtimeFromOptions({ rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs }, runtime, { redis: shared.redis, key: `keeper:commerce:rl:${config.system}` }), {
        system: this.system,
        baseUrl: config.baseUrl,
        secrets,
        authenticate: (req) => this.authenticate(req),
        inspect: ({ status, body }) => this.inspect(status, body),
      }),
    );
  }

  async findCustomers(query: CustomerQuery, options: { signal?: AbortSignal } = {}): Promise<Customer[]> {
    const e = this.config.endpoints;
    if (query.id && e.customerById) {
      const record = await this.detail(e.customerById, { id: query.id }, options.signal);
      return record === null ? [] : [mapCustomer(this.system, record, this.config.mapping)];
    }
    const [ep, vars] = query.email && e.customersByEmail ? [e.customersByEmail, { email: query.email }] : query.phone && e.customersByPhone ? [e.customersByPhone, { phone: query.phone }] : [null, {}];
    if (!ep) return [];
    const page = await this.list(ep, vars, 50, null, options.signal);
    return page.items.map((r) => mapCustomer(this.system, r, this.config.mapping));
  }

  async listOrders(query: OrderListQuery, options: { signal?: AbortSignal } = {}): Promise<Page<Order>> {
    const e = this.config.endpoints;
    const choice: [EndpointConfig | undefined, Vars] = query.customerId
      ? [e.ordersByCustomer, { customerId: query.customerId }]
      : query.email
        ? [e.ordersByEmail, { email: query.email }]
        : query.phone
          ? [e.ordersByPhone, { phone: query.phone }]
          : [undefined, {}];
    if (!choice[0]) throw new UnsupportedOperationError(this.system, 'listOrders with this key');
    const page = await this.list(choice[0], choice[1], query.first, query.after ?? null, options.signal);
    return { items: page.items.map((r) => mapOrder(this.system, r, this.config.mapping)), nextCursor: page.nextCursor, total: page.total };
  }

  async getOrder(ref: OrderRef, options: { signal?: AbortSignal } = {}): Promise<Order | null> {
    const e = this.config.endpoints;
    if (ref.id && e.orderById) {
      const record = await this.detail(e.orderById, { id: ref.id }, options.signal);
      return record === null ? null : mapOrder(this.system, record, this.config.mapping);
    }
    if (ref.number && e.ordersByNumber) {
      const wanted = normaliseOrderNumber(ref.number);
      const page = await this.list(e.ordersByNumber, { number: wanted }, 10, null, options.signal);
      const orders = page.items.map((r) => mapOrder(this.system, r, this.config.mapping));
      return orders.find((o) => normaliseOrderNumber(o.number) === wanted) ?? null;
    }
    if (ref.number && e.orderById) return this.getOrder({ id: normaliseOrderNumber(ref.number) }, options);
    return null;
  }

  async lookupSku(sku: string, options: { signal?: AbortSignal } = {}): Promise<Sku[]> {
    const ep = this.config.endpoints.skusBySku;
    if (!ep) throw new UnsupportedOperationError(this.system, 'lookupSku');
    const page = await this.list(ep, { sku }, 50, null, options.signal);
    return page.items.map((r) => mapSku(this.system, r, this.config.mapping)).filter((s) => s.sku === sku);
  }

  async searchProducts(): Promise<Product[]> {
    throw new UnsupportedOperationError(this.system, 'searchProducts');
  }

  /** The `catalogProducts` endpoint, paged by the global pagination; SKUs inline or from `catalogSkus`. */
  async listProducts(query: CatalogQuery, options: { signal?: AbortSignal } = {}): Promise<Page<CatalogProduct>> {
    const e = this.config.endpoints;
    const mapping = this.config.mapping;
    if (!e.catalogProducts || !mapping.catalog) throw new UnsupportedOperationError(this.system, 'listProducts');
    const since = catalogSince(this.system, query.updatedSince);
    const page = await this.list(e.catalogProducts, { updatedSince: since ? writeTime(since, mapping.time) : null }, query.first, query.after ?? null, options.signal);
    const items: CatalogProduct[] = [];
    for (const record of page.items) {
      try {
        const productId = readField(record, mapping.catalog.id);
        const skus = e.catalogSkus ? await this.allRecords(e.catalogSkus, { productId: productId === undefined || productId === null ? null : String(productId) }, options.signal) : undefined;
        items.push(mapCatalogProduct(this.system, record, mapping, skus));
      } catch (error) {
        // A record the mapping cannot read is the ERP's answer not fitting the config: say which.
        if (error instanceof TypeError) throw new UpstreamError(this.system, 'bad_response', `catalog: ${error.message}`);
        throw error;
      }
    }
    return { items, nextCursor: page.nextCursor, total: since ? null : page.total };
  }

  async createTicket(input: TicketInput, options: { signal?: AbortSignal } = {}): Promise<Ticket> {
    const ep = this.config.endpoints.createTicket;
    if (!ep) throw new UnsupportedOperationError(this.system, 'createTicket');
    const vars = { orderId: input.orderId, customerId: input.customerId, subject: input.subject ?? '', body: input.body };
    const res = await this.call(ep, vars, {}, options.signal);
    const record = queryOne(res.body, ep.itemPath ?? '$');
    const t = this.config.mapping.ticket;
    const id = t ? readField(record, t.id) : undefined;
    return {
      system: this.system,
      externalId: id === undefined || id === null ? '' : String(id),
      kind: 'ticket',
      orderExternalId: input.orderId ?? null,
      subject: input.subject ?? null,
      body: input.body,
      status: t?.status ? String(readField(record, t.status) ?? '') || null : null,
      createdAt: t?.createdAt ? readTime(readField(record, t.createdAt), this.config.mapping.time) : null,
    };
  }

  async addNote(input: NoteInput, options: { signal?: AbortSignal } = {}): Promise<Note> {
    const ep = this.config.endpoints.addNote;
    if (!ep) throw new UnsupportedOperationError(this.system, 'addNote');
    const res = await this.call(ep, { orderId: input.orderId, body: input.body }, {}, options.signal);
    const record = queryOne(res.body, ep.itemPath ?? '$');
    const id = this.config.mapping.ticket ? readField(record, this.config.mapping.ticket.id) : undefined;
    return { system: this.system, externalId: id === undefined || id === null ? '' : String(id), orderExternalId: input.orderId, body: input.body, createdAt: null };
  }

  /** Every record of a list endpoint, following its pagination to the end. */
  private async allRecords(ep: EndpointConfig, vars: Vars, signal?: AbortSignal): Promise<unknown[]> {
    const out: unknown[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 1000; guard++) {
      const page: { items: unknown[]; nextCursor: string | null } = await this.list(ep, vars, 1000, cursor, signal);
      out.push(...page.items);
      if (!page.nextCursor || page.items.length === 0) return out;
      cursor = page.nextCursor;
    }
    throw new UpstreamError(this.system, 'bad_response', `${ep.path}: more than 1000 pages`);
  }

  /** A detail endpoint; a 404 (or the configured not-found body) is null, not an error. */
  private async detail(ep: EndpointConfig, vars: Vars, signal?: AbortSignal): Promise<unknown | null> {
    try {
      const res = await this.call(ep, vars, {}, signal);
      const record = queryOne(res.body, ep.itemPath ?? '$');
      return record === undefined || record === null ? null : record;
    } catch (error) {
      if (isUpstreamError(error) && error.reason === 'not_found') return null;
      throw error;
    }
  }

  private async list(ep: EndpointConfig, vars: Vars, first: number, after: string | null, signal?: AbortSignal) {
    const p = this.config.pagination;
    const itemsOf = (body: unknown) => queryAll(body, ep.itemsPath ?? '$[*]');
    if (p.style === 'none' || ep.paginated === false) {
      // One response holds everything; the cursor is an offset into it, so nothing past `first` is lost.
      const items = itemsOf((await this.call(ep, vars, {}, signal)).body);
      const start = after ? Number(/^o(\d+)$/.exec(after)?.[1] ?? Number.NaN) : 0;
      if (!Number.isInteger(start)) throw new UpstreamError(this.system, 'bad_request', `invalid cursor: ${after}`);
      const end = start + first;
      return { items: items.slice(start, end), nextCursor: end < items.length ? `o${end}` : null, total: items.length };
    }
    return takeFromPages(first, after, async (cursor) => {
      switch (p.style) {
        case 'page': {
          const page = cursor ? Number(cursor) : p.firstPage;
          const res = await this.call(ep, vars, { [p.pageParam]: String(page), [p.sizeParam]: String(p.pageSize) }, signal);
          const items = itemsOf(res.body);
          const num = (path?: string) => (path ? numberOrNull(queryOne(res.body, path)) : null);
          const hasNext = p.hasNextPath ? Boolean(queryOne(res.body, p.hasNextPath)) : null;
          // nextPageNumber counts pages from 1; shift for ERPs whose first page is 0.
          const shift = 1 - p.firstPage;
          const next = nextPageNumber({ page: page + shift, pageSize: p.pageSize, received: items.length, totalPages: num(p.totalPagesPath), totalItems: num(p.totalItemsPath), hasNext });
          return { items, next: next === null ? null : String(next - shift), total: num(p.totalItemsPath) };
        }
        case 'offset': {
          const offset = cursor ? Number(cursor) : 0;
          const res = await this.call(ep, vars, { [p.offsetParam]: String(offset), [p.limitParam]: String(p.pageSize) }, signal);
          const items = itemsOf(res.body);
          const total = p.totalItemsPath ? numberOrNull(queryOne(res.body, p.totalItemsPath)) : null;
          const more = total !== null ? offset + items.length < total : items.length >= p.pageSize;
          return { items, next: more && items.length ? String(offset + items.length) : null, total };
        }
        case 'cursor': {
          const res = await this.call(ep, vars, { ...(cursor ? { [p.cursorParam]: cursor } : {}), ...(p.sizeParam ? { [p.sizeParam]: String(p.pageSize) } : {}) }, signal);
          const next = queryOne(res.body, p.nextCursorPath);
          return { items: itemsOf(res.body), next: typeof next === 'string' && next ? next : typeof next === 'number' ? String(next) : null };
        }
        case 'link': {
          const res = cursor
            ? await this.http.request({ path: cursor, signal, operation: `rest.${ep.path}` })
            : await this.call(ep, vars, p.sizeParam ? { [p.sizeParam]: String(p.pageSize) } : {}, signal);
          return { items: itemsOf(res.body), next: parseLinkHeader(res.headers.get('link')).next ?? null };
        }
      }
    });
  }

  private call(ep: EndpointConfig, vars: Vars, extraQuery: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse<unknown>> {
    const path = ep.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(vars[name] ?? ''));
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(ep.query ?? {})) {
      // A parameter that is only an absent placeholder (`{updatedSince}` on a full listing) is left out.
      const whole = /^\{(\w+)\}$/.exec(v);
      if (whole && (vars[whole[1]!] === null || vars[whole[1]!] === undefined)) continue;
      query[k] = fill(v, vars);
    }
    return this.http.request({
      method: ep.method,
      path,
      query: { ...query, ...extraQuery },
      headers: this.config.headers,
      json: ep.body ? fillDeep(ep.body, vars) : undefined,
      // Only reads are repeated after an outage; writes (tickets, notes) are not.
      idempotent: ep.method === 'GET',
      signal,
      operation: `${this.system}.${ep.path}`,
    });
  }

  private authenticate(req: PreparedRequest): void {
    const a = this.config.auth;
    if (a.type === 'header') req.headers.set(a.name, a.value);
    else if (a.type === 'bearer') req.headers.set('authorization', `Bearer ${a.token}`);
    else if (a.type === 'basic') req.headers.set('authorization', `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`);
    else if (a.type === 'query') req.url.searchParams.set(a.name, a.value);
  }

  private inspect(status: number, body: unknown): ResponseVerdict | undefined {
    if (status < 200 || status >= 300) return undefined;
    const errors = this.config.errors;
    const matches = (m?: { path: string; equals: unknown }) => m !== undefined && queryOne(body, m.path) === m.equals;
    if (matches(errors.throttle)) {
      const seconds = errors.throttle?.retryAfterSecondsPath ? numberOrNull(queryOne(body, errors.throttle.retryAfterSecondsPath)) : null;
      return { ok: false, reason: 'rate_limited', message: 'throttled (signalled in the response body)', retryAfterMs: seconds === null ? null : seconds * 1000 };
    }
    if (matches(errors.auth)) return { ok: false, reason: 'auth', message: 'credentials rejected (signalled in the response body)' };
    if (matches(errors.notFound)) return { ok: false, reason: 'not_found', message: 'not found (signalled in the response body)' };
    return undefined;
  }
}

function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => vars[name] ?? '');
}

function fillDeep(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    // A template that is exactly one placeholder keeps null for absent values instead of "".
    const whole = /^\{(\w+)\}$/.exec(value);
    return whole ? (vars[whole[1]!] ?? null) : fill(value, vars);
  }
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, vars));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, vars)]));
  return value;
}

function numberOrNull(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
