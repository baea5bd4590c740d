export { RestAdapter } from './adapter.js';
export { type RestConfig, type RestConfigInput, restConfigSchema } from './config.js';
export { compilePath, queryAll, queryOne } from './json-path.js';
export { mapOrder, readField, readTime } from './mapping.js';
export { restCommerce, restOptions } from './plugin.js';
export { restWebhooks } from './webhooks.js';
