import { type CatalogProduct, type CatalogSku, type Customer, type Order, type OrderStatus, type Sku, toMoney } from '@keeper/commerce';

interface MoneySet {
  shopMoney?: { amount?: string | null; currencyCode?: string | null } | null;
}

export interface ShopifyOrderNode {
  id: string;
  name: string;
  createdAt?: string | null;
  updatedAt?: string | null;
  email?: string | null;
  phone?: string | null;
  cancelledAt?: string | null;
  closed?: boolean | null;
  displayFinancialStatus?: string | null;
  displayFulfillmentStatus?: string | null;
  note?: string | null;
  tags?: string[] | null;
  customer?: { id: string } | null;
  totalPriceSet?: MoneySet | null;
  lineItems?: {
    nodes: Array<{
      sku?: string | null;
      title: string;
      variantTitle?: string | null;
      quantity: number;
      originalUnitPriceSet?: MoneySet | null;
      originalTotalSet?: MoneySet | null;
    }>;
  } | null;
  fulfillments?: Array<{
    status?: string | null;
    displayStatus?: string | null;
    createdAt?: string | null;
    trackingInfo?: Array<{ company?: string | null; number?: string | null; url?: string | null }> | null;
  }> | null;
  shippingAddress?: {
    name?: string | null;
    phone?: string | null;
    address1?: string | null;
    address2?: string | null;
    city?: string | null;
    province?: string | null;
    zip?: string | null;
    countryCodeV2?: string | null;
  } | null;
}

export interface ShopifyCustomerNode {
  id: string;
  email?: string | null;
  phone?: string | null;
  displayName?: string | null;
  createdAt?: string | null;
}

export interface ShopifyVariantNode {
  id: string;
  sku?: string | null;
  title: string;
  price?: string | null;
  inventoryQuantity?: number | null;
  product?: { id: string; title: string } | null;
}

export interface ShopifyCatalogVariantNode {
  id: string;
  sku?: string | null;
  title: string;
  price?: string | null;
  inventoryQuantity?: number | null;
  selectedOptions?: Array<{ name: string; value: string }> | null;
}

export interface ShopifyVariantConnection {
  nodes: ShopifyCatalogVariantNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface ShopifyCatalogNode {
  id: string;
  title: string;
  vendor?: string | null;
  productType?: string | null;
  updatedAt?: string | null;
  /** Shopify's Standard Product Taxonomy category; `fullName` is "Apparel & Accessories > Clothing > ...". */
  category?: { name: string; fullName?: string | null } | null;
  variants: ShopifyVariantConnection;
}

/** A product without options has one variant with this placeholder option; it is not an attribute. */
const DEFAULT_OPTION = { name: 'Title', value: 'Default Title' };

/**
 * The taxonomy path, then the shop's own product type when it is more specific ("羽绒服" under
 * "... > Coats & Jackets"): the product type is the word shoppers use, the taxonomy gives the hierarchy.
 */
export function catalogCategory(node: Pick<ShopifyCatalogNode, 'category' | 'productType'>): string[] {
  const path = (node.category?.fullName ?? node.category?.name ?? '').split('>').map((s) => s.trim()).filter(Boolean);
  const type = node.productType?.trim();
  if (type && path[path.length - 1]?.toLowerCase() !== type.toLowerCase()) path.push(type);
  return path;
}

export function mapCatalogVariant(system: string, v: ShopifyCatalogVariantNode, currency: string | null): CatalogSku {
  const attributes: Record<string, string> = {};
  for (const o of v.selectedOptions ?? []) {
    if (o.name === DEFAULT_OPTION.name && o.value === DEFAULT_OPTION.value) continue;
    if (o.name.trim() && o.value.trim()) attributes[o.name.trim()] = o.value.trim();
  }
  return {
    system,
    externalId: v.id,
    // Shopify allows variants without a SKU code; the variant GID still identifies them.
    sku: v.sku?.trim() || v.id,
    title: v.title === DEFAULT_OPTION.value ? null : v.title,
    attributes,
    price: toMoney(v.price ?? null, currency),
    inventory: v.inventoryQuantity ?? null,
  };
}

export function mapCatalogProduct(system: string, node: ShopifyCatalogNode, variants: ShopifyCatalogVariantNode[], currency: string | null): CatalogProduct {
  return {
    system,
    externalId: node.id,
    title: node.title,
    brand: node.vendor?.trim() || null,
    category: catalogCategory(node),
    // Shopify keeps product-level attributes in metafields, which vary per shop; options are per variant.
    attributes: {},
    skus: variants.map((v) => mapCatalogVariant(system, v, currency)),
    updatedAt: node.updatedAt ?? null,
  };
}

/**
 * Shopify has two status axes (financial, fulfillment) plus cancellation; the normalised status
 * takes the one an agent cares about first: cancelled/refunded, then shipping progress, then payment.
 */
export function normaliseStatus(node: Pick<ShopifyOrderNode, 'cancelledAt' | 'closed' | 'displayFinancialStatus' | 'displayFulfillmentStatus' | 'fulfillments'>): OrderStatus {
  const financial = node.displayFinancialStatus ?? '';
  const fulfillment = node.displayFulfillmentStatus ?? '';
  if (node.cancelledAt) return 'cancelled';
  if (financial === 'REFUNDED' || financial === 'VOIDED') return 'refunded';
  if (fulfillment === 'ON_HOLD') return 'on_hold';
  if (fulfillment === 'FULFILLED') {
    const all = node.fulfillments ?? [];
    if (all.length > 0 && all.every((f) => f.displayStatus === 'DELIVERED')) return 'delivered';
    return node.closed ? 'completed' : 'shipped';
  }
  if (fulfillment === 'PARTIALLY_FULFILLED') return 'partially_shipped';
  if (fulfillment === 'IN_PROGRESS' || fulfillment === 'SCHEDULED' || fulfillment === 'REQUEST_DECLINED') return 'processing';
  if (financial === 'PENDING' || financial === 'EXPIRED') return 'pending_payment';
  if (financial === 'PAID' || financial === 'PARTIALLY_PAID' || financial === 'AUTHORIZED' || financial === 'PARTIALLY_REFUNDED') return 'paid';
  return 'unknown';
}

function money(set: MoneySet | null | undefined) {
  return toMoney(set?.shopMoney?.amount ?? null, set?.shopMoney?.currencyCode ?? null);
}

export function mapOrder(system: string, node: ShopifyOrderNode, adminBase: string | null): Order {
  const numeric = node.id.split('/').pop() ?? node.id;
  const address = node.shippingAddress;
  return {
    system,
    externalId: node.id,
    number: node.name,
    status: normaliseStatus(node),
    rawStatus: [node.displayFinancialStatus, node.displayFulfillmentStatus, node.cancelledAt ? 'CANCELLED' : null].filter(Boolean).join('/'),
    placedAt: node.createdAt ?? null,
    updatedAt: node.updatedAt ?? null,
    customerExternalId: node.customer?.id ?? null,
    email: node.email ?? null,
    phone: node.phone ?? null,
    total: money(node.totalPriceSet),
    lineItems: (node.lineItems?.nodes ?? []).map((line) => ({
      sku: line.sku || null,
      title: line.title,
      quantity: line.quantity,
      unitPrice: money(line.originalUnitPriceSet),
      total: money(line.originalTotalSet),
      variant: line.variantTitle ?? null,
    })),
    shipments: (node.fulfillments ?? []).flatMap((f) => {
      const infos = f.trackingInfo?.length ? f.trackingInfo : [{ company: null, number: null, url: null }];
      return infos.map((t) => ({
        carrier: t.company ?? null,
        trackingNumber: t.number ?? null,
        trackingUrl: t.url ?? null,
        status: f.displayStatus ?? f.status ?? null,
        shippedAt: f.createdAt ?? null,
      }));
    }),
    shippingAddress: address
      ? { name: address.name, phone: address.phone, line1: address.address1, line2: address.address2, city: address.city, region: address.province, postalCode: address.zip, country: address.countryCodeV2 }
      : null,
    note: node.note ?? null,
    tags: node.tags ?? [],
    adminUrl: adminBase ? `${adminBase}/orders/${numeric}` : null,
  };
}

export function mapCustomer(system: string, node: ShopifyCustomerNode): Customer {
  return { system, externalId: node.id, email: node.email ?? null, phone: node.phone ?? null, name: node.displayName ?? null, createdAt: node.createdAt ?? null };
}

export function mapVariant(system: string, node: ShopifyVariantNode, currency: string | null): Sku {
  return {
    system,
    externalId: node.id,
    sku: node.sku ?? '',
    title: node.title,
    productTitle: node.product?.title ?? null,
    price: toMoney(node.price ?? null, currency),
    inventory: node.inventoryQuantity ?? null,
  };
}

/** Accepts "gid://shopify/Order/123" or "123". */
export function toGid(kind: 'Order' | 'Customer', id: string): string {
  return id.startsWith('gid://') ? id : `gid://shopify/${kind}/${id}`;
}

/** Search syntax values are quoted so spaces, "+" and "@" survive Shopify's query parser. */
export function searchValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
