import { BadUserInputError, NotFoundError } from '@keeper/sdk';
import type { CommerceAdapter } from '../adapter.js';
import { UpstreamError } from '../errors.js';
import type { CatalogProduct } from '../model.js';
import { type SourceError, toSourceError } from './commerce-service.js';

export interface CatalogListOptions {
  /** One system; default: every adapter whose capabilities include `catalogSync`. */
  system?: string | null;
  /** Only products changed since (ISO-8601). Deletions are not reported, so full listings are the safe default. */
  updatedSince?: string | null;
  /** Products asked of an adapter per call (default 100). */
  pageSize?: number;
  /** A source with more products than this fails instead of filling memory (default 200,000). */
  maxProducts?: number;
  signal?: AbortSignal;
  /** Progress callback after each page: products read so far from that system. */
  onPage?: (system: string, productsSoFar: number) => void;
}

export type CatalogSourceStatus = 'ok' | 'error' | 'unsupported';

export interface CatalogSourceResult {
  system: string;
  platform: string;
  status: CatalogSourceStatus;
  products: number;
  skus: number;
  /** listProducts calls made. */
  pages: number;
  error: SourceError | null;
}

/**
 * Every product of every listed system, or per-source errors. A source that failed half-way
 * contributes nothing: a consumer replacing its catalog must not take a truncated one for the whole.
 */
export interface CatalogListing {
  products: CatalogProduct[];
  sources: CatalogSourceResult[];
  errors: SourceError[];
  /** True when every listed source answered in full. */
  complete: boolean;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_PRODUCTS = 200_000;

/**
 * Pages through one adapter's catalog. Stops with an error when a cursor repeats (a platform that
 * keeps answering with the same page would otherwise loop forever) or the catalog exceeds `maxProducts`.
 */
export async function* catalogPages(
  adapter: CommerceAdapter,
  options: Pick<CatalogListOptions, 'updatedSince' | 'pageSize' | 'maxProducts' | 'signal'> = {},
): AsyncGenerator<CatalogProduct[], void, void> {
  const first = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const max = options.maxProducts ?? DEFAULT_MAX_PRODUCTS;
  const seen = new Set<string>();
  let after: string | null = null;
  let count = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await adapter.listProducts({ first, after, updatedSince: options.updatedSince ?? null }, { signal: options.signal });
    count += page.items.length;
    if (count > max) throw new UpstreamError(adapter.system, 'bad_response', `catalog has more than ${max} products (maxProducts); raise the limit to list it`);
    yield page.items;
    if (page.nextCursor === null || page.items.length === 0) return;
    if (seen.has(page.nextCursor)) throw new UpstreamError(adapter.system, 'bad_response', 'catalog listing returned a cursor it had returned before');
    seen.add(page.nextCursor);
    after = page.nextCursor;
  }
}

/** Lists the catalogs of the chosen adapters concurrently (one system after another would only add latency). */
export async function listCatalog(adapters: CommerceAdapter[], options: CatalogListOptions = {}): Promise<CatalogListing> {
  let chosen = adapters;
  if (options.system) {
    const adapter = adapters.find((a) => a.system === options.system);
    if (!adapter) throw new NotFoundError('Commerce system', options.system);
    if (!adapter.capabilities.catalogSync) throw new BadUserInputError(`${options.system} (${adapter.platform}) cannot list its catalog`, 'system');
    chosen = [adapter];
  }
  const results = await Promise.all(chosen.map((adapter) => listOne(adapter, options)));
  const sources = results.map((r) => r.source);
  const errors = sources.flatMap((s) => (s.error ? [s.error] : []));
  return { products: results.flatMap((r) => r.products), sources, errors, complete: sources.every((s) => s.status !== 'error') };
}

async function listOne(adapter: CommerceAdapter, options: CatalogListOptions): Promise<{ products: CatalogProduct[]; source: CatalogSourceResult }> {
  const base = { system: adapter.system, platform: adapter.platform };
  if (!adapter.capabilities.catalogSync) return { products: [], source: { ...base, status: 'unsupported', products: 0, skus: 0, pages: 0, error: null } };
  // Keyed by product id: a product seen twice (the platform re-sorted mid-listing) is kept once, last wins.
  const byId = new Map<string, CatalogProduct>();
  let pages = 0;
  try {
    for await (const page of catalogPages(adapter, options)) {
      pages += 1;
      for (const product of page) byId.set(product.externalId, product);
      options.onPage?.(adapter.system, byId.size);
    }
  } catch (error) {
    // The caller gave up: that is its answer, not this source's failure.
    if (options.signal?.aborted) throw error;
    return { products: [], source: { ...base, status: 'error', products: 0, skus: 0, pages, error: toSourceError(adapter.system, error) } };
  }
  const products = [...byId.values()];
  const skus = products.reduce((n, p) => n + p.skus.length, 0);
  return { products, source: { ...base, status: 'ok', products: products.length, skus, pages, error: null } };
}
