import type { CompiledDictionary } from './compile.js';
import { CharClass } from './normalize.js';

/**
 * Called as `charCodeAt.call(text, i)`: texts arrive in many string representations (one- and
 * two-byte, flat, sliced, concatenated, internalised), each with its own map, and past four V8 stops
 * inlining a `text.charCodeAt(i)` call site. Through a module-local constant and `.call` the builtin
 * stays inlined whatever the representation (an imported binding would not be a known constant).
 */
const charCodeAt = String.prototype.charCodeAt;

/** Rules applied to candidate matches (never in the scan loop) and masking. */

/** Code units of clause punctuation: ，。！？；：,!?;: */
const CLAUSE_PUNCT = new Set([...'，。！？；：,!?;:'].map((ch) => ch.charCodeAt(0)));

/**
 * "五星好评，返回首页": a match whose only inserted noise is one clause break (comma, full stop…) in
 * one gap of a word with three or more characters is two phrases of natural text, not an evasion —
 * evasions put noise in most gaps ("加，微，信") or in the only gap of a two-character word.
 */
export function isSentenceBreak(text: string, start: number, end: number, table: CompiledDictionary['table']): boolean {
  let wordChars = 0;
  let noisyGaps = 0;
  let clauseGap = false;
  let inGap = false;
  let gapHasClause = false;
  let gapOnlyPunct = true;
  let prevLatin = false;
  for (let i = start; i < end; i++) {
    const c = charCodeAt.call(text, i);
    const k = table.cls[c]!;
    if (k === CharClass.Ignore) continue;
    if (k === CharClass.Noise || k === CharClass.Space || k === CharClass.High || (c >= 0xdc00 && c <= 0xdfff)) {
      if (!inGap) {
        inGap = true;
        gapHasClause = false;
        gapOnlyPunct = true;
      }
      if (CLAUSE_PUNCT.has(c)) gapHasClause = true;
      else if (k !== CharClass.Space) gapOnlyPunct = false;
      continue;
    }
    if (inGap) {
      noisyGaps++;
      if (gapHasClause && gapOnlyPunct && !prevLatin && k !== CharClass.Latin) clauseGap = true;
      inGap = false;
    }
    prevLatin = k === CharClass.Latin;
    wordChars++;
  }
  return wordChars >= 3 && noisyGaps === 1 && clauseGap;
}

/** True when whitespace inside the span separates two Latin runs of two or more letters each. */
export function joinsWords(text: string, start: number, end: number, table: CompiledDictionary['table']): boolean {
  let run = 0;
  let before = 0;
  let sawSpace = false;
  for (let i = start; i < end; i++) {
    const k = table.cls[charCodeAt.call(text, i)]!;
    if (k === CharClass.Latin) {
      run++;
      if (sawSpace && before >= 2 && run >= 2) return true;
    } else if (k === CharClass.Space) {
      if (run > 0) before = run;
      if (before > 0) sawSpace = true;
      run = 0;
    } else if (k !== CharClass.Ignore) {
      run = 0;
      before = 0;
      sawSpace = false;
    }
  }
  return false;
}

export function isAsciiLetter(c: number): boolean {
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x7a;
}

export function isModelSuffix(text: string, end: number): boolean {
  if (end + 1 >= text.length || charCodeAt.call(text, end) !== 0x2d) return false;
  const c = charCodeAt.call(text, end + 1) | 0x20;
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

export function maskSpans(text: string, hits: readonly { start: number; end: number }[], maskChar = '*'): string {
  if (hits.length === 0) return text;
  const covered = new Uint8Array(text.length);
  for (const h of hits) covered.fill(1, h.start, h.end);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = charCodeAt.call(text, i);
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    out += covered[i] ? maskChar : text.slice(i, i + w);
    i += w;
  }
  return out;
}
