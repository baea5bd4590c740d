import { type CommerceWebhookEvent, headerValue, md5Hex, safeEqual, type WebhookHandler } from '@keeper/commerce';
import { normaliseStatus } from './mapping.js';

interface PushBody {
  client_id?: string;
  kdt_id?: number | string;
  type?: string;
  status?: string;
  msg?: string;
  sign?: string;
  test?: boolean;
}

/**
 * Youzan push: `sign = md5(client_id + msg + client_secret)` over the `msg` field as sent
 * (URL-encoded JSON), compared with the `Event-Sign` header (or the body's `sign`). `msg` is decoded
 * only after the check. Trade messages (`trade_*`) become order.updated.
 */
export function youzanWebhooks(clientId: string, clientSecret: string): WebhookHandler {
  const read = (raw: Buffer): PushBody | null => {
    try {
      const body = JSON.parse(raw.toString('utf8')) as unknown;
      return typeof body === 'object' && body !== null ? (body as PushBody) : null;
    } catch {
      return null;
    }
  };
  return {
    verify: (req) => {
      const body = read(req.rawBody);
      if (!body || typeof body.msg !== 'string' || body.client_id !== clientId) return false;
      const given = headerValue(req.headers, 'event-sign') ?? body.sign;
      return safeEqual(given, md5Hex(`${clientId}${body.msg}${clientSecret}`));
    },
    parse: (req): CommerceWebhookEvent[] => {
      const body = read(req.rawBody);
      if (!body?.type?.startsWith('trade_') || typeof body.msg !== 'string') return [];
      const msg = JSON.parse(decodeURIComponent(body.msg.replace(/\+/g, ' '))) as { tid?: string; status?: string; buyer_id?: number | string };
      if (!msg.tid) return [];
      const raw = body.status ?? msg.status ?? 'UNKNOWN';
      return [
        {
          type: 'order.updated',
          orderId: msg.tid,
          orderNumber: msg.tid,
          customerExternalId: msg.buyer_id ? String(msg.buyer_id) : null,
          status: normaliseStatus(raw),
          rawStatus: raw,
          raw: { type: body.type, status: raw, tid: msg.tid, kdt_id: body.kdt_id },
        },
      ];
    },
    acknowledge: () => ({ status: 200, body: { code: 0, msg: 'success' } }),
  };
}
