/**
 * The normalised commerce model every adapter maps into. Money is a decimal string plus an ISO-4217
 * currency, never a float: platforms send "12.50", 12.5 or 1250 (minor units) and agents must see exactly
 * what the shop charged.
 */

export interface Money {
  /** Decimal string in major units, e.g. "12.50". Never a JS number. */
  amount: string;
  /** ISO-4217 code, e.g. "USD", "CNY". */
  currency: string;
}

/**
 * A small, stable status set the console can colour and filter on. The platform's own value is kept
 * in `rawStatus` because agents quote it back to shoppers and the mapping loses nuance.
 */
export const OrderStatuses = [
  'pending_payment',
  'paid',
  'processing',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refunded',
  'on_hold',
  'unknown',
] as const;
export type OrderStatus = (typeof OrderStatuses)[number];

/** Where a record came from: the adapter instance (`system`) and the platform's own id. */
export interface SourceRef {
  /** The adapter instance name, e.g. "shopify" or "erp-eu". Unique per deployment. */
  system: string;
  /** The platform's id for the record (GID, entity id, tid...). */
  externalId: string;
}

export interface Address {
  name?: string | null;
  phone?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface Customer extends SourceRef {
  email: string | null;
  phone: string | null;
  name: string | null;
  createdAt: string | null;
}

export interface LineItem {
  sku: string | null;
  title: string;
  quantity: number;
  unitPrice: Money | null;
  total: Money | null;
  /** Variant/option text ("Red / XL"), when the platform has it. */
  variant: string | null;
}

export interface Shipment {
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  status: string | null;
  shippedAt: string | null;
}

export interface Order extends SourceRef {
  /** What the shopper sees and types: "#1001", "E20231120...", "000000123". */
  number: string;
  status: OrderStatus;
  rawStatus: string;
  /** ISO-8601 in UTC. Adapters convert platform-local formats (Beijing time, zone-less strings). */
  placedAt: string | null;
  updatedAt: string | null;
  customerExternalId: string | null;
  email: string | null;
  phone: string | null;
  total: Money | null;
  lineItems: LineItem[];
  shipments: Shipment[];
  shippingAddress: Address | null;
  note: string | null;
  tags: string[];
  /** A link into the platform's admin, when one can be built. */
  adminUrl: string | null;
}

export interface Sku extends SourceRef {
  sku: string;
  title: string;
  productTitle: string | null;
  price: Money | null;
  /** null when the platform does not report stock. */
  inventory: number | null;
}

export interface Product extends SourceRef {
  title: string;
  skus: Sku[];
}

/**
 * One sellable variant in a catalog listing. `attributes` are the platform's own option names and
 * values as the shop wrote them ("Color" → "Pink", "尺码" → "XL"); consumers normalise keys themselves.
 */
export interface CatalogSku extends SourceRef {
  /** The merchant SKU code; falls back to `externalId` when the platform variant has none. */
  sku: string;
  /** The variant's own title ("Pink / XL"), when the platform has one. */
  title: string | null;
  attributes: Record<string, string>;
  price: Money | null;
  /** null when the platform does not track stock for this variant. */
  inventory: number | null;
}

/** A product as a catalog listing returns it: enough to build a product knowledge graph. */
export interface CatalogProduct extends SourceRef {
  title: string;
  /** Vendor/brand, when the platform has one. */
  brand: string | null;
  /** Root → leaf ("Apparel", "Coats", "羽绒服"); [] when the product is uncategorised. */
  category: string[];
  /** Product-level attributes (material, series...) that do not vary between SKUs. */
  attributes: Record<string, string>;
  skus: CatalogSku[];
  /** ISO-8601 UTC, when the platform reports it. */
  updatedAt: string | null;
}

export type TicketKind = 'ticket' | 'note';

/** An after-sales case, or a note on an order on platforms without tickets (Shopify, Woo, Youzan). */
export interface Ticket extends SourceRef {
  kind: TicketKind;
  orderExternalId: string | null;
  subject: string | null;
  body: string;
  status: string | null;
  createdAt: string | null;
}

export interface Note extends SourceRef {
  orderExternalId: string;
  body: string;
  createdAt: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `after` to continue. null when there is nothing more. */
  nextCursor: string | null;
  /** Total reported by the platform, when it reports one. */
  total: number | null;
}
