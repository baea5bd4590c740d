import { hmacBase64 } from '@keeper/commerce';

/** A Shopify `orders/updated` delivery as Shopify sends it, plus a tampered copy. */
export function signedWebhook(secret: string) {
  const payload = {
    id: 5001,
    admin_graphql_api_id: 'gid://shopify/Order/5001',
    name: '#1001',
    email: 'ann@example.com',
    financial_status: 'paid',
    fulfillment_status: 'fulfilled',
    cancelled_at: null,
    customer: { id: 1, admin_graphql_api_id: 'gid://shopify/Customer/1' },
  };
  const rawBody = Buffer.from(JSON.stringify(payload));
  const headers = { 'x-shopify-hmac-sha256': hmacBase64(secret, rawBody), 'x-shopify-topic': 'orders/updated', 'x-shopify-shop-domain': 'keeper-test.myshopify.com' };
  const tampered = Buffer.from(rawBody.toString('utf8').replace('"paid"', '"refunded"'));
  return { valid: { headers, rawBody }, tampered: { headers, rawBody: tampered }, orderId: 'gid://shopify/Order/5001' };
}
