import { type CommerceWebhookEvent, createHmacDigest, headerValue, type OrderStatus, safeEqual, type WebhookHandler } from '@keeper/commerce';
import type { RestConfig } from './config.js';
import { queryOne } from './json-path.js';

/** Webhooks from an in-house ERP: HMAC of the raw body in a configured header, fields by JSONPath. */
export function restWebhooks(config: NonNullable<RestConfig['webhook']>, statusMap: Record<string, OrderStatus>): WebhookHandler {
  return {
    verify: (req) => {
      const expected = config.prefix + createHmacDigest(config.secret, req.rawBody, config.algorithm, config.encoding);
      return safeEqual(headerValue(req.headers, config.signatureHeader), expected);
    },
    parse: (req): CommerceWebhookEvent[] => {
      const body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
      const orderId = queryOne(body, config.orderIdPath);
      if (orderId === undefined || orderId === null) return [];
      const raw = String(queryOne(body, config.statusPath) ?? '');
      const customer = config.customerIdPath ? queryOne(body, config.customerIdPath) : undefined;
      const number = config.orderNumberPath ? queryOne(body, config.orderNumberPath) : undefined;
      return [
        {
          type: 'order.updated',
          orderId: String(orderId),
          orderNumber: number === undefined || number === null ? null : String(number),
          customerExternalId: customer === undefined || customer === null ? null : String(customer),
          status: statusMap[raw] ?? 'unknown',
          rawStatus: raw,
          raw: { orderId, status: raw },
        },
      ];
    },
  };
}
