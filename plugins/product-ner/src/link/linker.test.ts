import { describe, expect, it } from 'vitest';
import type { EntityLabel } from '../catalog/aliases.js';
import { CatalogGraph } from '../catalog/graph.js';
import { SkuLinker } from './linker.js';

const graph = CatalogGraph.fromJSON({
  products: [
    { id: 'P001', title: '雪域 女款羽绒服', brand: '雪域', category: '服装>外套>羽绒服', skus: [
      { sku: 'P001-PK-XL', attributes: { color: '粉色', size: 'XL' }, price: 399, stock: 12 },
      { sku: 'P001-PK-L', attributes: { color: '粉色', size: 'L' }, price: 399, stock: 3 },
      { sku: 'P001-BK-XL', attributes: { color: '黑色', size: 'XL' }, price: 399, stock: 0 },
    ] },
    { id: 'P002', title: '北极狐 男款羽绒服', brand: '北极狐', category: '羽绒服', skus: [
      { sku: 'P002-BK-XL', attributes: { color: '黑色', size: 'XL' }, price: 599, stock: 5 },
    ] },
    { id: 'P003', title: '森马 T恤', brand: '森马', category: '服装>上衣>T恤', skus: [
      { sku: 'P003-BK-S', attributes: { color: '黑色', size: 'S' }, price: 59, stock: 40 },
    ] },
    { id: 'P004', title: '多芬 沐浴露', brand: '多芬/Dove', category: '沐浴露', skus: [
      { sku: 'P004-SB-250', attributes: { flavor: '草莓味', volume: '250ml' }, price: 39, stock: 9 },
      { sku: 'P004-SB-500', attributes: { flavor: '草莓味', volume: '500ml' }, price: 59, stock: 9 },
    ] },
  ],
});
const linker = new SkuLinker(graph);

/** Builds spans from "[粉色|COLOR]" markup so each case reads like the message. */
function link(markup: string) {
  let text = '';
  const spans: Array<{ start: number; end: number; label: EntityLabel }> = [];
  let last = 0;
  for (const m of markup.matchAll(/\[([^|\]]+)\|([A-Z]+)\]/g)) {
    text += markup.slice(last, m.index);
    spans.push({ start: text.length, end: text.length + m[1]!.length, label: m[2] as EntityLabel });
    text += m[1];
    last = m.index + m[0].length;
  }
  text += markup.slice(last);
  return linker.link(text, spans);
}

describe('SkuLinker', () => {
  it('returns the SKU when the message pins one down, through aliases', () => {
    expect(link('[粉色|COLOR][XL码|SIZE][羽绒服|PRODUCT]').sku).toBe('P001-PK-XL');
    expect(link('[羽绒服|PRODUCT]有[粉的|COLOR][加大码|SIZE]吗').sku).toBe('P001-PK-XL');
    expect(link('[pink|COLOR] [X L|SIZE] [外套|PRODUCT]').sku).toBe('P001-PK-XL');
    expect(link('[草莓|FLAVOR][沐浴露|PRODUCT][两百五十毫升|SPEC]').sku).toBe('P004-SB-250');
    expect(link('[Dove|BRAND] [500ML|SPEC]').sku).toBe('P004-SB-500');
  });

  it('returns only the product when the SKU is open', () => {
    const r = link('[粉色|COLOR]的[羽绒服|PRODUCT]还有吗');
    expect(r).toMatchObject({ product: 'P001', sku: null });
    expect(r.candidates.map((c) => c.sku)).toEqual(expect.arrayContaining(['P001-PK-XL', 'P001-PK-L']));
    expect(r.candidates[0]).toMatchObject({ price: 399 });
  });

  it('returns nothing when the message fits several products', () => {
    expect(link('[黑色|COLOR][XL|SIZE][羽绒服|PRODUCT]')).toMatchObject({ product: null, sku: null });
    expect(link('有[XL|SIZE]吗')).toMatchObject({ product: null, sku: null });
    expect(link('在吗')).toMatchObject({ product: null, sku: null, candidates: [] });
  });

  it('returns nothing for a message about two products', () => {
    expect(link('[羽绒服|PRODUCT]和[T恤|PRODUCT]能一起发吗')).toMatchObject({ product: null, sku: null });
    expect(link('[羽绒服|PRODUCT]和[手机壳|PRODUCT]一起买')).toMatchObject({ product: null, sku: null });
  });

  it('names the product but no SKU when the attribute fits no SKU of the only product named', () => {
    expect(link('[T恤|PRODUCT]有[XL|SIZE]吗')).toMatchObject({ product: 'P003', sku: null });
  });

  it('uses brand and category together', () => {
    expect(link('[北极狐|BRAND][羽绒服|PRODUCT]')).toMatchObject({ product: 'P002', sku: 'P002-BK-XL' });
  });
});
