// Catalog sync on the real platform: @keeper/commerce + the Shopify adapter against its fake Admin
// API, and product-ner starting from the package's sample catalog. The Shopify catalog's down jacket
// (NR-DJ-PK-XL) exists only in the shop, so linking it proves the synced catalog is the live one.
import { join } from 'node:path';
import { commercePlugin } from '@keeper/commerce';
import type { FakeServer } from '@keeper/commerce/testing';
import { shopifyCommerce } from '@keeper/commerce-shopify';
import { catalog as shopCatalog, fakeShopify, type ShopifyCatalogFixture, TOKEN } from '@keeper/commerce-shopify/testing';
import { createTestPlatform, type TestPlatform } from '@keeper/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR } from '../src/model/default-model.js';
import { productNer } from '../src/plugin/plugin.js';

const ADMIN = { email: 'admin@shop.test', password: 'admin password 1' };
const catalog: ShopifyCatalogFixture[] = structuredClone(shopCatalog);

let shopify: FakeServer;
let platform: TestPlatform;
let admin: string;

const STATUS = '{ productCatalogSync { enabled running lastResult { source systems products skus trigger } lastError catalogSource products skus } }';
type Status = { productCatalogSync: { enabled: boolean; running: boolean; lastResult: { source: string; products: number; skus: number; trigger: string } | null; lastError: string | null; catalogSource: string; products: number } };
type Analysis = { analyzeText: { product: string | null; sku: string | null; candidates: Array<{ sku: string | null; price: number | null; stock: number | null }> } };
const SYNC = 'mutation($s: String) { syncProductCatalog(system: $s) { source systems products skus durationMs trigger warnings } }';

beforeAll(async () => {
  shopify = await fakeShopify({ capacity: 2000, restoreRate: 1000 }, { catalog });
  platform = await createTestPlatform({
    config: { auth: { bootstrapAdmin: ADMIN } },
    plugins: [
      // product-ner first on purpose: its boot sync must wait for adapters set up after it.
      productNer({ catalogFile: join(DATA_DIR, 'catalog.json'), catalogSync: { intervalMs: 0 } }),
      commercePlugin({ cache: 'none' }),
      shopifyCommerce({ shop: 'keeper-test', baseUrl: shopify.url, accessToken: TOKEN, catalogPageSize: 3, variantsPerProduct: 2, timeoutMs: 500, retry: { maxAttempts: 1 } }),
    ],
  });
  const login = await platform.gql<{ agentLogin: { token: string } }>('mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
  admin = login.data!.agentLogin.token;
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await shopify?.close();
});

const analyze = async (text: string) => (await platform.gql<Analysis>('query($t: String!) { analyzeText(text: $t) { product sku candidates { sku price stock } } }', { t: text }, { token: admin })).data!.analyzeText;

describe('catalog sync from Shopify on the real platform', () => {
  it('syncs at boot, after the adapters registered, and links a SKU that only the shop has', async () => {
    await expect
      .poll(async () => (await platform.gql<Status>(STATUS, {}, { token: admin })).data?.productCatalogSync.lastResult?.trigger, { timeout: 30_000, interval: 100 })
      .toBe('boot');
    const status = (await platform.gql<Status>(STATUS, {}, { token: admin })).data!.productCatalogSync;
    expect(status).toMatchObject({ enabled: true, running: false, lastError: null, catalogSource: 'commerce:shopify', products: 7 });
    // Seven active products (the draft left out), 12 variants: the jacket's four came in two queries.
    expect(status.lastResult).toMatchObject({ source: 'commerce:shopify', products: 7, skus: 12 });
    const a = await analyze('这件樱花粉XL码的羽绒服还有吗');
    expect(a).toMatchObject({ product: 'gid://shopify/Product/11', sku: 'NR-DJ-PK-XL' });
    expect(a.candidates[0]).toMatchObject({ sku: 'NR-DJ-PK-XL', price: 599, stock: 5 });
    // The sample catalog it started from is gone.
    const p = await platform.gql<{ products: Array<{ id: string }> }>('{ products(search: "羽绒服") { id } }', {}, { token: admin });
    expect(p.data!.products.map((x) => x.id)).toEqual(['gid://shopify/Product/11']);
  });

  it('keeps the synced catalog when a sync fails, and says why', async () => {
    shopify.fault({ kind: 'status', status: 503, body: { errors: 'Service Unavailable' }, times: 1 });
    const failed = await platform.gql(SYNC, {}, { token: admin });
    expect(failed.data).toBeNull();
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(failed.errors?.[0]?.message).toMatch(/^catalog sync failed, the current catalog is kept\. shopify: .*\(server_error\)$/);
    expect(await analyze('樱花粉XL码羽绒服')).toMatchObject({ sku: 'NR-DJ-PK-XL' });
    const status = (await platform.gql<Status>(STATUS, {}, { token: admin })).data!.productCatalogSync;
    expect(status).toMatchObject({ catalogSource: 'commerce:shopify', products: 7, lastError: expect.stringContaining('shopify') });
  });

  it('picks up the shop\'s changes on request (admins only)', async () => {
    catalog.push({
      id: 'gid://shopify/Product/40',
      title: '滋养沐浴露',
      vendor: '多芬',
      productType: '沐浴露',
      updatedAt: '2024-07-01T00:00:00Z',
      category: null,
      status: 'ACTIVE',
      // Chinese option names: 口味 and 容量 reach the graph as flavor and volume.
      variants: [
        { id: 'gid://shopify/ProductVariant/4001', sku: 'DV-ST-250', title: '草莓味 / 250ml', price: '39.90', inventoryQuantity: 8, selectedOptions: [{ name: '口味', value: '草莓味' }, { name: '容量', value: '250ml' }] },
        { id: 'gid://shopify/ProductVariant/4002', sku: 'DV-ST-500', title: '草莓味 / 500ml', price: '59.90', inventoryQuantity: 3, selectedOptions: [{ name: '口味', value: '草莓味' }, { name: '容量', value: '500ml' }] },
      ],
    });
    const shopper = await platform.gql<{ startConversation: { token: string } }>('mutation { startConversation { token } }');
    const denied = await platform.gql(SYNC, {}, { token: shopper.data!.startConversation.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await platform.gql<{ syncProductCatalog: { source: string; products: number; skus: number; trigger: string; warnings: string[] } }>(SYNC, { s: 'shopify' }, { token: admin });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.syncProductCatalog).toMatchObject({ source: 'commerce:shopify', products: 8, skus: 14, trigger: 'mutation', warnings: [] });
    expect(await analyze('多芬草莓味沐浴露两百五十毫升的有吗')).toMatchObject({ product: 'gid://shopify/Product/40', sku: 'DV-ST-250' });
    const unknown = await platform.gql(SYNC, { s: 'taobao' }, { token: admin });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
