import { registerAdapter } from '@keeper/commerce';
import { definePlugin } from '@keeper/sdk';
import { z } from 'zod';
import { RestAdapter } from './adapter.js';
import { restConfigSchema } from './config.js';

export const restOptions = restConfigSchema.extend({ webhookPath: z.string().startsWith('/').optional() });

/**
 * `restCommerce(require('./erp.commerce.json'))`: an in-house ERP described entirely in config.
 * The config is validated at boot (unknown keys, bad JSONPaths and unknown statuses fail with a path).
 */
export const restCommerce = definePlugin({
  name: '@keeper/commerce-rest',
  version: '0.1.0',
  core: '^0.1.0',
  options: restOptions,
  create: (options) => ({
    dependsOn: ['@keeper/commerce'],
    setup(ctx) {
      const { webhookPath, ...config } = options;
      registerAdapter(ctx, new RestAdapter(config, { logger: ctx.logger }, { redis: ctx.redis }), { path: webhookPath });
    },
  }),
});
