export { WOO_CAPABILITIES, WooCommerceAdapter, type WooAdapterOptions } from './adapter.js';
export { gmt, mapOrder, normaliseStatus } from './mapping.js';
export { wooCommerce, wooOptions } from './plugin.js';
export { wooWebhooks } from './webhooks.js';
