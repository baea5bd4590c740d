import type { GraphQLLoaders, GraphQLResolvers, LoaderFn, ResolverContext } from '@keeper/sdk';

interface Batch {
  queries: Array<{ obj: unknown; params: Record<string, unknown> }>;
  settle: Array<{ resolve(value: unknown): void; reject(error: unknown): void }>;
}

/**
 * Turns batched loaders into plain field resolvers, so they work under any executor (Mercurius over
 * HTTP, the realtime hub over WebSocket). Calls for one field made in the same turn — a list of
 * parents resolved together — become one loader call. Nothing is cached past the batch, so a context
 * that lives as long as a connection never serves stale data.
 */
export function loadersToResolvers(loaders: GraphQLLoaders): GraphQLResolvers {
  const resolvers: GraphQLResolvers = {};
  for (const [typeName, fields] of Object.entries(loaders)) {
    const typeResolvers: Record<string, (obj: unknown, params: Record<string, unknown>, ctx: ResolverContext) => unknown> = {};
    for (const [field, loader] of Object.entries(fields)) {
      typeResolvers[field] = batchedResolver(loader);
    }
    resolvers[typeName] = typeResolvers;
  }
  return resolvers;
}

function batchedResolver(loader: LoaderFn) {
  const pending = new WeakMap<object, Batch>();
  return (obj: unknown, params: Record<string, unknown>, ctx: ResolverContext): Promise<unknown> => {
    let batch = pending.get(ctx);
    if (!batch) {
      const created: Batch = { queries: [], settle: [] };
      batch = created;
      pending.set(ctx, created);
      // After the promise jobs of this turn, as DataLoader does: every sibling has asked by then.
      void Promise.resolve().then(() =>
        process.nextTick(() => {
          pending.delete(ctx);
          void run(loader, created, ctx);
        }),
      );
    }
    const current = batch;
    return new Promise((resolve, reject) => {
      current.queries.push({ obj, params });
      current.settle.push({ resolve, reject });
    });
  };
}

async function run(loader: LoaderFn, batch: Batch, ctx: ResolverContext): Promise<void> {
  try {
    const results = await loader(batch.queries, ctx);
    if (!Array.isArray(results) || results.length !== batch.queries.length) {
      throw new Error(`loader returned ${Array.isArray(results) ? results.length : typeof results} results for ${batch.queries.length} queries`);
    }
    batch.settle.forEach((s, i) => {
      s.resolve(results[i]);
    });
  } catch (error) {
    for (const s of batch.settle) s.reject(error);
  }
}
