import { type Customer, type Order, type OrderStatus, type Shipment, type Sku, toMoney } from '@keeper/commerce';

export interface WooAddress {
  first_name?: string;
  last_name?: string;
  company?: string;
  address_1?: string;
  address_2?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
  email?: string;
  phone?: string;
}

export interface WooMeta {
  key: string;
  value: unknown;
}

export interface WooOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  date_created_gmt?: string | null;
  date_modified_gmt?: string | null;
  total: string;
  customer_id: number;
  customer_note?: string;
  billing?: WooAddress;
  shipping?: WooAddress;
  line_items?: Array<{ id: number; name: string; quantity: number; sku?: string; price?: string | number; subtotal?: string; total?: string; variation_id?: number; meta_data?: Array<{ display_key?: string; display_value?: unknown }> }>;
  meta_data?: WooMeta[];
}

export interface WooCustomer {
  id: number;
  email: string;
  first_name?: string;
  last_name?: string;
  date_created_gmt?: string;
  billing?: WooAddress;
}

export interface WooTracking {
  tracking_provider?: string;
  custom_tracking_provider?: string;
  tracking_link?: string;
  custom_tracking_link?: string;
  tracking_number?: string;
  date_shipped?: string | number;
}

export interface WooProduct {
  id: number;
  name: string;
  sku: string;
  price: string;
  stock_quantity: number | null;
}

const STATUS: Record<string, OrderStatus> = {
  pending: 'pending_payment',
  failed: 'pending_payment',
  'checkout-draft': 'pending_payment',
  processing: 'processing',
  'on-hold': 'on_hold',
  completed: 'completed',
  cancelled: 'cancelled',
  trash: 'cancelled',
  refunded: 'refunded',
};

export function normaliseStatus(status: string): OrderStatus {
  return STATUS[status] ?? 'unknown';
}

/** Woo's `*_gmt` fields are UTC without a zone designator; the non-gmt ones are site-local. */
export function gmt(value: string | null | undefined): string | null {
  if (!value) return null;
  return /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? new Date(value).toISOString() : new Date(`${value}Z`).toISOString();
}

function fullName(a: WooAddress | undefined): string | null {
  const name = [a?.first_name, a?.last_name].filter(Boolean).join(' ');
  return name || null;
}

/** Shipment Tracking keeps its items in order meta too, so tracking shows without the extension's API. */
export function trackingFromMeta(meta: WooMeta[] | undefined): Shipment[] {
  const items = meta?.find((m) => m.key === '_wc_shipment_tracking_items')?.value;
  return Array.isArray(items) ? (items as WooTracking[]).map(mapTracking) : [];
}

export function mapTracking(t: WooTracking): Shipment {
  const shipped = t.date_shipped;
  return {
    carrier: t.tracking_provider || t.custom_tracking_provider || null,
    trackingNumber: t.tracking_number || null,
    trackingUrl: t.tracking_link || t.custom_tracking_link || null,
    status: null,
    shippedAt: typeof shipped === 'number' ? new Date(shipped * 1000).toISOString() : shipped ? new Date(`${shipped}T00:00:00Z`).toISOString() : null,
  };
}

export function mapOrder(system: string, o: WooOrder, siteUrl: string, shipments: Shipment[] = trackingFromMeta(o.meta_data)): Order {
  const ship = o.shipping;
  return {
    system,
    externalId: String(o.id),
    number: o.number || String(o.id),
    status: normaliseStatus(o.status),
    rawStatus: o.status,
    placedAt: gmt(o.date_created_gmt),
    updatedAt: gmt(o.date_modified_gmt),
    customerExternalId: o.customer_id ? String(o.customer_id) : null,
    email: o.billing?.email || null,
    phone: o.billing?.phone || null,
    total: toMoney(o.total, o.currency),
    lineItems: (o.line_items ?? []).map((l) => ({
      sku: l.sku || null,
      title: l.name,
      quantity: l.quantity,
      unitPrice: toMoney(l.price ?? null, o.currency),
      total: toMoney(l.total ?? null, o.currency),
      variant: (l.meta_data ?? []).map((m) => (m.display_key ? `${m.display_key}: ${String(m.display_value)}` : null)).filter(Boolean).join(', ') || null,
    })),
    shipments,
    shippingAddress: ship
      ? { name: fullName(ship), phone: ship.phone || null, line1: ship.address_1 || null, line2: ship.address_2 || null, city: ship.city || null, region: ship.state || null, postalCode: ship.postcode || null, country: ship.country || null }
      : null,
    note: o.customer_note || null,
    tags: [],
    adminUrl: `${siteUrl.replace(/\/$/, '')}/wp-admin/post.php?post=${o.id}&action=edit`,
  };
}

export function mapCustomer(system: string, c: WooCustomer): Customer {
  return { system, externalId: String(c.id), email: c.email || null, phone: c.billing?.phone || null, name: fullName(c) ?? fullName(c.billing), createdAt: gmt(c.date_created_gmt) };
}

export function mapProduct(system: string, p: WooProduct, currency: string): Sku {
  return { system, externalId: String(p.id), sku: p.sku, title: p.name, productTitle: p.name, price: toMoney(p.price || null, currency), inventory: p.stock_quantity ?? null };
}
