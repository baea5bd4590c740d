// The retrain worker as the server runs it: the compiled file in a real worker thread. It exists
// after `pnpm build` (the root `pnpm test` builds first); from bare sources the retrain runs inline
// and is covered by plugin.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CatalogGraph } from '../src/catalog/graph.js';
import { modelFromJSON, type ModelJSON } from '../src/model/model-io.js';
import { runTrainJob } from '../src/plugin/train-worker.js';

const WORKER = fileURLToPath(new URL('../dist/plugin/train-worker.js', import.meta.url));
const catalog = { products: [{ id: 'P1', title: '雪域 羽绒服', brand: '雪域', category: '羽绒服', skus: [{ sku: 'a', attributes: { color: '粉色', size: 'XL' } }] }] };

describe.skipIf(!existsSync(WORKER) && !process.env.CI)('training worker (dist)', () => {
  it('trains in a worker thread exactly as inline training does', async () => {
    const text = '粉色XL羽绒服有吗';
    const lines = [
      { id: '1', text, entities: [{ start: 0, end: 2, label: 'COLOR' as const }, { start: 2, end: 4, label: 'SIZE' as const }, { start: 4, end: 7, label: 'PRODUCT' as const }] },
      { id: '2', text: '在吗', entities: [] },
      { id: '3', text: '雪域的羽绒服还有吗', entities: [{ start: 0, end: 2, label: 'BRAND' as const }, { start: 3, end: 6, label: 'PRODUCT' as const }] },
    ];
    const job = { sets: [{ lines, catalog }], options: { epochs: 5, hashBits: 14, seed: 3 } };
    const json = await new Promise<ModelJSON>((resolve, reject) => {
      const w = new Worker(WORKER, { workerData: job });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const inline = runTrainJob(job);
    expect(json.weights).toEqual(inline.weights);
    const rec = modelFromJSON(json, CatalogGraph.fromJSON(catalog));
    expect(rec.recognize(text)).toEqual(modelFromJSON(inline, CatalogGraph.fromJSON(catalog)).recognize(text));
    expect(rec.recognize(text)[0]).toMatchObject({ start: 0, end: 2, label: 'COLOR' });
    expect(readFileSync(WORKER, 'utf8')).toContain('parentPort');
  });
});
