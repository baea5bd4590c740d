// The quality targets, measured on the package's own data. These fail when a change makes
// the recogniser or linker worse than the targets.
import { describe, expect, it } from 'vitest';
import { loadCatalog, readJsonl } from '../src/data-io.js';
import { evaluate } from '../src/eval/metrics.js';
import { DATA_DIR, trainDefaultRecognizer } from '../src/model/default-model.js';
import type { CatalogGraph } from '../src/catalog/graph.js';
import { EntityRecognizer, type LabelledLine } from '../src/ner/recognizer.js';
import { ProductAnalyzer } from '../src/pipeline.js';

function score(analyzer: ProductAnalyzer, graph: CatalogGraph, lines: LabelledLine[]) {
  const preds = lines.map((l) => ({ id: l.id, ...analyzer.analyze(l.text) }));
  return evaluate(lines, preds, (sku) => graph.sku(sku)?.productId ?? null);
}

const catalogB = loadCatalog(`${DATA_DIR}unseen/catalog.json`);
const unseen = readJsonl(`${DATA_DIR}unseen/test.jsonl`);

describe('quality targets', () => {
  it('default model on a catalog it has never seen: micro-F1 >= 0.90, SKU accuracy >= 0.85', () => {
    const rec = trainDefaultRecognizer().withCatalog(catalogB);
    const r = score(new ProductAnalyzer(rec, catalogB), catalogB, unseen);
    console.log(`unseen catalog (${r.lines} lines): micro-F1 ${r.microF1.toFixed(4)}, SKU ${r.skuAccuracy.toFixed(4)} (${r.skuLines}), product ${r.productAccuracy.toFixed(4)} (${r.productLines}), spurious links ${r.spuriousLinks}, wrong SKUs ${r.wrongSkus}`);
    expect(r.skuLines).toBeGreaterThan(200);
    expect(r.microF1).toBeGreaterThanOrEqual(0.9);
    expect(r.skuAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it("trained on half of a shop's lines, tested on the other half: micro-F1 >= 0.95, SKU accuracy >= 0.92", () => {
    const train = unseen.filter((_, i) => i % 2 === 0);
    const test = unseen.filter((_, i) => i % 2 === 1);
    const rec = EntityRecognizer.train(train, catalogB, { seed: 7 });
    const r = score(new ProductAnalyzer(rec, catalogB), catalogB, test);
    console.log(`half/half on shop B (${train.length}/${test.length}): micro-F1 ${r.microF1.toFixed(4)}, SKU ${r.skuAccuracy.toFixed(4)} (${r.skuLines}), product ${r.productAccuracy.toFixed(4)}`);
    expect(r.microF1).toBeGreaterThanOrEqual(0.95);
    expect(r.skuAccuracy).toBeGreaterThanOrEqual(0.92);
  });

  it('the dev split of the training shop stays high (guards the generator and features together)', () => {
    const graph = loadCatalog(`${DATA_DIR}catalog.json`);
    const dev = readJsonl(`${DATA_DIR}dev.jsonl`);
    const r = score(new ProductAnalyzer(trainDefaultRecognizer().withCatalog(graph), graph), graph, dev);
    console.log(`dev (${r.lines} lines): micro-F1 ${r.microF1.toFixed(4)}, SKU ${r.skuAccuracy.toFixed(4)}, product ${r.productAccuracy.toFixed(4)}`);
    expect(r.microF1).toBeGreaterThanOrEqual(0.95);
    expect(r.skuAccuracy).toBeGreaterThanOrEqual(0.92);
  });
});
