import { registerAdapter, resilienceOptionShape, runtimeFromOptions } from '@keeper/commerce';
import { definePlugin } from '@keeper/sdk';
import { z } from 'zod';
import { WooCommerceAdapter } from './adapter.js';

export const wooOptions = z.strictObject({
  system: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('woocommerce'),
  baseUrl: z.url(),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  authMode: z.enum(['basic', 'query']).default('basic'),
  currency: z.string().length(3).optional(),
  tracking: z.enum(['meta', 'wc-shipment-tracking', 'ast']).default('meta'),
  webhookSecret: z.string().min(1).optional(),
  webhookPath: z.string().startsWith('/').optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
  brandAttribute: z.string().min(1).optional(),
  ...resilienceOptionShape,
});

export const wooCommerce = definePlugin({
  name: '@keeper/commerce-woocommerce',
  version: '0.1.0',
  core: '^0.1.0',
  options: wooOptions,
  create: (options) => ({
    dependsOn: ['@keeper/commerce'],
    setup(ctx) {
      const { rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs, webhookPath, ...platform } = options;
      const adapter = new WooCommerceAdapter({ ...platform, ...runtimeFromOptions({ rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs }, { logger: ctx.logger }, { redis: ctx.redis, key: `keeper:commerce:rl:${options.system}` }) });
      registerAdapter(ctx, adapter, { path: webhookPath });
    },
  }),
});
