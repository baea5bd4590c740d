import { fileURLToPath } from 'node:url';
import { definePlugin, type PluginContext } from '@keeper/sdk';
import { z } from 'zod';
import type { CommerceAdapter, CommerceWebhookEvent } from './adapter.js';
import type { Cache } from './cache/cache.js';
import { MemoryCache } from './cache/memory-cache.js';
import { isRedisLike, RedisCache } from './cache/redis-cache.js';
import { commerceResolvers, ORDER_UPDATES_TOPIC } from './graphql/resolvers.js';
import { commerceSchema } from './graphql/schema.js';
import { CommerceService } from './service/commerce-service.js';
import { type LinkStore, MemoryLinkStore, SqlLinkStore } from './service/link-store.js';
import { AdapterRegistry } from './service/registry.js';

/** The `commerce` service other plugins get from `ctx.services.get('commerce')`. */
export interface CommerceRegistry {
  register(adapter: CommerceAdapter): void;
  get(system: string): CommerceAdapter | undefined;
  list(): CommerceAdapter[];
  /** Merged queries (orders across systems, SKU lookups, tickets) for bots and other plugins. */
  readonly service: CommerceService;
  /** Webhook routes call this: drops stale cache entries and emits `order.updated`. */
  orderUpdated(system: string, event: CommerceWebhookEvent): Promise<void>;
}

declare module '@keeper/sdk' {
  interface ServiceMap {
    commerce: CommerceRegistry;
  }
}

export const commercePluginOptions = z.strictObject({
  /** `auto`: Redis when the platform has one configured, else in-process. */
  cache: z.enum(['auto', 'memory', 'none']).default('auto'),
  memoryCacheEntries: z.number().int().positive().max(1_000_000).default(5_000),
  ttlSeconds: z
    .strictObject({
      orders: z.number().int().min(0).max(86_400).optional(),
      order: z.number().int().min(0).max(86_400).optional(),
      customer: z.number().int().min(0).max(86_400).optional(),
      sku: z.number().int().min(0).max(86_400).optional(),
    })
    .optional(),
  /** Per-source budget for merged queries in the agent's view. */
  sourceTimeoutMs: z.number().int().positive().max(60_000).default(5_000),
});

const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const prismaSchema = fileURLToPath(new URL('../prisma/schema.prisma', import.meta.url));

/**
 * Owns the adapter registry, the merged GraphQL fields and customer links. Adapter plugins
 * (`@keeper/commerce-shopify`, ...) depend on it and register themselves in their `setup`.
 */
export const commercePlugin = definePlugin({
  name: '@keeper/commerce',
  version: '0.1.0',
  core: '^0.1.0',
  options: commercePluginOptions,
  create: (options) => {
    let registry: CommerceRegistry | null = null;
    let links: LinkStore | null = null;
    const service = () => {
      if (!registry) throw new Error('commerce: used before setup');
      return registry.service;
    };
    const rememberCustomer = async (customer: { id: string; email: string | null; phone: string | null; name: string | null }) => {
      if (links && (customer.email || customer.phone)) await links.saveIdentity({ customerId: customer.id, email: customer.email, phone: customer.phone, name: customer.name });
    };
    return {
      graphql: { schema: commerceSchema, resolvers: commerceResolvers(service) },
      database: { migrationsDir, prismaSchema },
      events: {
        'conversation.opened': ({ customer }) => rememberCustomer(customer),
        'customer.identified': ({ customer }) => rememberCustomer(customer),
      },
      setup(ctx) {
        links = ctx.db ? new SqlLinkStore(ctx.db) : new MemoryLinkStore();
        registry = createCommerceRegistry(ctx, links, buildCache(options, ctx), options);
        ctx.services.provide('commerce', registry);
      },
    };
  },
});

function buildCache(options: z.output<typeof commercePluginOptions>, ctx: PluginContext): Cache | undefined {
  if (options.cache === 'none') return { get: async () => undefined, set: async () => undefined, delete: async () => undefined };
  if (options.cache === 'auto' && isRedisLike(ctx.redis)) {
    return new RedisCache(ctx.redis, { onError: (error) => ctx.logger.warn({ err: (error as Error).message }, 'commerce cache: Redis error, treating as a miss') });
  }
  return new MemoryCache({ maxEntries: options.memoryCacheEntries });
}

/** Builds the registry service; exported so tests and hosts without the full platform can use it. */
export function createCommerceRegistry(
  ctx: Pick<PluginContext, 'hooks' | 'logger' | 'services'>,
  links: LinkStore,
  cache: Cache | undefined,
  options: { ttlSeconds?: { orders?: number; order?: number; customer?: number; sku?: number }; sourceTimeoutMs?: number } = {},
): CommerceRegistry {
  const adapters = new AdapterRegistry();
  const ttl = options.ttlSeconds ?? {};
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const service = new CommerceService(adapters, links, {
    cache,
    sourceTimeoutMs: options.sourceTimeoutMs,
    ttl: Object.fromEntries(
      Object.entries({ ordersMs: ms(ttl.orders), orderMs: ms(ttl.order), customerMs: ms(ttl.customer), skuMs: ms(ttl.sku) }).filter(([, v]) => v !== undefined),
    ),
  });
  return {
    register: (adapter) => {
      adapters.register(adapter);
      ctx.logger.info({ system: adapter.system, platform: adapter.platform, capabilities: adapter.capabilities }, 'commerce adapter registered');
    },
    get: (system) => adapters.get(system),
    list: () => adapters.list(),
    service,
    orderUpdated: async (system, event) => {
      await service.invalidateOrder(system, event.orderId, event.customerExternalId);
      const customerIds = event.customerExternalId ? await links.customersFor(system, event.customerExternalId) : [];
      ctx.hooks.emit('order.updated', { system, orderId: event.orderId, customerExternalId: event.customerExternalId, customerIds, status: event.status, raw: event.raw });
      // Agents watching see it live, on every node (the realtime service is core's; test hosts may lack it).
      if (ctx.services.has('realtime')) {
        const update = { system, orderId: event.orderId, status: event.status, customerExternalId: event.customerExternalId, customerIds, at: new Date().toISOString() };
        await ctx.services.get('realtime').publish(ORDER_UPDATES_TOPIC, { orderUpdated: update });
      }
    },
  };
}
