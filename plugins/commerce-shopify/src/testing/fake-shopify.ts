import { cursorSlice, type FakeRequest, type FakeResponse, FakeServer } from '@keeper/commerce/testing';
import { catalog as defaultCatalog, customers, orders, type ShopifyCatalogFixture, variants } from './fixtures.js';

export const TOKEN = 'shpat_0123456789abcdef_fake';
export const API_PATH = '/admin/api/2025-01/graphql.json';

interface GqlBody {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** Parses the subset of Shopify search syntax the adapter sends: `key:value` or `key:"value"`. */
function parseSearch(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'string') return out;
  for (const match of query.matchAll(/(\w+):(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) out[match[1]!] = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
  return out;
}

/** Calculated cost the way the adapter estimates it, so client and server agree on a call's price. */
function cost(body: GqlBody): number {
  const first = Number(body.variables?.first ?? 1);
  const lines = Number(body.variables?.lines ?? 10);
  if (body.operationName === 'KeeperOrders') return 2 + first * (4 + lines);
  if (body.operationName === 'KeeperOrder') return 4 + lines;
  const perProduct = Number(body.variables?.variants ?? 40);
  if (body.operationName === 'KeeperCatalog') return 3 + first * (4 + perProduct * 2);
  if (body.operationName === 'KeeperProductVariants') return 3 + perProduct * 2;
  return 7;
}

function throttleStatus(available: number, capacity: number, restoreRate: number) {
  return { maximumAvailable: capacity, currentlyAvailable: Math.floor(available), restoreRate };
}

const gidNumber = (gid: string) => Number(gid.split('/').pop());

/** `products(query:)` as the adapter sends it: `status:active` and `updated_at:>='<ISO>'`. */
function catalogMatches(product: ShopifyCatalogFixture, search: Record<string, string>): boolean {
  if (search.status && product.status.toLowerCase() !== search.status.toLowerCase()) return false;
  const since = search.updated_at ? Date.parse(search.updated_at.replace(/^>=?/, '').replace(/^'|'$/g, '')) : null;
  if (since !== null && (Number.isNaN(since) || !product.updatedAt || Date.parse(product.updatedAt) < since)) return false;
  return true;
}

function variantPage(product: ShopifyCatalogFixture, after: unknown, first: number) {
  const page = cursorSlice(product.variants, after as string | null, first);
  return { nodes: page.items, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
}

function resolve(body: GqlBody, catalog: readonly ShopifyCatalogFixture[]): FakeResponse {
  const vars = body.variables ?? {};
  const search = parseSearch(vars.query);
  switch (body.operationName) {
    case 'KeeperCatalog': {
      const matches = catalog.filter((p) => catalogMatches(p, search)).sort((a, b) => gidNumber(a.id) - gidNumber(b.id));
      const page = cursorSlice(matches, vars.after as string | null, Number(vars.first));
      const nodes = page.items.map(({ status: _status, variants: _variants, ...p }, i) => ({ ...p, variants: variantPage(page.items[i]!, null, Number(vars.variants)) }));
      return { body: { data: { shop: { currencyCode: 'USD' }, products: { nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } } } } };
    }
    case 'KeeperProductVariants': {
      const product = catalog.find((p) => p.id === vars.id);
      return { body: { data: { product: product ? { variants: variantPage(product, vars.after, Number(vars.variants)) } : null } } };
    }
    case 'KeeperCustomers': {
      const nodes = customers.filter((c) => (search.email && c.email === search.email) || (search.phone && c.phone === search.phone));
      return { body: { data: { customers: { nodes } } } };
    }
    case 'KeeperCustomer':
      return { body: { data: { customer: customers.find((c) => c.id === vars.id) ?? null } } };
    case 'KeeperOrders': {
      const matches = orders.filter(
        (o) =>
          (search.customer_id && o.customer?.id === `gid://shopify/Customer/${search.customer_id}`) ||
          (search.email && o.email === search.email) ||
          (search.name && o.name === search.name),
      );
      const page = cursorSlice(matches, vars.after as string | null, Number(vars.first));
      return { body: { data: { orders: { nodes: page.items, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } } } } };
    }
    case 'KeeperOrder':
      return { body: { data: { order: orders.find((o) => o.id === vars.id) ?? null } } };
    case 'KeeperProducts': {
      const needle = String(vars.query ?? '').replace(/^title:\*|\*$/g, '').trim().toLowerCase();
      const byProduct = new Map<string, { id: string; title: string; variants: { nodes: typeof variants } }>();
      for (const v of variants) {
        if (!v.product?.title.toLowerCase().includes(needle)) continue;
        const entry = byProduct.get(v.productId) ?? { id: v.productId, title: v.product.title, variants: { nodes: [] } };
        entry.variants.nodes.push(v);
        byProduct.set(v.productId, entry);
      }
      return { body: { data: { shop: { currencyCode: 'USD' }, products: { nodes: [...byProduct.values()] } } } };
    }
    case 'KeeperVariants':
      return { body: { data: { shop: { currencyCode: 'USD' }, productVariants: { nodes: variants.filter((v) => v.sku === search.sku) } } } };
    default:
      return { body: { errors: [{ message: `fake does not know ${body.operationName}` }] } };
  }
}

/**
 * A fake Shopify Admin GraphQL endpoint: token auth (401 like Shopify), a calculated-cost leaky
 * bucket whose state rides on every response in `extensions.cost`, THROTTLED with HTTP 200, and a
 * product catalog paged by cursor (variants paged per product).
 */
export function fakeShopify(bucket: { capacity: number; restoreRate: number }, options: { catalog?: ShopifyCatalogFixture[] } = {}): Promise<FakeServer> {
  // Read on every request, so a test can edit the array to change the shop's catalog.
  const catalog = options.catalog ?? defaultCatalog;
  return new FakeServer({
    auth: (req) =>
      req.headers['x-shopify-access-token'] === TOKEN ? null : { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } },
    rateLimit: {
      capacity: bucket.capacity,
      refillPerSecond: bucket.restoreRate,
      cost: (req: FakeRequest) => cost(req.body as GqlBody),
      reject: (req, retryAfterMs, state) => {
        const requested = cost(req.body as GqlBody);
        // Report a restore rate that makes "points missing / restore rate" equal the wait we want.
        const restoreRate = Math.max(1, Math.round(((requested - state.available) * 1000) / Math.max(1, retryAfterMs)));
        return {
          status: 200,
          body: {
            errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
            extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus(state.available, state.capacity, restoreRate) } },
          },
        };
      },
      decorate: (response, _req, state) => {
        if (typeof response.body !== 'object' || response.body === null) return response;
        const extensions = { cost: { requestedQueryCost: state.cost, actualQueryCost: state.cost, throttleStatus: throttleStatus(state.available, state.capacity, state.refillPerSecond) } };
        return { ...response, body: { ...response.body, extensions } };
      },
    },
    routes: [{ method: 'POST', path: API_PATH, handler: (req) => resolve(req.body as GqlBody, catalog) }],
  }).start();
}
