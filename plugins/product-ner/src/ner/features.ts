import { foldText } from '../catalog/normalize.js';
import { GAZ_COUNT, type Gazetteer } from './gazetteer.js';
import { patternCodes } from './patterns.js';
import type { Segmenter } from './segment.js';

/**
 * Feature slots per code unit; unused slots hold -1. (Ablations on the unseen catalog dropped
 * c±2 unigrams, outer bigrams, match length, longest-match×char and the gazetteer/pattern
 * windows: within ±0.5 F1 points, fewer lookups per character.)
 */
export const SLOTS = 36;

/** Character classes: 1 Han, 2 latin, 3 digit, 4 space, 5 '#', 6 punctuation, 7 other (emoji...), 0 padding. */
function charType(c: number): number {
  if (c >= 0x4e00 && c <= 0x9fff) return 1;
  if (c >= 0x61 && c <= 0x7a) return 2;
  if (c >= 0x30 && c <= 0x39) return 3;
  if (c === 0x20 || c === 0x09) return 4;
  if (c === 0x23) return 5;
  if (c < 0x80 || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) return 6;
  return 7;
}

function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193);
}

function fin(h: number, mask: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) & mask;
}

/** Scratch buffers reused across calls so prediction does not allocate per message. */
class Scratch {
  cap = 0;
  codes = new Int32Array(0);
  types = new Uint8Array(0);
  gaz = new Uint8Array(0);
  gazLen = new Uint8Array(0);
  longest = new Uint8Array(0);
  longestLen = new Uint8Array(0);
  pat = new Uint8Array(0);
  segPos = new Uint8Array(0);
  segLen = new Uint8Array(0);
  segWord = new Int32Array(0);

  ensure(n: number): void {
    if (n <= this.cap) return;
    const cap = Math.max(64, n * 2);
    this.cap = cap;
    this.codes = new Int32Array(cap + 4);
    this.types = new Uint8Array(cap + 4);
    this.gaz = new Uint8Array(cap * GAZ_COUNT);
    this.gazLen = new Uint8Array(cap * GAZ_COUNT);
    this.longest = new Uint8Array(cap);
    this.longestLen = new Uint8Array(cap);
    this.pat = new Uint8Array(cap);
    this.segPos = new Uint8Array(cap);
    this.segLen = new Uint8Array(cap);
    this.segWord = new Int32Array(cap);
  }
}

export interface ExtractOptions {
  /** Probability of ignoring a gazetteer match (training only), so the model also learns from context. */
  gazDropout?: number;
  random?: () => number;
}

export class FeatureExtractor {
  private readonly s = new Scratch();

  constructor(
    private readonly mask: number,
    private readonly gazetteer: Gazetteer,
    private readonly segmenter: Segmenter | null,
  ) {}

  /** Fills `out` (n * SLOTS) with hashed feature buckets for each code unit of `text`. */
  extract(text: string, out: Int32Array, opts: ExtractOptions = {}): void {
    const n = text.length;
    const s = this.s;
    s.ensure(n);
    const folded = foldText(text);
    // codes/types are offset by 2 so i-2..i+2 never index out of range.
    s.codes.fill(0, 0, n + 4);
    s.types.fill(0, 0, n + 4);
    for (let i = 0; i < n; i++) {
      const c = folded.charCodeAt(i);
      s.types[i + 2] = charType(c);
      s.codes[i + 2] = c >= 0x30 && c <= 0x39 ? 0x30 : c; // digits share one code in n-grams
    }
    this.gazetteerCodes(folded, opts);
    patternCodes(folded, s.pat);
    if (this.segmenter) this.segmenter.segment(folded, s.segPos, s.segLen, s.segWord);
    else {
      s.segPos.fill(0, 0, n);
      s.segLen.fill(0, 0, n);
      s.segWord.fill(0, 0, n);
    }
    const m = this.mask;
    for (let i = 0; i < n; i++) {
      const base = i * SLOTS;
      let k = 0;
      const j = i + 2;
      const c0 = s.codes[j]!;
      const cm1 = s.codes[j - 1]!;
      const cp1 = s.codes[j + 1]!;
      const raw = folded.charCodeAt(i);
      const t0 = s.types[j]!;
      const tm1 = s.types[j - 1]!;
      const tp1 = s.types[j + 1]!;
      out[base + k++] = fin(1, m);
      out[base + k++] = fin(mix(2, raw), m);
      out[base + k++] = fin(mix(3, cm1), m);
      out[base + k++] = fin(mix(4, cp1), m);
      out[base + k++] = fin(mix(mix(7, cm1), c0), m);
      out[base + k++] = fin(mix(mix(8, c0), cp1), m);
      out[base + k++] = fin(mix(mix(mix(11, cm1), c0), cp1), m);
      out[base + k++] = fin(mix(12, t0), m);
      out[base + k++] = fin(mix(mix(mix(13, tm1), t0), tp1), m);
      out[base + k++] = fin(mix(mix(mix(mix(mix(14, s.types[j - 2]!), tm1), t0), tp1), s.types[j + 2]!), m);
      // Gazetteer: one feature per type whose match covers i, with the position in the match.
      const gb = i * GAZ_COUNT;
      for (let g = 0; g < GAZ_COUNT; g++) {
        const code = s.gaz[gb + g]!;
        if (code === 0) continue;
        if (k >= SLOTS - 12) break;
        out[base + k++] = fin(mix(mix(15, g), code), m);
        out[base + k++] = fin(mix(mix(mix(16, g), code), t0), m);
      }
      const lc = s.longest[i]!;
      out[base + k++] = fin(mix(18, lc), m);
      // Number/unit patterns.
      const pc = s.pat[i]!;
      out[base + k++] = fin(mix(21, pc), m);
      out[base + k++] = fin(mix(mix(23, pc), c0), m);
      // Word segmentation.
      const sp = s.segPos[i]!;
      out[base + k++] = fin(mix(mix(24, sp), s.segLen[i]!), m);
      out[base + k++] = fin(mix(mix(25, sp), c0), m);
      out[base + k++] = fin(mix(mix(26, sp), s.segWord[i]!), m);
      out[base + k++] = fin(mix(mix(mix(27, sp), lc), pc), m);
      out[base + k++] = fin(mix(mix(28, i > 0 ? s.segPos[i - 1]! : 0), sp), m);
      while (k < SLOTS) out[base + k++] = -1;
    }
  }

  /** Per code unit: for each gazetteer type the BIOES position in its longest match; and the overall longest. */
  private gazetteerCodes(folded: string, opts: ExtractOptions): void {
    const s = this.s;
    const n = folded.length;
    s.gaz.fill(0, 0, n * GAZ_COUNT);
    s.gazLen.fill(0, 0, n * GAZ_COUNT);
    s.longest.fill(0, 0, n);
    s.longestLen.fill(0, 0, n);
    const drop = opts.gazDropout ?? 0;
    for (const match of this.gazetteer.match(folded)) {
      if (drop > 0 && opts.random!() < drop) continue;
      const len = match.end - match.start;
      for (let g = 0; g < GAZ_COUNT; g++) {
        if ((match.types & (1 << g)) === 0) continue;
        for (let i = match.start; i < match.end; i++) {
          const idx = i * GAZ_COUNT + g;
          if (s.gazLen[idx]! >= len) continue;
          s.gazLen[idx] = len;
          s.gaz[idx] = len === 1 ? 4 : i === match.start ? 1 : i === match.end - 1 ? 3 : 2;
          if (s.longestLen[i]! < len) {
            s.longestLen[i] = len;
            s.longest[i] = 1 + g * 4 + (s.gaz[idx]! - 1);
          }
        }
      }
    }
  }
}
