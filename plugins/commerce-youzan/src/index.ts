export { beijingToIso, YouzanAdapter, type YouzanAdapterOptions } from './adapter.js';
export { inspectYouzan, THROTTLED, TOKEN_ERRORS, youzanError } from './envelope.js';
export { mapOrder, normaliseStatus } from './mapping.js';
export { youzanCommerce, youzanOptions } from './plugin.js';
export { youzanWebhooks } from './webhooks.js';
