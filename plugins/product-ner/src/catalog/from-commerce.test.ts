import { describe, expect, it } from 'vitest';
import { labelOfKey } from './aliases.js';
import { type CommerceCatalogProduct, catalogFromCommerce, normaliseAttributeKey } from './from-commerce.js';
import { CatalogGraph } from './graph.js';

const jacket: CommerceCatalogProduct = {
  system: 'shopify',
  externalId: 'gid://shopify/Product/11',
  title: '轻暖连帽羽绒服',
  brand: ' 北岭/Northridge ',
  category: ['Apparel & Accessories', 'Clothing', 'Tops/Tees', '羽绒服'],
  attributes: { Material: '鹅绒' },
  skus: [
    { externalId: 'v1', sku: 'NR-DJ-PK-XL', attributes: { 颜色: '樱花粉', 尺码: 'XL', 'Heel  Height': '2cm' }, price: { amount: '599.00', currency: 'CNY' }, inventory: 5 },
    { externalId: 'v2', sku: ' NR-DJ-BK-L ', attributes: { Colour: '曜石黑', Size: 'L', Color: 'Black' }, price: null, inventory: null },
  ],
};

describe('normaliseAttributeKey', () => {
  it.each([
    ['Color', 'color'], ['Colour ', 'color'], ['颜色', 'color'], ['颜色分类', 'color'], ['Farbe', 'color'],
    ['色号', 'shade'], ['Size', 'size'], ['尺码', 'size'], ['Größe', 'size'], ['鞋码', 'size'],
    ['Flavour', 'flavor'], ['口味', 'flavor'], ['Scent', 'scent'], ['香型', 'scent'],
    ['容量', 'volume'], ['Capacity', 'volume'], ['净含量', 'weight'], ['内存', 'storage'], ['段数', 'stage'],
    ['Heel  Height', 'heel height'], ['规格', '规格'], ['ＳＩＺＥ', 'size'],
  ])('%s → %s', (key, expected) => {
    expect(normaliseAttributeKey(key)).toBe(expected);
  });

  it('maps every folded key to the label the graph gives its family', () => {
    expect(['color', 'shade'].map(labelOfKey)).toEqual(['COLOR', 'COLOR']);
    expect(labelOfKey('size')).toBe('SIZE');
    expect(['flavor', 'scent'].map(labelOfKey)).toEqual(['FLAVOR', 'FLAVOR']);
    expect(['volume', 'weight', 'storage', 'stage', 'heel height'].map(labelOfKey)).toEqual(['SPEC', 'SPEC', 'SPEC', 'SPEC', 'SPEC']);
  });
});

describe('catalogFromCommerce', () => {
  it('maps products into the import format: normalised keys, numbers for price and stock, a category path', () => {
    const mapped = catalogFromCommerce([jacket]);
    expect(mapped.products).toBe(1);
    expect(mapped.skus).toBe(2);
    expect(mapped.warnings).toEqual([]);
    expect(mapped.catalog.products[0]).toEqual({
      id: 'gid://shopify/Product/11',
      title: '轻暖连帽羽绒服',
      brand: '北岭/Northridge',
      category: ['Apparel & Accessories', 'Clothing', 'Tops Tees', '羽绒服'],
      attributes: { material: '鹅绒' },
      skus: [
        { sku: 'NR-DJ-PK-XL', attributes: { color: '樱花粉', size: 'XL', 'heel height': '2cm' }, price: 599, stock: 5 },
        // "Colour" and "Color" name one option: the first wins.
        { sku: 'NR-DJ-BK-L', attributes: { color: '曜石黑', size: 'L' }, price: null, stock: null },
      ],
    });
  });

  it('builds a graph the recogniser can use: labels, category hierarchy, brand spellings', () => {
    const graph = CatalogGraph.fromJSON(catalogFromCommerce([jacket]).catalog);
    const product = graph.product('gid://shopify/Product/11')!;
    expect(product.categoryPath).toEqual(['Apparel & Accessories', 'Clothing', 'Tops Tees', '羽绒服']);
    expect(graph.isA('羽绒服', 'Clothing')).toBe(true);
    expect(product.brandKeys).toEqual(expect.arrayContaining(['北岭', 'northridge']));
    const sku = graph.sku('NR-DJ-PK-XL')!;
    expect([...sku.values.keys()].sort()).toEqual(['COLOR', 'SIZE', 'SPEC']);
  });

  it('prefixes ids with the system when several systems are synced, and keeps a SKU code once', () => {
    const erpCopy: CommerceCatalogProduct = { ...jacket, system: 'erp', externalId: '11', skus: [{ ...jacket.skus[0]!, externalId: 'e1' }, { externalId: 'e2', sku: 'ERP-ONLY', attributes: {}, price: { amount: 'n/a', currency: 'CNY' }, inventory: 1 }] };
    const mapped = catalogFromCommerce([jacket, erpCopy], { prefixIds: true });
    expect(mapped.catalog.products.map((p) => p.id)).toEqual(['shopify:gid://shopify/Product/11', 'erp:11']);
    expect(mapped.catalog.products[1]!.skus).toEqual([{ sku: 'ERP-ONLY', attributes: {}, price: null, stock: 1 }]);
    expect(mapped.skus).toBe(3);
    expect(mapped.warnings).toEqual(['SKU NR-DJ-PK-XL of product erp:11 was already listed under product shopify:gid://shopify/Product/11; kept the first']);
  });
});
