export { SHOPIFY_CAPABILITIES, ShopifyAdapter, type ShopifyAdapterOptions } from './adapter.js';
export { mapOrder, normaliseStatus } from './mapping.js';
export { shopifyCommerce, shopifyOptions } from './plugin.js';
export { shopifyWebhooks } from './webhooks.js';
