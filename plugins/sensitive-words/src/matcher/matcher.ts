import { endBoundary, startBoundary } from './boundary.js';
import { type CompiledDictionary, MAX_PATTERN, PatFlag, Sym } from './compile.js';
import { isAsciiLetter, isModelSuffix, isSentenceBreak, joinsWords, maskSpans } from './hit-rules.js';
import { CharClass, normalizeAstral } from './normalize.js';
import type { Hit } from './types.js';

const NONE: readonly string[] = [];
const RING = 256; // > MAX_PATTERN, power of two
const RING_MASK = RING - 1;

/**
 * Scans text against a compiled dictionary. The hot loop is one table lookup and one double-array
 * transition per UTF-16 unit; everything else (boundaries, allow-list, hit objects) runs only on
 * candidate matches. Instances are cheap and hold scratch buffers, so keep one per dictionary.
 */
export class Matcher {
  private ring = new Int32Array(RING);
  private cand = new Int32Array(96);
  private candCount = 0;
  private raw = new Int32Array(96);
  private allowSpans = new Int32Array(96);

  constructor(readonly dict: CompiledDictionary) {}

  /** Raw candidate matches: fills `cand` with (pattern, start, end) triples. Returns the count. */
  private collect(text: string): number {
    const { symTab, automaton, options } = this.dict;
    const { nodes, failOff, outLen, outStart, outs, patLen, depth } = automaton;
    const ring = this.ring;
    const maxGap = options.maxNoiseGap;
    const repeats = options.repeats;
    const n = text.length;
    // s is the state's offset into `nodes` (2 × slot).
    let s = 0;
    let noise = 0;
    let inSpace = false;
    let last = -1;
    let k = 0;
    this.candCount = 0;
    for (let i = 0; i < n; i++) {
      let sym = symTab[text.charCodeAt(i)]!;
      const start = i;
      if (sym < Sym.First) {
        if (sym === Sym.High) sym = this.astral(text, i++);
        if (sym === Sym.Noise || (sym === Sym.Space && !inSpace)) {
          inSpace = sym === Sym.Space;
          if (++noise > maxGap) {
            s = 0;
            last = -1;
          }
          continue;
        }
        if (sym === Sym.Space) continue;
        if (sym === Sym.Ignore) continue;
        if (sym === Sym.Other) {
          s = 0;
          noise = 0;
          inSpace = false;
          last = -1;
          continue;
        }
      }
      noise = 0;
      inSpace = false;
      let t = (nodes[s]! + sym) << 1;
      let c = nodes[t + 1]!;
      if ((c & ~1) === s) s = t;
      else {
        const from = s;
        c = 0;
        for (;;) {
          if (s === 0) break;
          s = failOff[s >> 1]!;
          t = (nodes[s]! + sym) << 1;
          const ct = nodes[t + 1]!;
          if ((ct & ~1) === s) {
            s = t;
            c = ct;
            break;
          }
        }
        // fuuuck: a repeat of the previous letter that the word does not continue with is skipped,
        // unless another pattern genuinely continues through it (妈妈 in 他妈妈的).
        if (repeats && sym === last && from !== 0 && depth[s >> 1]! < 2) {
          s = from;
          continue;
        }
      }
      last = sym;
      ring[k++ & RING_MASK] = start;
      if (c & 1) this.record(s >> 1, k, i + 1, outStart, outLen, outs, patLen);
    }
    return this.candCount;
  }

  private record(
    s: number,
    k: number,
    end: number,
    outStart: Int32Array,
    outLen: Uint16Array,
    outs: Int32Array,
    patLen: Uint16Array,
  ): void {
    const from = outStart[s]!;
    const to = from + outLen[s]!;
    for (let o = from; o < to; o++) {
      const p = outs[o]!;
      if (this.candCount * 3 + 3 > this.cand.length) {
        const bigger = new Int32Array(this.cand.length * 2);
        bigger.set(this.cand);
        this.cand = bigger;
      }
      const c = this.candCount++ * 3;
      this.cand[c] = p;
      this.cand[c + 1] = this.ring[(k - patLen[p]!) & RING_MASK]!;
      this.cand[c + 2] = end;
    }
  }

  /** Symbol of the astral code point at i (a high surrogate); the caller skips the low half. */
  private astral(text: string, i: number): number {
    const lo = text.charCodeAt(i + 1);
    if (!(lo >= 0xdc00 && lo <= 0xdfff)) return Sym.Noise;
    const cp = ((text.charCodeAt(i) - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
    const [k, n] = normalizeAstral(cp, this.dict.table);
    if (k === CharClass.Noise) return Sym.Noise;
    if (k === CharClass.Space) return Sym.Space;
    if (k === CharClass.Ignore) return Sym.Ignore;
    return n === 0 ? Sym.Other : this.dict.alphaOfNorm[n]!;
  }

  /** True when the text has at least one hit (after boundaries and the allow-list). */
  test(text: string): boolean {
    return this.scan(text).length > 0;
  }

  /** Every hit, in order of start; each (word, span) once. */
  scan(text: string): Hit[] {
    const count = this.collect(text);
    if (count === 0) return [];
    const { patFlags, patWord, words, table, options } = this.dict;
    const patLen = this.dict.automaton.patLen;
    const cand = this.cand;
    // Scratch buffers sized for the worst case (every candidate kept), reused across calls.
    if (this.raw.length < count * 3) {
      this.raw = new Int32Array(count * 3);
      this.allowSpans = new Int32Array(count * 3);
    }
    const raw = this.raw;
    const allowSpans = this.allowSpans;
    let rawLen = 0;
    let allowLen = 0;
    for (let c = 0; c < count * 3; c += 3) {
      const p = cand[c]!;
      let start = cand[c + 1]!;
      let end = cand[c + 2]!;
      const flags = patFlags[p]!;
      if (flags & PatFlag.Allow) {
        allowSpans[allowLen++] = start;
        allowSpans[allowLen++] = end;
        allowSpans[allowLen++] = patWord[p]!;
        continue;
      }
      if (options.englishBoundaries) {
        const strict = (flags & PatFlag.Strict) !== 0;
        if (flags & PatFlag.LatinStart) {
          // Fast reject: a derived Latin form (pinyin) right after an ASCII letter, as in "change".
          if (strict && start > 0 && isAsciiLetter(text.charCodeAt(start - 1)) && (text.charCodeAt(start - 1) | 0x20) !== (text.charCodeAt(start) | 0x20)) continue;
          start = startBoundary(text, start, table, strict ? NONE : options.englishPrefixes);
          if (start < 0) continue;
        }
        if (flags & PatFlag.LatinEnd) {
          if (strict && end < text.length && isAsciiLetter(text.charCodeAt(end)) && (text.charCodeAt(end) | 0x20) !== (text.charCodeAt(end - 1) | 0x20)) continue;
          end = endBoundary(text, end, table, strict ? NONE : options.englishSuffixes);
          if (end < 0) continue;
        }
      }
      // Only a span longer than its pattern can hold noise; most hits skip these two rules.
      if (end - start > patLen[p]!) {
        if (end - start > 3 && isSentenceBreak(text, start, end, table)) continue;
        // "we chat" is two English words, not "wechat"; "f u c k" and "jia wei xin" stay hits.
        if (flags & (PatFlag.LatinStart | PatFlag.LatinEnd) && !(flags & (PatFlag.Pinyin | PatFlag.Spaced)) && joinsWords(text, start, end, table)) continue;
      }
      // "SB-200", "TM-3": a short all-Latin word followed by a hyphenated code is a model number.
      if (flags & PatFlag.LatinStart && flags & PatFlag.LatinEnd && end - start <= 3 && isModelSuffix(text, end)) continue;
      raw[rawLen++] = patWord[p]!;
      raw[rawLen++] = start;
      raw[rawLen++] = end;
    }
    const hits: Hit[] = [];
    for (let r = 0; r < rawLen; r += 3) {
      const w = raw[r]!;
      const start = raw[r + 1]!;
      const end = raw[r + 2]!;
      if (allowLen > 0 && this.suppressed(w, start, end, allowSpans, allowLen)) continue;
      // Same word, same span (two surface forms): candidates arrive by end, so look back only
      // over those with an end at or after this one's (boundaries may have extended it).
      let dup = false;
      for (let q = r - 3; q >= 0 && raw[q + 2]! >= end - 16; q -= 3) {
        if (raw[q] === w && raw[q + 1] === start && raw[q + 2] === end) {
          dup = true;
          break;
        }
      }
      if (dup) continue;
      const entry = words[w]!;
      hits.push({ word: entry.word, category: entry.category, action: entry.action, start, end, text: text.slice(start, end) });
    }
    let ordered = true;
    for (let h = 1; h < hits.length && ordered; h++) ordered = hits[h - 1]!.start < hits[h]!.start;
    if (!ordered) hits.sort((a, b) => a.start - b.start || b.end - a.end);
    return hits;
  }

  /**
   * An allowed phrase suppresses a hit it overlaps — 垃圾 inside 垃圾袋, 市长 across 长江大桥 in
   * 上海市长江大桥, 他妈的 over 妈妈 in 他妈妈的 — unless the listed word itself contains the phrase
   * (then the hit is the longer, listed thing).
   */
  private suppressed(w: number, start: number, end: number, allow: Int32Array, len: number): boolean {
    // Allow spans arrive in order of their end: binary-search the first ending after `start`, then
    // walk while a span could still begin before `end` (spans are at most ~2 × MAX_PATTERN long).
    let lo = 0;
    let hi = len / 3;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (allow[mid * 3 + 1]! <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let a = lo * 3; a < len && allow[a + 1]! < end + 2 * MAX_PATTERN; a += 3) {
      if (start < allow[a + 1]! && allow[a]! < end) {
        const phrase = this.dict.allow[allow[a + 2]!]!;
        if (!this.dict.words[w]!.word.includes(phrase) || phrase === this.dict.words[w]!.word) return true;
      }
    }
    return false;
  }

  /** Replaces every code point inside any hit span with `maskChar`. */
  mask(text: string, hits: readonly Hit[] = this.scan(text), maskChar = '*'): string {
    return maskSpans(text, hits, maskChar);
  }
}

export { maskSpans };
