import type { CatalogProduct, Customer, Note, Order, Page, Product, Sku, Ticket } from './model.js';
import { UpstreamError } from './errors.js';

/**
 * What an adapter can do. Keeper asks instead of assuming: Taobao/JD/PDD cannot look customers up by
 * email or phone (PII is masked), Shopify has no tickets, etc.
 */
export interface AdapterCapabilities {
  customerLookup: { byId: boolean; byEmail: boolean; byPhone: boolean };
  orders: {
    /** listOrders({ customerId }) works. */
    byCustomerId: boolean;
    /** listOrders({ email }) works without resolving a customer first. */
    byEmail: boolean;
    /** listOrders({ phone }) works without resolving a customer first. */
    byPhone: boolean;
    /** getOrder({ number }) works with what the shopper types. */
    byNumber: boolean;
  };
  /** Shipments carry carrier/tracking data. */
  tracking: boolean;
  skuLookup: boolean;
  productSearch: boolean;
  tickets: boolean;
  notes: boolean;
  webhooks: boolean;
  /** listProducts pages through the whole catalog (products, SKUs, option values, prices, stock). */
  catalogSync: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CustomerQuery {
  id?: string;
  email?: string;
  phone?: string;
}

export interface OrderListQuery {
  customerId?: string;
  email?: string;
  phone?: string;
  /** Page size the caller wants; adapters clamp to the platform's maximum. */
  first: number;
  after?: string | null;
}

export interface CatalogQuery {
  /** Products the caller wants in this call; adapters read as many platform pages as that takes. */
  first: number;
  /** `nextCursor` of the previous call. */
  after?: string | null;
  /** ISO-8601: only products changed at or after this time (incremental syncs; deletions are not reported). */
  updatedSince?: string | null;
}

export interface OrderRef {
  id?: string;
  /** The number as the shopper types it ("#1001", "1001", "E2023..."). */
  number?: string;
}

export interface TicketInput {
  orderId?: string | null;
  customerId?: string | null;
  subject?: string | null;
  body: string;
}

export interface NoteInput {
  orderId: string;
  body: string;
}

/** A webhook request exactly as received: the raw body is needed for HMAC checks. */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** The full URL the platform called, for schemes that sign it (Square, Shopee). */
  url?: string;
}

export interface OrderUpdatedEvent {
  type: 'order.updated';
  orderId: string;
  orderNumber: string | null;
  customerExternalId: string | null;
  status: string;
  rawStatus: string | null;
  raw: unknown;
}

export type CommerceWebhookEvent = OrderUpdatedEvent;

export interface WebhookHandler {
  /** Constant-time signature check on the raw body. Must run before any parsing. */
  verify(request: WebhookRequest): boolean;
  /** Events in the (verified) request; unknown topics yield []. */
  parse(request: WebhookRequest): CommerceWebhookEvent[];
  /**
   * A platform's unsigned liveness check (WooCommerce pings a new webhook with `webhook_id=N`):
   * answered 200 without verifying or emitting anything.
   */
  isPing?(request: WebhookRequest): boolean;
  /** What the platform expects back (Youzan wants a JSON body). Default: 200 with `{ "ok": true }`. */
  acknowledge?(): { status: number; body: unknown };
}

/**
 * The contract every shop/ERP adapter implements. Methods a platform cannot serve throw
 * `UnsupportedOperationError` and are marked false in `capabilities`.
 */
export interface CommerceAdapter {
  /** Instance name, unique per deployment ("shopify", "shopify-eu", "erp"). Tags every result. */
  readonly system: string;
  /** Platform kind ("shopify", "youzan", "woocommerce", "rest"). */
  readonly platform: string;
  readonly capabilities: AdapterCapabilities;
  findCustomers(query: CustomerQuery, options?: CallOptions): Promise<Customer[]>;
  listOrders(query: OrderListQuery, options?: CallOptions): Promise<Page<Order>>;
  /** null when the order does not exist (a 404 is an answer, not an outage). */
  getOrder(ref: OrderRef, options?: CallOptions): Promise<Order | null>;
  lookupSku(sku: string, options?: CallOptions): Promise<Sku[]>;
  searchProducts(text: string, options?: CallOptions): Promise<Product[]>;
  /**
   * The catalog in pages of up to `first` products, each with all its SKUs, in a stable order so a
   * cursor resumes without gaps or duplicates. Only products the shop sells (active/published).
   */
  listProducts(query: CatalogQuery, options?: CallOptions): Promise<Page<CatalogProduct>>;
  createTicket(input: TicketInput, options?: CallOptions): Promise<Ticket>;
  addNote(input: NoteInput, options?: CallOptions): Promise<Note>;
  readonly webhooks: WebhookHandler | null;
}

/** Capabilities with everything off; adapters spread this and switch on what they support. */
export const NO_CAPABILITIES: AdapterCapabilities = {
  customerLookup: { byId: false, byEmail: false, byPhone: false },
  orders: { byCustomerId: false, byEmail: false, byPhone: false, byNumber: false },
  tracking: false,
  skuLookup: false,
  productSearch: false,
  tickets: false,
  notes: false,
  webhooks: false,
  catalogSync: false,
};

/** Strips a leading "#" and whitespace so "#1001", " 1001 " and "1001" compare equal. */
export function normaliseOrderNumber(number: string): string {
  return number.trim().replace(/^#/, '');
}

/**
 * `updatedSince` as an ISO-8601 UTC instant for the platform's filter; null when absent. A value that
 * is not a date fails as a bad request instead of silently listing everything.
 */
export function catalogSince(system: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new UpstreamError(system, 'bad_request', `updatedSince is not a date: ${JSON.stringify(value).slice(0, 60)}`);
  return new Date(time).toISOString();
}
