import { describe, expect, it } from 'vitest';
import { CatalogGraph } from '../catalog/graph.js';
import { GAZ_TYPES, Gazetteer, valueVariants } from './gazetteer.js';
import { spansToTags, tagsToSpans } from './tags.js';

const graph = CatalogGraph.fromJSON({
  products: [
    { id: 'P1', title: 'Nike Air Max 270 运动鞋', brand: '耐克/Nike', category: '运动鞋', skus: [{ sku: 'a', attributes: { size: '42', color: '黑色' } }] },
    { id: 'P2', title: '雪域 羽绒服', brand: '雪域', category: '服装>外套>羽绒服', skus: [{ sku: 'b', attributes: { size: 'XL', color: '粉色' } }] },
  ],
});

function typesAt(g: Gazetteer, text: string, start: number, end: number): string[] {
  const m = g.matchText(text).find((x) => x.start === start && x.end === end);
  return m ? GAZ_TYPES.filter((_, i) => m.types & (1 << i)) : [];
}

describe('Gazetteer', () => {
  const g = Gazetteer.fromCatalog(graph);

  it('matches catalog words by type, case-insensitively and across spaces', () => {
    expect(typesAt(g, 'NIKE air  max 42码', 0, 4)).toContain('BRAND');
    expect(typesAt(g, 'NIKE air  max 42码', 5, 13)).toContain('PRODUCT_MODEL');
    expect(typesAt(g, 'NIKE air  max 42码', 14, 17)).toContain('SIZE');
    expect(typesAt(g, '有X L的吗', 1, 4)).toContain('SIZE');
    expect(typesAt(g, '粉的羽绒服', 0, 1)).toContain('COLOR');
    expect(typesAt(g, '粉的羽绒服', 2, 5)).toContain('PRODUCT_CAT');
    expect(typesAt(g, '外套', 0, 2)).toContain('PRODUCT_CAT');
  });

  it('does not match inside a longer Latin word or number', () => {
    expect(typesAt(g, 'hello', 3, 4)).toEqual([]);
    expect(typesAt(g, '订单142', 3, 5)).toEqual([]);
  });

  it('spells values the ways shoppers do', () => {
    expect(valueVariants('SPEC', '250ml')).toEqual(expect.arrayContaining(['250ml', '250毫升']));
    expect(valueVariants('SPEC', '2段')).toContain('二段');
    expect(valueVariants('SPEC', '256G')).toEqual(expect.arrayContaining(['256gb', '256个g']));
    expect(valueVariants('FLAVOR', '草莓味')).toEqual(expect.arrayContaining(['草莓', '草莓口味']));
    expect(valueVariants('COLOR', '#999')).toEqual(expect.arrayContaining(['999', '999号']));
  });
});

describe('BIO tags', () => {
  it('round-trips spans, including adjacent entities', () => {
    const spans = [
      { start: 0, end: 2, label: 'COLOR' as const },
      { start: 2, end: 5, label: 'SIZE' as const },
      { start: 5, end: 6, label: 'PRODUCT' as const },
      { start: 7, end: 9, label: 'SPEC' as const },
    ];
    expect(tagsToSpans(spansToTags(10, spans), 10)).toEqual(spans);
  });
});
