import { type CommerceWebhookEvent, hmacBase64, headerValue, safeEqual, type WebhookHandler } from '@keeper/commerce';
import { normaliseStatus, type WooOrder } from './mapping.js';

/**
 * `X-WC-Webhook-Signature` = base64(HMAC-SHA256(webhook secret, raw body)). Topics `order.created`,
 * `order.updated`, `order.deleted`, `order.restored` become `order.updated` events.
 */
export function wooWebhooks(secret: string): WebhookHandler {
  return {
    // Woo pings a new webhook's URL with an unsigned form body `webhook_id=<n>` and no topic.
    isPing: (req) => headerValue(req.headers, 'x-wc-webhook-topic') === undefined && /^webhook_id=\d+$/.test(req.rawBody.toString('utf8').trim()),
    verify: (req) => safeEqual(headerValue(req.headers, 'x-wc-webhook-signature'), hmacBase64(secret, req.rawBody)),
    parse: (req): CommerceWebhookEvent[] => {
      const topic = headerValue(req.headers, 'x-wc-webhook-topic') ?? '';
      if (!topic.startsWith('order.')) return [];
      const order = JSON.parse(req.rawBody.toString('utf8')) as Partial<WooOrder>;
      if (order.id === undefined) return [];
      const status = topic === 'order.deleted' ? 'trash' : (order.status ?? 'unknown');
      return [
        {
          type: 'order.updated',
          orderId: String(order.id),
          orderNumber: order.number ?? null,
          customerExternalId: order.customer_id ? String(order.customer_id) : null,
          status: normaliseStatus(status),
          rawStatus: status,
          raw: { topic, id: order.id, number: order.number, status },
        },
      ];
    },
  };
}
