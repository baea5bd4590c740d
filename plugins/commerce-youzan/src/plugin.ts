import { registerAdapter, resilienceOptionShape, runtimeFromOptions } from '@keeper/commerce';
import { definePlugin } from '@keeper/sdk';
import { z } from 'zod';
import { YouzanAdapter } from './adapter.js';

export const youzanOptions = z.strictObject({
  system: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('youzan'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  grantId: z.string().min(1),
  baseUrl: z.url().optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
  throttlePauseMs: z.number().int().min(0).max(60_000).optional(),
  webhooks: z.boolean().default(true),
  webhookPath: z.string().startsWith('/').optional(),
  versions: z.strictObject({ tradesSoldGet: z.string().optional(), tradeGet: z.string().optional() }).optional(),
  ...resilienceOptionShape,
});

export const youzanCommerce = definePlugin({
  name: '@keeper/commerce-youzan',
  version: '0.1.0',
  core: '^0.1.0',
  options: youzanOptions,
  create: (options) => ({
    dependsOn: ['@keeper/commerce'],
    setup(ctx) {
      const { rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs, webhookPath, ...platform } = options;
      const adapter = new YouzanAdapter({ ...platform, ...runtimeFromOptions({ rateLimit, timeoutMs, retry, breaker, maxRetryAfterMs }, { logger: ctx.logger }, { redis: ctx.redis, key: `keeper:commerce:rl:${options.system}` }) });
      registerAdapter(ctx, adapter, { path: webhookPath });
    },
  }),
});
