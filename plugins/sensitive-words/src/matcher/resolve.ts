import { type Affixes, affixes, endBoundary, NO_AFFIXES, startBoundary } from './boundary.js';
import { type CompiledDictionary, MAX_PATTERN, PatFlag } from './compile.js';
import { isAsciiLetter, isModelSuffix, isSentenceBreak, joinsWords } from './hit-rules.js';
import type { Hit } from './types.js';

/**
 * Called as `charCodeAt.call(text, i)`: texts arrive in many string representations (one- and
 * two-byte, flat, sliced, concatenated, internalised), each with its own map, and past four V8 stops
 * inlining a `text.charCodeAt(i)` call site. Through a module-local constant and `.call` the builtin
 * stays inlined whatever the representation (an imported binding would not be a known constant).
 */
const charCodeAt = String.prototype.charCodeAt;

/**
 * Candidate matches → hits: English word boundaries, the allow-list, duplicate surface forms, and
 * only then hit objects. Works on the scanner's typed arrays; nothing is allocated for a candidate
 * that does not become a hit.
 */
export class Resolver {
  private readonly patFlags: Uint8Array;
  private readonly patWord: Int32Array;
  private readonly patLen: Uint16Array;
  private readonly boundaries: boolean;
  private readonly prefixes: Affixes;
  private readonly suffixes: Affixes;
  /** Kept candidates as (word, start, end) triples. */
  private raw = new Int32Array(96);
  /** Allowed phrases met, as (start, end, phrase) triples in order of their end. */
  private allowSpans = new Int32Array(96);

  constructor(private readonly dict: CompiledDictionary) {
    this.patFlags = dict.patFlags;
    this.patWord = dict.patWord;
    this.patLen = dict.automaton.patLen;
    this.boundaries = dict.options.englishBoundaries;
    this.prefixes = affixes(dict.options.englishPrefixes);
    this.suffixes = affixes(dict.options.englishSuffixes);
  }

  /** Hits of `text` from `count` (pattern, start, end) candidates, in order of start. */
  resolve(text: string, cand: Int32Array, count: number): Hit[] {
    if (this.raw.length < count * 3) {
      this.raw = new Int32Array(count * 3);
      this.allowSpans = new Int32Array(count * 3);
    }
    const { patFlags, patWord, patLen, raw, allowSpans } = this;
    let rawLen = 0;
    let allowLen = 0;
    for (let c = 0; c < count * 3; c += 3) {
      const p = cand[c]!;
      let start = cand[c + 1]!;
      let end = cand[c + 2]!;
      const flags = patFlags[p]!;
      if ((flags & PatFlag.Allow) !== 0) {
        allowSpans[allowLen] = start;
        allowSpans[allowLen + 1] = end;
        allowSpans[allowLen + 2] = patWord[p]!;
        allowLen += 3;
        continue;
      }
      if ((flags & LATIN) !== 0) {
        if (this.boundaries) {
          start = this.latinStart(text, start, flags);
          if (start < 0) continue;
          end = this.latinEnd(text, end, flags);
          if (end < 0) continue;
        }
        // "SB-200", "TM-3": a short all-Latin word followed by a hyphenated code is a model number.
        if ((flags & LATIN) === LATIN && end - start <= 3 && isModelSuffix(text, end)) continue;
      }
      // Only a span longer than its pattern can hold noise; most hits skip these two rules.
      if (end - start > patLen[p]! && this.brokenUp(text, start, end, flags)) continue;
      raw[rawLen] = patWord[p]!;
      raw[rawLen + 1] = start;
      raw[rawLen + 2] = end;
      rawLen += 3;
    }
    return rawLen === 0 ? [] : this.hits(text, rawLen, allowLen);
  }

  private latinStart(text: string, start: number, flags: number): number {
    if ((flags & PatFlag.LatinStart) === 0) return start;
    if ((flags & PatFlag.Strict) === 0) return startBoundary(text, start, this.dict.table, this.prefixes);
    // Fast reject: a derived Latin form (pinyin) right after an ASCII letter, as in "change".
    if (start > 0) {
      const before = charCodeAt.call(text, start - 1);
      if (isAsciiLetter(before) && (before | 0x20) !== (charCodeAt.call(text, start) | 0x20)) return -1;
    }
    return startBoundary(text, start, this.dict.table, NO_AFFIXES);
  }

  private latinEnd(text: string, end: number, flags: number): number {
    if ((flags & PatFlag.LatinEnd) === 0) return end;
    if ((flags & PatFlag.Strict) === 0) return endBoundary(text, end, this.dict.table, this.suffixes);
    if (end < text.length) {
      const after = charCodeAt.call(text, end);
      if (isAsciiLetter(after) && (after | 0x20) !== (charCodeAt.call(text, end - 1) | 0x20)) return -1;
    }
    return endBoundary(text, end, this.dict.table, NO_AFFIXES);
  }

  /** Noise inside the span that makes it natural text rather than an evasion. */
  private brokenUp(text: string, start: number, end: number, flags: number): boolean {
    const table = this.dict.table;
    if (end - start > 3 && isSentenceBreak(text, start, end, table)) return true;
    // "we chat" is two English words, not "wechat"; "f u c k" and "jia wei xin" stay hits.
    return (flags & LATIN) !== 0 && (flags & (PatFlag.Pinyin | PatFlag.Spaced)) === 0 && joinsWords(text, start, end, table);
  }

  private hits(text: string, rawLen: number, allowLen: number): Hit[] {
    const { raw, allowSpans } = this;
    const words = this.dict.words;
    const hits: Hit[] = [];
    let lastStart = -1;
    let ordered = true;
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
      if (start <= lastStart) ordered = false;
      lastStart = start;
    }
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
        const word = this.dict.words[w]!.word;
        if (!word.includes(phrase) || phrase === word) return true;
      }
    }
    return false;
  }
}

const LATIN = PatFlag.LatinStart | PatFlag.LatinEnd;
