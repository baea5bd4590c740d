/** A fake Shopify Admin GraphQL server with fixture data, for this package's contract tests and hosts' end-to-end tests. */
export { API_PATH, fakeShopify, TOKEN } from './fake-shopify.js';
export { catalog, customers, orders, type ShopifyCatalogFixture, variants } from './fixtures.js';
export { signedWebhook } from './webhook-helpers.js';
