import { type Actor, BadUserInputError, ForbiddenError, type GraphQLResolvers, UnauthenticatedError } from '@keeper/sdk';
import { type EntityLabel, LABELS } from '../catalog/aliases.js';
import { CatalogGraph, type ProductNode } from '../catalog/graph.js';
import type { CatalogInput } from '../catalog/types.js';
import type { Analysis } from '../pipeline.js';
import type { CatalogSync } from './catalog-sync.js';
import type { NerRuntime } from './runtime.js';
import type { NerStore } from './store.js';

function requireAgent(actor: Actor): Extract<Actor, { kind: 'agent' }> {
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (actor.kind !== 'agent') throw new ForbiddenError('Only agents can use product recognition');
  return actor;
}

function requireAdmin(actor: Actor): Extract<Actor, { kind: 'agent' }> {
  const agent = requireAgent(actor);
  if (agent.role !== 'admin') throw new ForbiddenError('Only admins can retrain the model, import or sync a catalog');
  return agent;
}

export function analysisView(runtime: NerRuntime, a: Analysis) {
  return {
    ...a,
    candidates: a.candidates.map((c) => ({ ...c, title: runtime.graph.product(c.product)?.title ?? null })),
  };
}

function productView(p: ProductNode) {
  return {
    id: p.id, title: p.title, brand: p.brand, category: p.category, categoryPath: p.categoryPath,
    skus: p.skus.map((s) => ({ sku: s.sku, price: s.price, stock: s.stock, attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value })) })),
  };
}

interface CorrectionInput {
  messageId?: string | null;
  text: string;
  entities: Array<{ start: number; end: number; label: string }>;
  product?: string | null;
  sku?: string | null;
}

/** Rejects corrections that could not be training data: bad offsets, labels, or ids not in the catalog. */
function validateCorrection(runtime: NerRuntime, input: CorrectionInput): void {
  if (!input.text.trim()) throw new BadUserInputError('text must not be empty', 'input.text');
  input.entities.forEach((e, i) => {
    if (!LABELS.includes(e.label as EntityLabel)) throw new BadUserInputError(`label must be one of ${LABELS.join(', ')}`, `input.entities.${i}.label`);
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= input.text.length && e.start < e.end)) {
      throw new BadUserInputError(`entity offsets must satisfy 0 <= start < end <= ${input.text.length}`, `input.entities.${i}`);
    }
  });
  const sorted = input.entities.slice().sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) throw new BadUserInputError('entities must not overlap', 'input.entities');
  if (input.sku) {
    const sku = runtime.graph.sku(input.sku);
    if (!sku) throw new BadUserInputError(`unknown SKU "${input.sku}"`, 'input.sku');
    if (input.product && input.product !== sku.productId) throw new BadUserInputError(`SKU "${input.sku}" belongs to product "${sku.productId}"`, 'input.product');
  }
  if (input.product && !runtime.graph.product(input.product)) throw new BadUserInputError(`unknown product "${input.product}"`, 'input.product');
}

export function createResolvers(runtime: NerRuntime, getStore: () => NerStore, catalogSync: CatalogSync): GraphQLResolvers {
  const modelInfo = async () => ({ ...runtime.info, examples: await getStore().countExamples() });
  return {
    Query: {
      analyzeText: (_p, args, ctx) => {
        requireAgent(ctx.actor);
        return analysisView(runtime, runtime.analyze(String(args.text ?? '')));
      },
      products: (_p, args, ctx) => {
        requireAgent(ctx.actor);
        const limit = Math.min(Math.max(Number(args.limit ?? 20), 1), 200);
        const search = typeof args.search === 'string' ? args.search : '';
        const found = search.trim() ? runtime.graph.search(search, limit) : runtime.graph.products.slice(0, limit);
        return found.map(productView);
      },
      productNerModel: (_p, _args, ctx) => {
        requireAgent(ctx.actor);
        return modelInfo();
      },
      productCatalogSync: (_p, _args, ctx) => {
        requireAgent(ctx.actor);
        const origin = runtime.catalogOrigin;
        return { ...catalogSync.status(), catalogSource: origin.source, products: runtime.graph.products.length, skus: runtime.graph.skuCount };
      },
    },
    Mutation: {
      correctProductAnnotation: async (_p, args, ctx) => {
        const agent = requireAgent(ctx.actor);
        const input = args.input as CorrectionInput;
        validateCorrection(runtime, input);
        const product = input.product ?? (input.sku ? runtime.graph.sku(input.sku)!.productId : null);
        return getStore().saveExample({
          messageId: input.messageId ?? null,
          text: input.text,
          entities: input.entities.map((e) => ({ start: e.start, end: e.end, label: e.label as EntityLabel, text: input.text.slice(e.start, e.end) })),
          product,
          sku: input.sku ?? null,
          correctedBy: agent.id,
        });
      },
      retrainProductNer: async (_p, _args, ctx) => {
        const admin = requireAdmin(ctx.actor);
        await runtime.retrain(getStore(), admin.id);
        return modelInfo();
      },
      importProductCatalog: async (_p, args, ctx) => {
        const admin = requireAdmin(ctx.actor);
        const data = String(args.data ?? '');
        let graph: CatalogGraph;
        let stored: CatalogInput | undefined;
        try {
          if (args.format === 'csv') graph = CatalogGraph.fromCSV(data);
          else {
            // Checked against the catalog schema by fromJSON on the next line; stored as the shop sent it.
            const json: CatalogInput = JSON.parse(data);
            graph = CatalogGraph.fromJSON(json);
            stored = json;
          }
        } catch (e) {
          throw new BadUserInputError(`catalog could not be read: ${(e as Error).message.slice(0, 500)}`, 'data');
        }
        const counts = { products: graph.products.length, skus: graph.skuCount };
        stored ??= { products: graph.products.map((p) => ({ id: p.id, title: p.title, brand: p.brand, category: p.categoryPath.join('>') || null, skus: p.skus.map((s) => ({ sku: s.sku, attributes: s.attributes, price: s.price, stock: s.stock })) })) };
        // Bound before it is stored: a catalog the model cannot use is never stored or swapped in.
        const prepared = runtime.prepareCatalog(graph);
        const source = `import:${args.format === 'csv' ? 'csv' : 'json'}`;
        await runtime.exclusive(async () => {
          const id = await getStore().saveCatalog(stored, counts, admin.id, source);
          runtime.applyCatalog(prepared, { id, source });
        });
        return counts;
      },
      syncProductCatalog: (_p, args, ctx) => {
        const admin = requireAdmin(ctx.actor);
        const system = typeof args.system === 'string' && args.system.trim() ? args.system.trim() : null;
        return catalogSync.sync('mutation', admin.id, system);
      },
    },
  };
}
