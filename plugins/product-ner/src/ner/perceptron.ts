import { SLOTS } from './features.js';
import { allowed, TAG_COUNT } from './tags.js';

const T = TAG_COUNT;

/** Predecessor lists per tag (and for the start), so Viterbi skips impossible BIOES transitions. */
const PREV_LISTS = Array.from({ length: T }, (_, b) => Array.from({ length: T }, (_, a) => a).filter((a) => allowed(a, b)));
const PREV_START = Int32Array.from([0, ...PREV_LISTS.map((_, b) => PREV_LISTS.slice(0, b + 1).reduce((s, l) => s + l.length, 0))]);
const PREV = Int32Array.from(PREV_LISTS.flat());
const START_OK = Array.from({ length: T }, (_, b) => allowed(-1, b));
const END_OK = Array.from({ length: T }, (_, a) => allowed(a, -1));
const NEG = -1e30;

/**
 * A structured averaged perceptron over hashed features: weights[bucket * T + tag], plus a
 * T×T transition matrix (row = previous tag; row T = sentence start).
 */
export class SequenceModel {
  readonly weights: Float32Array;
  readonly trans: Float32Array;
  private scores = new Float64Array(0);
  private back = new Int32Array(0);
  private delta = new Float64Array(0);

  /**
   * Inference layout: bucket → compact row (−1 for features the model never weighted), rows × T
   * weights. A trained model touches few buckets, so this working set stays in cache, and
   * never-seen features cost one lookup instead of T additions.
   */
  private rowOf: Int32Array | Int16Array | null = null;
  private rows = new Float32Array(0);
  /** One position's scores, accumulated in a tiny array that stays in registers/L1. */
  private readonly acc = new Float32Array(T);

  constructor(readonly buckets: number, weights?: Float32Array, trans?: Float32Array) {
    this.weights = weights ?? new Float32Array(buckets * T);
    this.trans = trans ?? new Float32Array((T + 1) * T);
  }

  /** Freezes the model for fast inference; call after training (training keeps the dense layout). */
  compact(): this {
    const w = this.weights;
    const rowIndex = new Int32Array(this.buckets).fill(-1);
    let count = 0;
    for (let b = 0; b < this.buckets; b++) {
      for (let t = 0; t < T; t++) {
        if (w[b * T + t] !== 0) {
          rowIndex[b] = count++;
          break;
        }
      }
    }
    // Half the bytes for the bucket → row table when rows fit in 16 bits (they do for 2^16 buckets).
    const rowOf = count < 0x7fff ? Int16Array.from(rowIndex) : rowIndex;
    const rows = new Float32Array(count * T);
    for (let b = 0; b < this.buckets; b++) {
      const r = rowIndex[b]!;
      if (r >= 0) rows.set(w.subarray(b * T, b * T + T), r * T);
    }
    this.rowOf = rowOf;
    this.rows = rows;
    return this;
  }

  /** Emission scores for n positions into this.scores. */
  private emissions(feats: Int32Array, n: number): Float64Array {
    if (this.scores.length < n * T) {
      this.scores = new Float64Array(n * T * 2);
      this.back = new Int32Array(n * T * 2);
      this.delta = new Float64Array(n * T * 2);
    }
    const sc = this.scores;
    sc.fill(0, 0, n * T);
    const rowOf = this.rowOf;
    if (rowOf) {
      const rows = this.rows;
      const acc = this.acc;
      for (let i = 0; i < n; i++) {
        const o = i * T;
        const fb = i * SLOTS;
        acc.fill(0);
        for (let k = 0; k < SLOTS; k++) {
          const f = feats[fb + k]!;
          if (f < 0) break;
          const r = rowOf[f]!;
          if (r < 0) continue;
          const wb = r * T;
          for (let t = 0; t < T; t++) acc[t]! += rows[wb + t]!;
        }
        for (let t = 0; t < T; t++) sc[o + t] = acc[t]!;
      }
      return sc;
    }
    const w = this.weights;
    for (let i = 0; i < n; i++) {
      const o = i * T;
      const fb = i * SLOTS;
      for (let k = 0; k < SLOTS; k++) {
        const f = feats[fb + k]!;
        if (f < 0) break;
        const wb = f * T;
        for (let t = 0; t < T; t++) sc[o + t]! += w[wb + t]!;
      }
    }
    return sc;
  }

  /** Best tag sequence (Viterbi with BIOES constraints) into `out`. */
  decode(feats: Int32Array, n: number, out: Uint8Array): void {
    if (n === 0) return;
    const sc = this.emissions(feats, n);
    const d = this.delta;
    const bp = this.back;
    const tr = this.trans;
    for (let t = 0; t < T; t++) d[t] = START_OK[t] ? sc[t]! + tr[T * T + t]! : NEG;
    for (let i = 1; i < n; i++) {
      const o = i * T;
      const po = o - T;
      for (let b = 0; b < T; b++) {
        let best = NEG * 2;
        let arg = 0;
        const end = PREV_START[b + 1]!;
        for (let p = PREV_START[b]!; p < end; p++) {
          const a = PREV[p]!;
          const v = d[po + a]! + tr[a * T + b]!;
          if (v > best) {
            best = v;
            arg = a;
          }
        }
        d[o + b] = best + sc[o + b]!;
        bp[o + b] = arg;
      }
    }
    let best = NEG * 2;
    let arg = 0;
    const lo = (n - 1) * T;
    for (let t = 0; t < T; t++) {
      if (END_OK[t] && d[lo + t]! > best) {
        best = d[lo + t]!;
        arg = t;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      out[i] = arg;
      arg = bp[i * T + arg]!;
    }
  }
}

/** Averaged-perceptron training state (the lazy "sum of c·update" trick). */
export class PerceptronTrainer {
  private readonly acc: Float64Array;
  private readonly accTrans: Float64Array;
  private c = 1;
  private pred = new Uint8Array(1024);

  constructor(readonly model: SequenceModel) {
    this.acc = new Float64Array(model.weights.length);
    this.accTrans = new Float64Array(model.trans.length);
  }

  /** One example; returns true when the prediction was already right. */
  step(feats: Int32Array, n: number, gold: Uint8Array): boolean {
    if (this.pred.length < n) this.pred = new Uint8Array(n * 2);
    const pred = this.pred;
    this.model.decode(feats, n, pred);
    let same = true;
    for (let i = 0; i < n; i++) if (pred[i] !== gold[i]) same = false;
    if (!same) {
      const w = this.model.weights;
      const tr = this.model.trans;
      const c = this.c;
      for (let i = 0; i < n; i++) {
        const g = gold[i]!;
        const p = pred[i]!;
        const gPrev = i === 0 ? T : gold[i - 1]!;
        const pPrev = i === 0 ? T : pred[i - 1]!;
        if (g !== p) {
          const fb = i * SLOTS;
          for (let k = 0; k < SLOTS; k++) {
            const f = feats[fb + k]!;
            if (f < 0) break;
            w[f * T + g]! += 1;
            this.acc[f * T + g]! += c;
            w[f * T + p]! -= 1;
            this.acc[f * T + p]! -= c;
          }
        }
        if (g !== p || gPrev !== pPrev) {
          tr[gPrev * T + g]! += 1;
          this.accTrans[gPrev * T + g]! += c;
          tr[pPrev * T + p]! -= 1;
          this.accTrans[pPrev * T + p]! -= c;
        }
      }
    }
    this.c++;
    return same;
  }

  /** The averaged model: w − acc / c. */
  averaged(): SequenceModel {
    const w = this.model.weights;
    const out = new Float32Array(w.length);
    for (let i = 0; i < w.length; i++) if (this.acc[i] !== 0 || w[i] !== 0) out[i] = w[i]! - this.acc[i]! / this.c;
    const tr = new Float32Array(this.model.trans.length);
    for (let i = 0; i < tr.length; i++) tr[i] = this.model.trans[i]! - this.accTrans[i]! / this.c;
    return new SequenceModel(this.model.buckets, out, tr).compact();
  }
}
