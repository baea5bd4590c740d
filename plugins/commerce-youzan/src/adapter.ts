import {
  type AdapterCapabilities,
  type AdapterRuntimeOptions,
  type CatalogProduct,
  type CommerceAdapter,
  type Customer,
  type CustomerQuery,
  clientOptions,
  HttpClient,
  isUpstreamError,
  NO_CAPABILITIES,
  type Note,
  nextPageNumber,
  normaliseOrderNumber,
  type Order,
  type OrderListQuery,
  type OrderRef,
  type Page,
  type Product,
  type Sku,
  type Ticket,
  TokenBucketLimiter,
  takeFromPages,
  UnsupportedOperationError,
  UpstreamError,
  type WebhookHandler,
} from '@keeper/commerce';
import { inspectYouzan } from './envelope.js';
import { beijingToIso, mapOrder, mapShipments, type YouzanDeliveryOrder, type YouzanFullOrderInfo } from './mapping.js';
import { youzanWebhooks } from './webhooks.js';

export interface YouzanAdapterOptions extends AdapterRuntimeOptions {
  system?: string;
  clientId: string;
  clientSecret: string;
  /** The shop's kdt_id (self-built "silent" apps authorise with it as grant_id). */
  grantId: string;
  /** Default https://open.youzanyun.com. */
  baseUrl?: string;
  /** page_size for youzan.trades.sold.get (max 100; page_no × page_size ≤ 3200). */
  pageSize?: number;
  /** Youzan's throttle answer (4101) carries no Retry-After; wait this long before the retry. */
  throttlePauseMs?: number;
  /** Verify and accept push messages (signed with the client secret). Default true. */
  webhooks?: boolean;
  /** API versions, pinned; change only after checking the new version's fields. */
  versions?: { tradesSoldGet?: string; tradeGet?: string };
}

interface TokenData {
  access_token: string;
  /** Epoch milliseconds. */
  expires: number;
}

interface TradesSoldGetData {
  total_results?: number;
  full_order_info_list?: Array<{ full_order_info: YouzanFullOrderInfo }>;
}

const MAX_WINDOW = 3200;

/** Youzan Cloud adapter: silent token flow, youzan.trades.sold.get listing, youzan.trade.get logistics, push messages. */
export class YouzanAdapter implements CommerceAdapter {
  readonly platform = 'youzan';
  readonly system: string;
  readonly capabilities: AdapterCapabilities;
  readonly webhooks: WebhookHandler | null;
  private readonly http: HttpClient;
  private readonly pageSize: number;
  private token: { value: string; expiresAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;

  constructor(private readonly options: YouzanAdapterOptions) {
    this.system = options.system ?? 'youzan';
    this.pageSize = Math.min(100, options.pageSize ?? 20);
    this.webhooks = options.webhooks === false ? null : youzanWebhooks(options.clientId, options.clientSecret);
    this.capabilities = {
      ...NO_CAPABILITIES,
      // Youzan has no buyer search by phone; the adapter derives buyers from trades' receiver_phone.
      customerLookup: { byId: false, byEmail: false, byPhone: true },
      orders: { byCustomerId: true, byEmail: false, byPhone: true, byNumber: true },
      tracking: true,
      webhooks: this.webhooks !== null,
    };
    this.http = new HttpClient(
      clientOptions(options, {
        system: this.system,
        baseUrl: options.baseUrl ?? 'https://open.youzanyun.com',
        secrets: [options.clientSecret],
        inspect: ({ status, body }) => inspectYouzan(status, body, options.throttlePauseMs ?? 1_000),
        defaultLimiter: () => new TokenBucketLimiter({ ratePerSecond: 10, capacity: 10, clock: options.clock }),
      }),
    );
  }

  async findCustomers(query: CustomerQuery, options: { signal?: AbortSignal } = {}): Promise<Customer[]> {
    if (!query.phone) return [];
    const data = await this.tradesSoldGet({ receiver_phone: query.phone, page_no: 1, page_size: this.pageSize }, options.signal);
    const buyers = new Map<string, Customer>();
    for (const { full_order_info: info } of data.full_order_info_list ?? []) {
      const id = info.buyer_info?.buyer_id;
      if (id === undefined || String(id) === '0' || buyers.has(String(id))) continue;
      buyers.set(String(id), {
        system: this.system,
        externalId: String(id),
        email: null,
        phone: info.buyer_info?.buyer_phone || query.phone,
        name: info.buyer_info?.fans_nickname || info.address_info?.receiver_name || null,
        createdAt: null,
      });
    }
    return [...buyers.values()];
  }

  async listOrders(query: OrderListQuery, options: { signal?: AbortSignal } = {}): Promise<Page<Order>> {
    const filter = query.customerId ? { buyer_id: query.customerId } : query.phone ? { receiver_phone: query.phone } : null;
    if (!filter) throw new UnsupportedOperationError(this.system, 'listOrders without customerId or phone');
    const result = await takeFromPages(query.first, query.after, async (cursor) => {
      const page = cursor ? Number(cursor) : 1;
      const data = await this.tradesSoldGet({ ...filter, page_no: page, page_size: this.pageSize }, options.signal);
      const items = (data.full_order_info_list ?? []).map((e) => e.full_order_info);
      // Youzan refuses windows past page_no × page_size = 3200.
      const next = page * this.pageSize >= MAX_WINDOW ? null : nextPageNumber({ page, pageSize: this.pageSize, received: items.length, totalItems: data.total_results ?? null });
      return { items, next: next === null ? null : String(next), total: data.total_results ?? null };
    });
    return { items: result.items.map((info) => mapOrder(this.system, info)), nextCursor: result.nextCursor, total: result.total };
  }

  /** The tid is both id and number on Youzan ("E2023..."). Logistics come from youzan.trade.get. */
  async getOrder(ref: OrderRef, options: { signal?: AbortSignal } = {}): Promise<Order | null> {
    const tid = ref.id ?? (ref.number ? normaliseOrderNumber(ref.number) : null);
    if (!tid) return null;
    const data = await this.tradesSoldGet({ tid, page_no: 1, page_size: 1 }, options.signal);
    const info = data.full_order_info_list?.find((e) => e.full_order_info.order_info.tid === tid)?.full_order_info;
    if (!info) return null;
    const detail = await this.call<{ delivery_order?: YouzanDeliveryOrder[] }>('youzan.trade.get', this.options.versions?.tradeGet ?? '4.0.0', { tid }, options.signal);
    return mapOrder(this.system, info, mapShipments(detail.delivery_order));
  }

  async lookupSku(): Promise<Sku[]> {
    throw new UnsupportedOperationError(this.system, 'lookupSku');
  }

  async searchProducts(): Promise<Product[]> {
    throw new UnsupportedOperationError(this.system, 'searchProducts');
  }

  /**
   * Not wired: the reference this adapter is built from documents Youzan's trade APIs only. The item
   * list API's name, version, paging limits and SKU/property fields are unverified, and a guessed
   * shape would fail on a live shop in ways the contract tests could not catch.
   */
  async listProducts(): Promise<Page<CatalogProduct>> {
    throw new UnsupportedOperationError(this.system, 'listProducts (Youzan item list API not verified yet)');
  }

  async createTicket(): Promise<Ticket> {
    throw new UnsupportedOperationError(this.system, 'createTicket');
  }

  async addNote(): Promise<Note> {
    throw new UnsupportedOperationError(this.system, 'addNote (seller memo API not verified yet)');
  }

  private tradesSoldGet(body: Record<string, unknown>, signal?: AbortSignal): Promise<TradesSoldGetData> {
    return this.call<TradesSoldGetData>('youzan.trades.sold.get', this.options.versions?.tradesSoldGet ?? '4.0.4', body, signal);
  }

  /** One API call with the token in the query; a rejected token is refreshed once. */
  private async call<T>(api: string, version: string, body: Record<string, unknown>, signal?: AbortSignal, retried = false): Promise<T> {
    const token = await this.accessToken(signal);
    try {
      const res = await this.http.request<{ data?: T; response?: T }>({
        method: 'POST',
        path: `api/${api}/${version}`,
        query: { access_token: token },
        json: body,
        // Every call this adapter makes is a read.
        idempotent: true,
        signal,
        operation: api,
      });
      const data = res.body?.data ?? res.body?.response;
      if (data === undefined || data === null) throw new UpstreamError(this.system, 'bad_response', `${api}: response without data`);
      return data;
    } catch (error) {
      if (!retried && isUpstreamError(error) && error.reason === 'auth') {
        this.token = null;
        return this.call(api, version, body, signal, true);
      }
      throw error;
    }
  }

  private async accessToken(signal?: AbortSignal): Promise<string> {
    // Refresh a minute early so a call never starts with a token about to expire.
    if (this.token && this.token.expiresAt - 60_000 > Date.now()) return this.token.value;
    this.pendingToken ??= this.fetchToken(signal).finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    try {
      const res = await this.http.request<{ data?: TokenData }>({
        method: 'POST',
        path: 'auth/token',
        json: { authorize_type: 'silent', client_id: this.options.clientId, client_secret: this.options.clientSecret, grant_id: this.options.grantId, refresh: false },
        idempotent: true,
        signal,
        operation: 'auth/token',
      });
      const data = res.body?.data;
      if (!data?.access_token) throw new UpstreamError(this.system, 'bad_response', 'auth/token: no access_token in response');
      this.http.redactor.addSecret(data.access_token);
      this.token = { value: data.access_token, expiresAt: Number(data.expires) || Date.now() + 3_600_000 };
      return data.access_token;
    } catch (error) {
      // Any refusal of the token request itself means the app credentials are wrong or not authorised.
      if (isUpstreamError(error) && error.reason === 'bad_request') {
        throw new UpstreamError(this.system, 'auth', `auth/token refused: check client_id, client_secret and grant_id (${error.message})`);
      }
      throw error;
    }
  }
}

export { beijingToIso };
