import { type EntityLabel, LABELS } from '../catalog/aliases.js';
import type { LabelledLine } from '../ner/recognizer.js';

export interface Prediction {
  id: string;
  entities: Array<{ start: number; end: number; label: EntityLabel }>;
  product: string | null;
  sku: string | null;
}

export interface LabelScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  lines: number;
  perLabel: Record<EntityLabel, LabelScore>;
  microF1: number;
  microPrecision: number;
  microRecall: number;
  /** Over lines whose gold sku is set. */
  skuAccuracy: number;
  skuLines: number;
  /** Over lines whose gold product (or gold SKU's product) is set. */
  productAccuracy: number;
  productLines: number;
  /** Lines where gold is null but a SKU or product was predicted: the "confident wrong guess" count. */
  spuriousLinks: number;
  /** Lines where a SKU was predicted and it is not the gold SKU (gold null included). */
  wrongSkus: number;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Scores as the issue defines: an entity counts when start, end and label all match.
 * `productOfSku` maps a gold SKU to its product when the line's gold product is missing.
 */
export function evaluate(gold: readonly LabelledLine[], preds: readonly Prediction[], productOfSku: (sku: string) => string | null = () => null): EvalReport {
  const byId = new Map(preds.map((p) => [p.id, p]));
  const tp: Record<string, number> = {};
  const fp: Record<string, number> = {};
  const fn: Record<string, number> = {};
  for (const l of LABELS) tp[l] = fp[l] = fn[l] = 0;
  let skuOk = 0;
  let skuN = 0;
  let prodOk = 0;
  let prodN = 0;
  let spurious = 0;
  let wrongSkus = 0;
  for (const g of gold) {
    const p = byId.get(g.id) ?? { id: g.id, entities: [], product: null, sku: null };
    const key = (e: { start: number; end: number; label: string }) => `${e.start}:${e.end}:${e.label}`;
    const goldEntities = g.entities ?? [];
    const goldSet = new Set(goldEntities.map(key));
    const predSet = new Set(p.entities.map(key));
    for (const e of goldEntities) (predSet.has(key(e)) ? tp : fn)[e.label] = ((predSet.has(key(e)) ? tp : fn)[e.label] ?? 0) + 1;
    for (const e of p.entities) if (!goldSet.has(key(e))) fp[e.label] = (fp[e.label] ?? 0) + 1;
    if (g.sku) {
      skuN++;
      if (p.sku === g.sku) skuOk++;
    }
    const gp = g.product ?? (g.sku ? productOfSku(g.sku) : null);
    if (gp) {
      prodN++;
      if (p.product === gp) prodOk++;
    }
    if (p.sku && p.sku !== g.sku) wrongSkus++;
    if (!g.sku && !gp && (p.sku || p.product)) spurious++;
    else if (!g.sku && p.sku) spurious++;
  }
  const perLabel = {} as Record<EntityLabel, LabelScore>;
  let T = 0;
  let P = 0;
  let N = 0;
  for (const l of LABELS) {
    const pr = ratio(tp[l]!, tp[l]! + fp[l]!);
    const rc = ratio(tp[l]!, tp[l]! + fn[l]!);
    perLabel[l] = { precision: pr, recall: rc, f1: f1(pr, rc), support: tp[l]! + fn[l]! };
    T += tp[l]!;
    P += fp[l]!;
    N += fn[l]!;
  }
  const mp = ratio(T, T + P);
  const mr = ratio(T, T + N);
  return {
    lines: gold.length, perLabel, microF1: f1(mp, mr), microPrecision: mp, microRecall: mr,
    skuAccuracy: ratio(skuOk, skuN), skuLines: skuN, productAccuracy: ratio(prodOk, prodN), productLines: prodN, spuriousLinks: spurious, wrongSkus,
  };
}
