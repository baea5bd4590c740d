import { describe, expect, it } from 'vitest';
import { CatalogGraph } from '../catalog/graph.js';
import { EntityRecognizer, type LabelledLine } from '../ner/recognizer.js';
import { modelFromJSON, modelToJSON } from './model-io.js';

const graph = CatalogGraph.fromJSON({
  products: [{ id: 'P1', title: '雪域 羽绒服', brand: '雪域', category: '羽绒服', skus: [{ sku: 'a', attributes: { color: '粉色', size: 'XL' } }] }],
});
const line = (id: string, text: string, ents: Array<[string, LabelledLine['entities'][number]['label']]>): LabelledLine => ({
  id, text, entities: ents.map(([t, label]) => ({ start: text.indexOf(t), end: text.indexOf(t) + t.length, label })),
});
const lines = [
  line('1', '粉色XL羽绒服有吗', [['粉色', 'COLOR'], ['XL', 'SIZE'], ['羽绒服', 'PRODUCT']]),
  line('2', '雪域的羽绒服还有吗', [['雪域', 'BRAND'], ['羽绒服', 'PRODUCT']]),
  line('3', '在吗', []),
  line('4', '有XL吗', [['XL', 'SIZE']]),
];

describe('model save/load', () => {
  it('round-trips through JSON with identical predictions', () => {
    const rec = EntityRecognizer.train(lines, graph, { epochs: 5, hashBits: 14 });
    const json = JSON.parse(JSON.stringify(modelToJSON(rec)));
    const back = modelFromJSON(json, graph);
    for (const t of ['粉色XL羽绒服有吗', '雪域羽绒服', '有没有XL的', '在吗']) expect(back.recognize(t)).toEqual(rec.recognize(t));
    expect(rec.recognize('粉色XL羽绒服有吗')).toEqual([
      { start: 0, end: 2, label: 'COLOR' },
      { start: 2, end: 4, label: 'SIZE' },
      { start: 4, end: 7, label: 'PRODUCT' },
    ]);
  });

  it('rejects files that are not models', () => {
    expect(() => modelFromJSON({ format: 'other' }, graph)).toThrow(/keeper-product-ner/);
  });
});
