// Catalog sync driven through the plugin with a stand-in host: the real commerce registry and service
// over in-memory adapters, and a real PGlite database shared by two plugin instances (two nodes).
import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type CatalogProduct, type CommerceRegistry, createCommerceRegistry, MemoryLinkStore } from '@keeper/commerce';
import { createTestHost, MemoryAdapter, makeCatalogProduct } from '@keeper/commerce/testing';
import type { DatabaseHandle, PluginContext } from '@keeper/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommerceCatalogSource, findCommerceCatalog } from '../src/plugin/catalog-sync.js';
import { optionsSchema, type ProductNerOptionsInput } from '../src/plugin/options.js';
import { createProductNer } from '../src/plugin/plugin.js';

// Compile-time check that @keeper/commerce's service still fits what product-ner reads structurally.
const fits = (registry: CommerceRegistry): CommerceCatalogSource => registry.service;
void fits;

const SCHEMA = 'keeper_product_ner';

async function pgliteHandle(): Promise<{ pg: PGlite; db: DatabaseHandle }> {
  const pg = new PGlite();
  await pg.exec(`CREATE SCHEMA ${SCHEMA}; SET search_path TO ${SCHEMA};`);
  const migrations = new URL('../prisma/migrations/', import.meta.url);
  for (const dir of readdirSync(migrations).filter((d) => /^\d+_/.test(d)).sort()) await pg.exec(readFileSync(new URL(`${dir}/migration.sql`, migrations), 'utf8'));
  await pg.exec('SET search_path TO public;');
  return { pg, db: { schema: SCHEMA, dialect: 'pglite', adapter: null, query: async <Row,>(sql: string, params?: unknown[]) => (await pg.query<Row>(sql, params)).rows } };
}

const money = (amount: string) => ({ amount, currency: 'CNY' });
const shopProducts = (): CatalogProduct[] => [
  makeCatalogProduct('shop', {
    externalId: 'J1',
    title: '轻暖连帽羽绒服',
    brand: '北岭',
    category: ['服装', '外套', '羽绒服'],
    skus: [
      { sku: 'NR-PK-XL', attributes: { 颜色: '樱花粉', 尺码: 'XL' }, price: money('599.00'), inventory: 5 },
      { sku: 'NR-PK-L', attributes: { 颜色: '樱花粉', 尺码: 'L' }, price: money('599.00'), inventory: 2 },
      { sku: 'NR-BK-XL', attributes: { 颜色: '曜石黑', 尺码: 'XL' }, price: money('629.00'), inventory: 0 },
    ],
  }),
  makeCatalogProduct('shop', {
    externalId: 'G1',
    title: '沐浴露',
    brand: '多芬',
    category: ['个护', '沐浴露'],
    skus: [{ sku: 'DV-ST-250', attributes: { Flavour: '草莓味', Volume: '250ml' }, price: money('39.90'), inventory: 9 }],
  }),
];
const initial = { products: [{ id: 'OLD1', title: '老款羽绒服', brand: '旧牌', category: '羽绒服', skus: [{ sku: 'OLD-PK-XL', attributes: { color: '粉色', size: 'XL' }, price: 1, stock: 1 }] }] };

interface Node {
  ner: ReturnType<typeof createProductNer>;
  logs: Array<{ level: string; msg?: string }>;
}

function makeHost(registry: 'with-commerce' | 'without', adapters: MemoryAdapter[] = []) {
  const host = createTestHost(null as never);
  if (registry === 'with-commerce') {
    const commerce = createCommerceRegistry(host.context('@keeper/commerce'), new MemoryLinkStore(), undefined);
    host.services.provide('commerce', commerce);
    for (const a of adapters) commerce.register(a);
  }
  return host;
}

async function startNode(host: ReturnType<typeof makeHost>, db: DatabaseHandle | undefined, options: ProductNerOptionsInput): Promise<Node> {
  const ner = createProductNer(optionsSchema.parse({ catalog: initial, ...options }));
  const logs: Node['logs'] = [];
  const logger = {
    trace() {}, debug() {},
    info: (_o: unknown, msg?: string) => void logs.push({ level: 'info', msg }),
    warn: (_o: unknown, msg?: string) => void logs.push({ level: 'warn', msg }),
    error: (_o: unknown, msg?: string) => void logs.push({ level: 'error', msg }),
    fatal() {},
    child: () => logger,
  };
  // Each node provides its own productNer service: a host per node, sharing the commerce registry.
  const context: PluginContext = { ...host.context('@keeper/plugin-product-ner'), db, logger, services: { ...host.services, provide: () => undefined } };
  await ner.body.setup(context);
  return { ner, logs };
}

describe('catalog sync from @keeper/commerce', () => {
  let pg: PGlite;
  let db: DatabaseHandle;
  beforeAll(async () => {
    ({ pg, db } = await pgliteHandle());
  });
  afterAll(async () => {
    await pg.close();
  });

  it('replaces the catalog with the shop\'s, stores it with its source, and links SKUs only the shop has', async () => {
    const shop = new MemoryAdapter('shop', { products: shopProducts() });
    const node = await startNode(makeHost('with-commerce', [shop]), db, { catalogSync: { intervalMs: 0 } });
    expect(node.ner.runtime.analyze('樱花粉XL码羽绒服还有吗').sku).toBeNull();
    const result = await node.ner.catalogSync.sync('mutation', 'a1');
    expect(result).toMatchObject({ source: 'commerce:shop', systems: ['shop'], products: 2, skus: 4, trigger: 'mutation', warnings: [] });
    expect(node.ner.runtime.analyze('樱花粉XL码羽绒服还有吗')).toMatchObject({ product: 'J1', sku: 'NR-PK-XL' });
    expect(node.ner.runtime.analyze('草莓味沐浴露250ml有吗').sku).toBe('DV-ST-250');
    expect(node.ner.runtime.graph.product('OLD1')).toBeUndefined();
    expect(node.ner.runtime.catalogOrigin).toMatchObject({ source: 'commerce:shop' });
    const rows = await db.query<{ source: string; products: number; skus: number; imported_by: string }>(`SELECT source, products, skus, imported_by FROM ${SCHEMA}.catalog ORDER BY id DESC LIMIT 1`);
    expect(rows).toEqual([{ source: 'commerce:shop', products: 2, skus: 4, imported_by: 'a1' }]);
  });

  it('keeps the live and the stored catalog when the shop fails, even half-way through a listing', async () => {
    const products = [...shopProducts(), ...Array.from({ length: 150 }, (_, i) => makeCatalogProduct('shop', { externalId: `X${i}`, title: `Filler ${i}`, skus: [{ sku: `X-${i}` }] }))];
    const shop = new MemoryAdapter('shop', { products });
    const node = await startNode(makeHost('with-commerce', [shop]), undefined, { catalogSync: { intervalMs: 0 } });
    const real = shop.listProducts.bind(shop);
    // The second page fails: the first page must not become the catalog.
    shop.listProducts = async (query) => {
      if (query.after) shop.goDown('server_error');
      return real(query);
    };
    const failed = await node.ner.catalogSync.sync('mutation', 'a1').catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', extensions: { sources: [{ system: 'shop', reason: 'server_error' }] } });
    expect((failed as Error).message).toMatch(/catalog sync failed, the current catalog is kept\. shop: .*simulated server_error \(server_error\)/);
    expect(node.ner.runtime.graph.product('OLD1')).toBeDefined();
    expect(node.ner.runtime.graph.products).toHaveLength(1);
    expect(await node.ner.getStore().latestCatalog()).toBeNull();
    expect(node.ner.catalogSync.status()).toMatchObject({ running: false, lastResult: null, lastError: expect.stringContaining('current catalog is kept') });
    expect(node.logs).toContainEqual({ level: 'error', msg: 'catalog sync failed; the current catalog is kept' });
  });

  it('refuses an empty listing, a missing commerce plugin, and systems that cannot list a catalog', async () => {
    const empty = new MemoryAdapter('empty', { products: [] });
    const ordersOnly = new MemoryAdapter('orders', {});
    const node = await startNode(makeHost('with-commerce', [empty, ordersOnly]), undefined, {});
    await expect(node.ner.catalogSync.sync('mutation', null, 'empty')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('found no products in empty') });
    await expect(node.ner.catalogSync.sync('mutation', null, 'orders')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('cannot list its catalog') });
    await expect(node.ner.catalogSync.sync('mutation', null, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(node.ner.runtime.graph.product('OLD1')).toBeDefined();

    const bare = await startNode(makeHost('without'), undefined, { catalogSync: {} });
    await expect(bare.ner.catalogSync.sync('mutation', null)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('@keeper/commerce is not installed') });
    bare.ner.catalogSync.start();
    expect(bare.logs).toContainEqual({ level: 'warn', msg: 'catalogSync is configured but @keeper/commerce is not installed: catalog sync is off' });
    expect(bare.ner.catalogSync.status()).toMatchObject({ enabled: true, running: false, nextRunAt: null });
    expect(findCommerceCatalog(makeHost('without').services)).toBeNull();
  });

  it('joins a running sync of the same target and refuses one of another (CONFLICT)', async () => {
    const shop = new MemoryAdapter('shop', { products: shopProducts() });
    const other = new MemoryAdapter('other', { products: shopProducts().map((p) => ({ ...p, system: 'other', externalId: `O-${p.externalId}`, skus: p.skus.map((s) => ({ ...s, sku: `O-${s.sku}` })) })) });
    const node = await startNode(makeHost('with-commerce', [shop, other]), undefined, {});
    const first = node.ner.catalogSync.sync('mutation', null);
    expect(node.ner.catalogSync.sync('service', null)).toBe(first);
    expect(() => node.ner.catalogSync.sync('mutation', null, 'shop')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    const result = await first;
    // Two systems: ids carry the system so they cannot collide.
    expect(result).toMatchObject({ source: 'commerce:shop,other', products: 4, skus: 8 });
    expect(node.ner.runtime.graph.product('shop:J1')).toBeDefined();
    expect(node.ner.runtime.graph.product('other:O-J1')).toBeDefined();
    // Finished: the next one may start at once.
    await expect(node.ner.catalogSync.sync('mutation', null, 'shop')).resolves.toMatchObject({ source: 'commerce:shop' });
  });

  it('shares syncs between nodes: a fresh snapshot another node stored is adopted without calling the shop', async () => {
    const shop = new MemoryAdapter('shop', { products: shopProducts() });
    const host = makeHost('with-commerce', [shop]);
    const a = await startNode(host, db, { catalogSync: { intervalMs: 60_000, onBoot: false } });
    const b = await startNode(host, db, { catalogSync: { intervalMs: 60_000, onBoot: false } });
    shop.setProducts([...shopProducts(), makeCatalogProduct('shop', { externalId: 'NEW', title: '新款围巾', category: ['配饰', '围巾'], skus: [{ sku: 'SCARF-RED', attributes: { Color: '酒红' } }] })]);
    await a.ner.catalogSync.sync('mutation', 'a1');
    const calls = shop.calls;
    // B's periodic tick (run directly here) finds A's snapshot fresh: it adopts it and leaves the shop alone.
    await (b.ner.catalogSync as unknown as { tick(t: string): Promise<void> }).tick('interval');
    expect(shop.calls).toBe(calls);
    expect(b.ner.runtime.graph.product('NEW')).toBeDefined();
    expect(b.ner.runtime.catalogOrigin).toEqual(a.ner.runtime.catalogOrigin);
    expect(b.logs).toContainEqual({ level: 'info', msg: 'catalog: adopted the snapshot another node stored' });
    expect(b.ner.catalogSync.status().nextRunAt).not.toBeNull();
    await Promise.all([a.ner.catalogSync.stop(), b.ner.catalogSync.stop()]);
    expect(b.ner.catalogSync.status().nextRunAt).toBeNull();
  });

  it('syncs at boot once every plugin is set up, then on its interval', async () => {
    const shop = new MemoryAdapter('shop', { products: shopProducts() });
    const node = await startNode(makeHost('with-commerce', [shop]), undefined, { catalogSync: { intervalMs: 1_000 } });
    // setup alone does not sync: adapters of later plugins may not be registered yet.
    expect(shop.calls).toBe(0);
    node.ner.catalogSync.start();
    await expect.poll(() => node.ner.catalogSync.status().lastResult?.trigger, { timeout: 15_000 }).toBe('boot');
    shop.setProducts(shopProducts().slice(1));
    await expect.poll(() => node.ner.catalogSync.status().lastResult?.trigger, { timeout: 15_000, interval: 100 }).toBe('interval');
    expect(node.ner.runtime.graph.product('J1')).toBeUndefined();
    await node.ner.catalogSync.stop();
  });
});
