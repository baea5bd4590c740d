import { type CommerceWebhookEvent, hmacBase64, headerValue, safeEqual, type WebhookHandler } from '@keeper/commerce';
import { normaliseStatus } from './mapping.js';

interface ShopifyOrderPayload {
  id?: number | string;
  admin_graphql_api_id?: string;
  name?: string;
  cancelled_at?: string | null;
  closed_at?: string | null;
  financial_status?: string | null;
  fulfillment_status?: string | null;
  customer?: { id?: number | string; admin_graphql_api_id?: string } | null;
}

/** REST webhook payloads use lowercase REST values; map them onto the GraphQL display enums. */
const FULFILLMENT: Record<string, string> = { fulfilled: 'FULFILLED', partial: 'PARTIALLY_FULFILLED', restocked: 'RESTOCKED' };

/**
 * `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(app client secret, raw body)). Checked in constant
 * time on the exact bytes received, before JSON parsing.
 */
export function shopifyWebhooks(secret: string): WebhookHandler {
  return {
    verify: (req) => safeEqual(headerValue(req.headers, 'x-shopify-hmac-sha256'), hmacBase64(secret, req.rawBody)),
    parse: (req): CommerceWebhookEvent[] => {
      const topic = headerValue(req.headers, 'x-shopify-topic') ?? '';
      if (!topic.startsWith('orders/')) return [];
      const body = JSON.parse(req.rawBody.toString('utf8')) as ShopifyOrderPayload;
      const orderId = body.admin_graphql_api_id ?? (body.id !== undefined ? `gid://shopify/Order/${body.id}` : null);
      if (!orderId) return [];
      const financial = body.financial_status ? body.financial_status.toUpperCase() : null;
      const fulfillment = body.fulfillment_status ? (FULFILLMENT[body.fulfillment_status] ?? body.fulfillment_status.toUpperCase()) : 'UNFULFILLED';
      const customer = body.customer;
      return [
        {
          type: 'order.updated',
          orderId,
          orderNumber: body.name ?? null,
          customerExternalId: customer ? (customer.admin_graphql_api_id ?? (customer.id !== undefined ? `gid://shopify/Customer/${customer.id}` : null)) : null,
          status: normaliseStatus({ cancelledAt: body.cancelled_at ?? null, closed: Boolean(body.closed_at), displayFinancialStatus: financial, displayFulfillmentStatus: fulfillment, fulfillments: [] }),
          rawStatus: [financial, fulfillment].filter(Boolean).join('/'),
          raw: { topic, id: body.id, name: body.name, financial_status: body.financial_status, fulfillment_status: body.fulfillment_status, cancelled_at: body.cancelled_at },
        },
      ];
    },
  };
}
