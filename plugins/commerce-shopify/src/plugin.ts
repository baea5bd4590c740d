import { registerAdapter, resilienceOptionShape, runtimeFromOptions, ShopifyCostLimiter } from '@keeper/commerce';
import { definePlugin } from '@keeper/sdk';
import { z } from 'zod';
import { ShopifyAdapter } from './adapter.js';

export const shopifyOptions = z.strictObject({
  system: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('shopify'),
  shop: z.string().min(1),
  accessToken: z.string().min(1),
  apiVersion: z.string().regex(/^\d{4}-\d{2}$/).default('2025-01'),
  webhookSecret: z.string().min(1).optional(),
  webhookPath: z.string().startsWith('/').optional(),
  baseUrl: z.url().optional(),
  pageSize: z.number().int().min(1).max(250).optional(),
  linesPerOrder: z.number().int().min(1).max(100).optional(),
  catalogPageSize: z.number().int().min(1).max(250).optional(),
  variantsPerProduct: z.number().int().min(1).max(250).optional(),
  ...resilienceOptionShape,
});

/** `shopifyCommerce({ shop: 'acme', accessToken: process.env.SHOPIFY_TOKEN })` in keeper.config.ts. */
export const shopifyCommerce = definePlugin({
  name: '@keeper/commerce-shopify',
  version: '0.1.0',
  core: '^0.1.0',
  options: shopifyOptions,
  create: (options) => ({
    dependsOn: ['@keeper/commerce'],
    setup(ctx) {
      const { rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs, webhookPath, ...platform } = options;
      // For Shopify a configured rate limit is the GraphQL cost bucket: burst = bucket size in
      // points, requestsPerSecond = restore rate (Standard 100, Advanced 200, Plus 1000).
      const rateLimiter = rateLimit ? new ShopifyCostLimiter({ maximumAvailable: rateLimit.burst, restoreRate: rateLimit.requestsPerSecond }) : undefined;
      const runtime = runtimeFromOptions({ timeoutMs, retry, breaker, maxRetryAfterMs }, { logger: ctx.logger, ...(rateLimiter ? { rateLimiter } : {}) });
      const adapter = new ShopifyAdapter({ ...platform, ...runtime });
      registerAdapter(ctx, adapter, { path: webhookPath });
    },
  }),
});
