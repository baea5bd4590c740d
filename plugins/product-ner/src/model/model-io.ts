import { LABELS } from '../catalog/aliases.js';
import type { CatalogGraph } from '../catalog/graph.js';
import { SequenceModel } from '../ner/perceptron.js';
import { EntityRecognizer, type ModelMeta } from '../ner/recognizer.js';
import { TAG_COUNT } from '../ner/tags.js';

export const MODEL_FORMAT = 'keeper-product-ner/1';

/** The saved model: catalog-independent weights (the gazetteer is rebuilt from the run-time catalog). */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  tagging: 'BIO';
  labels: string[];
  meta: ModelMeta;
  /** Non-zero weights: indices into buckets×tags (Uint32, base64) and values (Float32, base64). */
  weights: { count: number; index: string; value: string };
  trans: number[];
}

const b64 = (a: Uint32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

export function modelToJSON(rec: EntityRecognizer): ModelJSON {
  const w = rec.model.weights;
  let count = 0;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) count++;
  const index = new Uint32Array(count);
  const value = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== 0) {
      index[k] = i;
      value[k++] = w[i]!;
    }
  }
  return {
    format: MODEL_FORMAT, tagging: 'BIO', labels: [...LABELS], meta: rec.meta,
    weights: { count, index: b64(index), value: b64(value) }, trans: Array.from(rec.model.trans),
  };
}

export function modelFromJSON(json: unknown, graph: CatalogGraph): EntityRecognizer {
  const m = json as Partial<ModelJSON>;
  if (!m || m.format !== MODEL_FORMAT) throw new Error(`not a ${MODEL_FORMAT} model (format: ${String(m?.format)})`);
  if (m.labels?.join() !== LABELS.join()) throw new Error(`model labels ${m.labels?.join()} do not match ${LABELS.join()}`);
  const meta = m.meta!;
  const buckets = 1 << meta.hashBits;
  const weights = new Float32Array(buckets * TAG_COUNT);
  const idx = Buffer.from(m.weights!.index, 'base64');
  const val = Buffer.from(m.weights!.value, 'base64');
  // Copy into aligned arrays: a Buffer's byteOffset need not be a multiple of 4.
  const index = new Uint32Array(new Uint8Array(idx).buffer);
  const value = new Float32Array(new Uint8Array(val).buffer);
  for (let i = 0; i < m.weights!.count; i++) weights[index[i]!] = value[i]!;
  if (m.trans!.length !== (TAG_COUNT + 1) * TAG_COUNT) throw new Error('model transition matrix has the wrong size');
  return new EntityRecognizer(new SequenceModel(buckets, weights, Float32Array.from(m.trans!)).compact(), meta, graph);
}
