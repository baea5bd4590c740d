import { describe, expect, it } from 'vitest';
import type { CatalogQuery } from '../adapter.js';
import type { CatalogProduct, Page } from '../model.js';
import { MemoryAdapter, makeCatalogProduct } from '../testing/memory-adapter.js';
import { catalogPages, listCatalog } from './catalog-listing.js';
import { CommerceService } from './commerce-service.js';
import { MemoryLinkStore } from './link-store.js';
import { AdapterRegistry } from './registry.js';

const products = (system: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeCatalogProduct(system, {
      externalId: `${system}-p${i}`,
      title: `Product ${i}`,
      updatedAt: `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
      skus: [{ sku: `${system}-S${i}-A`, attributes: { Color: 'Pink' } }, { sku: `${system}-S${i}-B`, attributes: { Color: 'Black' } }],
    }),
  );

function setup() {
  const shop = new MemoryAdapter('shop', { products: products('shop', 7) });
  const erp = new MemoryAdapter('erp', { products: products('erp', 3) });
  const orders = new MemoryAdapter('orders-only', {});
  const registry = new AdapterRegistry();
  for (const a of [shop, erp, orders]) registry.register(a);
  return { shop, erp, orders, service: new CommerceService(registry, new MemoryLinkStore()) };
}

describe('CommerceService.listCatalog', () => {
  it('lists every catalog-capable system in full, page by page, and reports the others as unsupported', async () => {
    const { service, shop } = setup();
    const listing = await service.listCatalog({ pageSize: 3 });
    expect(listing.products.map((p) => p.externalId)).toEqual([...products('shop', 7), ...products('erp', 3)].map((p) => p.externalId));
    expect(listing.complete).toBe(true);
    expect(listing.errors).toEqual([]);
    expect(listing.sources).toEqual([
      { system: 'shop', platform: 'memory', status: 'ok', products: 7, skus: 14, pages: 3, error: null },
      { system: 'erp', platform: 'memory', status: 'ok', products: 3, skus: 6, pages: 1, error: null },
      { system: 'orders-only', platform: 'memory', status: 'unsupported', products: 0, skus: 0, pages: 0, error: null },
    ]);
    expect(shop.calls).toBe(3);
  });

  it('drops a source that fails half-way entirely and says so; the other sources still answer', async () => {
    const { service, shop } = setup();
    const real = shop.listProducts.bind(shop);
    shop.listProducts = async (query: CatalogQuery) => {
      if (query.after) shop.goDown('server_error');
      return real(query);
    };
    const listing = await service.listCatalog({ pageSize: 3 });
    expect(listing.products.every((p) => p.system === 'erp')).toBe(true);
    expect(listing.complete).toBe(false);
    expect(listing.errors).toEqual([expect.objectContaining({ system: 'shop', code: 'UPSTREAM_UNAVAILABLE', reason: 'server_error' })]);
    expect(listing.sources[0]).toMatchObject({ system: 'shop', status: 'error', products: 0, pages: 1 });
  });

  it('lists one system on request, and refuses unknown or incapable systems clearly', async () => {
    const { service } = setup();
    const one = await service.listCatalog({ system: 'erp' });
    expect(one.products).toHaveLength(3);
    expect(one.sources.map((s) => s.system)).toEqual(['erp']);
    await expect(service.listCatalog({ system: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.listCatalog({ system: 'orders-only' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('cannot list its catalog') });
  });

  it('passes updatedSince to the adapter', async () => {
    const { service } = setup();
    const listing = await service.listCatalog({ system: 'shop', updatedSince: '2024-01-05T00:00:00Z' });
    expect(listing.products.map((p) => p.externalId)).toEqual(['shop-p4', 'shop-p5', 'shop-p6']);
  });

  it('keeps a product listed twice once (the platform re-sorted mid-listing), last copy wins', async () => {
    const adapter = new MemoryAdapter('dup', {});
    const pages: Array<Page<CatalogProduct>> = [
      { items: [makeCatalogProduct('dup', { externalId: 'a', title: 'old' }), makeCatalogProduct('dup', { externalId: 'b' })], nextCursor: 'c1', total: null },
      { items: [makeCatalogProduct('dup', { externalId: 'a', title: 'new' })], nextCursor: null, total: null },
    ];
    Object.assign(adapter, { capabilities: { ...adapter.capabilities, catalogSync: true }, listProducts: async (q: CatalogQuery) => pages[q.after ? 1 : 0]! });
    const listing = await listCatalog([adapter]);
    expect(listing.products.map((p) => [p.externalId, p.title])).toEqual([['a', 'new'], ['b', 'b']]);
  });

  it('stops on a repeated cursor or an oversized catalog instead of looping or filling memory', async () => {
    const looping = new MemoryAdapter('loop', {});
    Object.assign(looping, {
      capabilities: { ...looping.capabilities, catalogSync: true },
      listProducts: async () => ({ items: [makeCatalogProduct('loop', { externalId: 'x' })], nextCursor: 'same', total: null }),
    });
    const loop = await listCatalog([looping]);
    expect(loop.errors[0]).toMatchObject({ system: 'loop', reason: 'bad_response', message: expect.stringContaining('cursor it had returned before') });

    const big = new MemoryAdapter('big', { products: products('big', 12) });
    const capped = await listCatalog([big], { pageSize: 5, maxProducts: 10 });
    expect(capped.errors[0]).toMatchObject({ system: 'big', reason: 'bad_response', message: expect.stringContaining('more than 10 products') });
    expect(capped.products).toEqual([]);
  });

  it('propagates the caller aborting instead of reporting it as a source error', async () => {
    const { shop } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(listCatalog([shop], { signal: controller.signal })).rejects.toThrow();
    const pages = catalogPages(shop, { signal: controller.signal });
    await expect(pages.next()).rejects.toThrow();
  });

  it('the memory adapter refuses listProducts without products, as its capability says', async () => {
    const { orders } = setup();
    expect(orders.capabilities.catalogSync).toBe(false);
    await expect(orders.listProducts({ first: 1 })).rejects.toMatchObject({ reason: 'unsupported' });
  });
});
