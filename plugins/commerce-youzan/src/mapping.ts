import { type Order, type OrderStatus, type Shipment, toMoney } from '@keeper/commerce';

/** One element of `full_order_info_list[].full_order_info` (youzan.trades.sold.get 4.0.x). */
export interface YouzanFullOrderInfo {
  order_info: {
    tid: string;
    status: string;
    status_str?: string;
    created?: string;
    update_time?: string;
    pay_time?: string;
    consign_time?: string;
    refund_state?: number;
  };
  buyer_info?: { buyer_id?: number | string; buyer_phone?: string; fans_nickname?: string; yz_open_id?: string; outer_user_id?: string };
  pay_info?: { payment?: string | number; total_fee?: string | number; post_fee?: string | number };
  address_info?: { receiver_name?: string; receiver_tel?: string; delivery_province?: string; delivery_city?: string; delivery_district?: string; delivery_address?: string; delivery_postal_code?: string };
  remark_info?: { buyer_message?: string; trade_memo?: string };
  orders?: Array<{ oid?: string | number; title: string; num: number; price?: string | number; payment?: string | number; total_fee?: string | number; outer_sku_id?: string; outer_item_id?: string; sku_properties_name?: string }>;
}

/**
 * Logistics as seen in youzan.trade.get detail: `delivery_order[].dist_order_DTOs[].express_info`.
 * [U] The exact location is not confirmed in public docs (reference gap #4); anything else yields none.
 */
export interface YouzanDeliveryOrder {
  dist_order_DTOs?: Array<{ dist_id?: string; express_info?: { express_id?: number | string; express_name?: string; express_no?: string }; create_time?: string }>;
}

const STATUS: Record<string, OrderStatus> = {
  WAIT_BUYER_PAY: 'pending_payment',
  TRADE_PAID: 'paid',
  WAIT_CONFIRM: 'processing',
  WAIT_SELLER_SEND_GOODS: 'paid',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_SUCCESS: 'completed',
  TRADE_CLOSED: 'cancelled',
  TRADE_CLOSE: 'cancelled',
  TRADE_REFUND: 'refunded',
};

export function normaliseStatus(status: string, refundState?: number): OrderStatus {
  // refund_state 2 = fully refunded (1 partial); a closed, refunded trade reads better as refunded.
  if (refundState === 2) return 'refunded';
  return STATUS[status] ?? 'unknown';
}

/** Youzan times are `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8, no DST). */
export function beijingToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  if (!match) return null;
  return new Date(`${match[1]}T${match[2]}+08:00`).toISOString();
}

export function mapShipments(deliveries: YouzanDeliveryOrder[] | undefined): Shipment[] {
  return (deliveries ?? []).flatMap((d) =>
    (d.dist_order_DTOs ?? []).map((dist) => ({
      carrier: dist.express_info?.express_name ?? (dist.express_info?.express_id !== undefined ? String(dist.express_info.express_id) : null),
      trackingNumber: dist.express_info?.express_no || null,
      trackingUrl: null,
      status: null,
      shippedAt: beijingToIso(dist.create_time),
    })),
  );
}

export function mapOrder(system: string, info: YouzanFullOrderInfo, shipments: Shipment[] = []): Order {
  const o = info.order_info;
  const a = info.address_info;
  const buyerId = info.buyer_info?.buyer_id;
  return {
    system,
    externalId: o.tid,
    number: o.tid,
    status: normaliseStatus(o.status, o.refund_state),
    rawStatus: o.status_str ? `${o.status} (${o.status_str})` : o.status,
    placedAt: beijingToIso(o.created),
    updatedAt: beijingToIso(o.update_time),
    customerExternalId: buyerId !== undefined && buyerId !== null && String(buyerId) !== '0' ? String(buyerId) : null,
    email: null,
    phone: info.buyer_info?.buyer_phone || a?.receiver_tel || null,
    total: toMoney(info.pay_info?.payment ?? null, 'CNY'),
    lineItems: (info.orders ?? []).map((line) => ({
      sku: line.outer_sku_id || line.outer_item_id || null,
      title: line.title,
      quantity: line.num,
      unitPrice: toMoney(line.price ?? null, 'CNY'),
      total: toMoney(line.payment ?? line.total_fee ?? null, 'CNY'),
      variant: line.sku_properties_name || null,
    })),
    shipments,
    shippingAddress: a
      ? { name: a.receiver_name ?? null, phone: a.receiver_tel ?? null, line1: a.delivery_address ?? null, line2: null, city: a.delivery_city ?? null, region: a.delivery_province ?? null, postalCode: a.delivery_postal_code ?? null, country: 'CN' }
      : null,
    note: [info.remark_info?.buyer_message, info.remark_info?.trade_memo].filter(Boolean).join(' / ') || null,
    tags: [],
    adminUrl: null,
  };
}
