import { fileURLToPath } from 'node:url';
import { definePlugin, type InterceptorFn, type PluginContext } from '@keeper/sdk';
import type { CatalogGraph } from '../catalog/graph.js';
import type { Analysis } from '../pipeline.js';
import { CatalogSync, type CatalogSyncResult, type CatalogSyncStatus } from './catalog-sync.js';
import { optionsSchema, type ProductNerOptions } from './options.js';
import { createResolvers } from './resolvers.js';
import { NerRuntime } from './runtime.js';
import { typeDefs } from './schema.js';
import { MemoryNerStore, type NerStore, PgNerStore } from './store.js';

export const ANNOTATION_KEY = 'product-ner';

/** What other plugins (a bot, FAQ answers) get from `ctx.services.get('productNer')`. */
export interface ProductNerService {
  analyze(text: string): Analysis;
  readonly graph: CatalogGraph;
  /** Syncs the catalog from @keeper/commerce now (one system, or every one that can list its catalog). */
  syncCatalog(system?: string): Promise<CatalogSyncResult>;
  catalogSyncStatus(): CatalogSyncStatus;
}

declare module '@keeper/sdk' {
  interface ServiceMap {
    productNer: ProductNerService;
  }
}

/** What the interceptor puts in `draft.annotations['product-ner']`. */
export interface ProductNerAnnotation {
  entities: Array<{ start: number; end: number; label: string; text: string }>;
  product: string | null;
  sku: string | null;
  candidates: Array<{ product: string; sku: string | null; price: number | null; stock: number | null; score: number }>;
}

/** Builds the plugin body; exported for tests that drive it with a fake context. */
export function createProductNer(options: ProductNerOptions) {
  const runtime = new NerRuntime(options);
  let store: NerStore = new MemoryNerStore();
  let context: PluginContext | null = null;
  const catalogSync = new CatalogSync(options.catalogSync, {
    runtime,
    store: () => store,
    services: () => context?.services ?? null,
    logger: () => context?.logger ?? null,
  });
  const annotate = new Set(options.annotateAuthorTypes);

  const beforeCreate: InterceptorFn<'message.beforeCreate'> = (draft) => {
    if (!annotate.has(draft.authorType) || !draft.body.trim()) return undefined;
    const a = runtime.analyze(draft.body);
    if (a.entities.length === 0) return undefined;
    const annotation: ProductNerAnnotation = {
      entities: a.entities,
      product: a.product,
      sku: a.sku,
      candidates: a.candidates.map(({ product, sku, price, stock, score }) => ({ product, sku, price, stock, score })),
    };
    return { ...draft, annotations: { ...draft.annotations, [ANNOTATION_KEY]: annotation } };
  };

  return {
    runtime,
    getStore: () => store,
    catalogSync,
    body: {
      graphql: { schema: typeDefs, resolvers: createResolvers(runtime, () => store, catalogSync) },
      database: { migrationsDir: fileURLToPath(new URL('../../prisma/migrations', import.meta.url)) },
      // Analysis is in-memory and takes well under a millisecond; the budget only guards pathological input.
      interceptors: { 'message.beforeCreate': { handler: beforeCreate, timeoutMs: 200 } },
      async setup(ctx: PluginContext) {
        context = ctx;
        if (ctx.db) store = new PgNerStore(ctx.db);
        else ctx.logger.warn({}, 'no database handle: corrections and retrained models are kept in memory only');
        await runtime.load(store);
        ctx.services.provide('productNer', {
          analyze: (text) => runtime.analyze(text),
          get graph() {
            return runtime.graph;
          },
          syncCatalog: (system) => catalogSync.sync('service', null, system),
          catalogSyncStatus: () => catalogSync.status(),
        });
        // Adapters register in their own setup, which may come after this one: start once all are done.
        ctx.app?.addHook('onReady', async () => catalogSync.start());
        const g = runtime.graph;
        ctx.logger.info({ products: g.products.length, skus: g.skuCount, model: runtime.info, catalog: runtime.catalogOrigin.source }, 'product-ner ready');
      },
      async teardown() {
        await catalogSync.stop();
      },
    },
  };
}

/** `productNer({ catalogFile: './catalog.json' })` in keeper.config.ts. */
export const productNer = definePlugin({
  name: '@keeper/plugin-product-ner',
  version: '0.1.0',
  core: '^0.1.0',
  options: optionsSchema,
  create: (options) => createProductNer(options).body,
});
