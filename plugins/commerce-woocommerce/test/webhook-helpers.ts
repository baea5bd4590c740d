import { hmacBase64 } from '@keeper/commerce';

/** A WooCommerce order.updated delivery, plus a tampered copy. */
export function wooDelivery(secret: string) {
  const rawBody = Buffer.from(JSON.stringify({ id: 101, number: '101', status: 'completed', customer_id: 11, billing: { email: 'ann@example.com' } }));
  const headers = { 'x-wc-webhook-signature': hmacBase64(secret, rawBody), 'x-wc-webhook-topic': 'order.updated', 'x-wc-webhook-source': 'https://shop.example.com/' };
  return { valid: { headers, rawBody }, tampered: { headers, rawBody: Buffer.from(rawBody.toString().replace('completed', 'refunded')) }, orderId: '101' };
}

