import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogGraph, modelsFromTitle } from './graph.js';

const data = (f: string) => new URL(`../../data/${f}`, import.meta.url);

describe('CatalogGraph', () => {
  const json = CatalogGraph.fromJSON(JSON.parse(readFileSync(data('catalog.json'), 'utf8')));

  it('imports the sample catalog: products, SKUs, attribute values', () => {
    expect(json.products.length).toBeGreaterThan(30);
    expect(json.skuCount).toBeGreaterThan(250);
    const sku = json.sku('P001-01')!;
    expect(sku.productId).toBe('P001');
    expect(sku.values.get('COLOR')).toEqual(['粉']);
  });

  it('imports the same catalog from CSV', () => {
    const csv = CatalogGraph.fromCSV(readFileSync(data('catalog.csv'), 'utf8'));
    expect(csv.skuCount).toBe(json.skuCount);
    expect(csv.product('P036')?.skus.map((s) => s.attributes)).toEqual(json.product('P036')?.skus.map((s) => s.attributes));
  });

  it('keeps the category hierarchy', () => {
    expect(json.isA('羽绒服', '外套')).toBe(true);
    expect(json.isA('羽绒服', '服装')).toBe(true);
    expect(json.isA('T恤', '外套')).toBe(false);
    expect(json.product('P001')?.categoryPath).toEqual(['服装', '外套', '羽绒服']);
    const g = CatalogGraph.fromJSON({ products: [{ id: 'x', title: 't', category: '家电>厨房电器>电饭煲' }] });
    expect(g.isA('电饭煲', '家电')).toBe(true);
    expect(g.categories.get('厨房电器')?.children).toEqual(['电饭煲']);
  });

  it('handles attribute keys it has never seen as SPEC values', () => {
    const g = CatalogGraph.fromJSON({
      products: [{ id: 'k1', title: '电水壶', skus: [{ sku: 'k1-a', attributes: { wattage: '1500W', 容量: '1.7L' } }] }],
    });
    expect(g.sku('k1-a')?.values.get('SPEC')).toEqual(['1500w', '1700ml']);
  });

  it('accepts the loose shapes real exports have: string prices, list categories, null fields, list values', () => {
    const g = CatalogGraph.fromJSON({
      products: [
        { id: 7, title: 'T', brand: null, category: ['服装', '上衣'], attributes: null, skus: [{ sku: 99, attributes: { color: ['黑', '白'], size: 42, note: null }, price: '399.0', stock: '' }] },
        { id: 'P8', title: 'no skus', skus: null },
      ],
    });
    expect(g.sku('99')).toMatchObject({ productId: '7', price: 399, stock: null, attributes: { color: '黑/白', size: '42' } });
    expect(g.isA('上衣', '服装')).toBe(true);
    expect(g.product('P8')?.skus).toEqual([]);
  });

  it('learns shop aliases for the label of the target value', () => {
    const g = CatalogGraph.fromJSON({
      products: [{ id: 'p', title: 'x', skus: [{ sku: 's', attributes: { color: '樱花粉' } }] }],
      aliases: { 少女粉: '樱花粉' },
    });
    expect(g.canonical('COLOR', '少女粉')).toBe(g.canonical('COLOR', '樱花粉'));
  });

  it('splits brand spellings and finds model names in titles', () => {
    expect(json.product('P001')?.brandKeys).toEqual(['雪域', 'snowland']);
    expect(modelsFromTitle('Nike Air Max 270 气垫运动鞋', ['Nike'], '运动鞋').models).toContain('Air Max 270');
    expect(modelsFromTitle('Nike Air Max 270 气垫运动鞋', ['Nike'], '运动鞋').heads).toContain('Air Max');
    expect(modelsFromTitle('雅诗兰黛 小棕瓶精华', ['雅诗兰黛'], '精华').models).toContain('小棕瓶');
  });

  it('searches titles, brands and categories', () => {
    expect(json.search('羽绒服').map((p) => p.id)).toEqual(['P001', 'P002']);
    expect(json.search('nike 卫衣').map((p) => p.id)).toEqual(['P006']);
    expect(json.search('外套').length).toBeGreaterThanOrEqual(3);
  });
});
