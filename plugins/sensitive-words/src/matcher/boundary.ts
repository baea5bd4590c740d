import { CharClass, type NormalizeTable, normalizeAstral } from './normalize.js';

/**
 * Called as `charCodeAt.call(text, i)`: texts arrive in many string representations (one- and
 * two-byte, flat, sliced, concatenated, internalised), each with its own map, and past four V8 stops
 * inlining a `text.charCodeAt(i)` call site. Through a module-local constant and `.call` the builtin
 * stays inlined whatever the representation (an imported binding would not be a known constant).
 */
const charCodeAt = String.prototype.charCodeAt;

// Results of `at`, kept in module state so the boundary checks allocate nothing per character.
const r = { k: 0, n: 0, w: 1 };

/** Class, normalised unit and width of the character at i (decoding surrogate pairs either way). */
function at(text: string, i: number, t: NormalizeTable): typeof r {
  const c = charCodeAt.call(text, i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const h = charCodeAt.call(text, i - 1);
    if (h >= 0xd800 && h <= 0xdbff) {
      const [k, n] = normalizeAstral(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000, t);
      r.k = k;
      r.n = n;
      r.w = 2;
      return r;
    }
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const l = charCodeAt.call(text, i + 1);
    const [k, n] = normalizeAstral(((c - 0xd800) << 10) + (l - 0xdc00) + 0x10000, t);
    r.k = k;
    r.n = n;
    r.w = 2;
    return r;
  }
  r.k = t.cls[c]!;
  r.n = t.norm[c]!;
  r.w = 1;
  return r;
}

function isWordish(k: number): boolean {
  return k === CharClass.Latin || k === CharClass.Digit;
}

/** English affixes a Latin-edged hit may extend over, as strings and as normalised code units. */
export interface Affixes {
  readonly words: readonly string[];
  readonly codes: readonly Uint16Array[];
}

export function affixes(words: readonly string[]): Affixes {
  return { words, codes: words.map((w) => Uint16Array.from(w, (ch) => ch.charCodeAt(0))) };
}

export const NO_AFFIXES: Affixes = affixes([]);

/** Returned by the fast paths when they meet a surrogate: the general version decides. */
const BAIL = -2;

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/**
 * May a Latin-initial match start at `start`? Not after another letter ("class" ≠ "ass") or a digit
 * ("1tb"), unless the letters before are an allowed English prefix (motherfucker), and not right after
 * a spelled-out single letter ("c.l.a.s.s"). Returns the start of the hit (an allowed prefix belongs
 * to it) or -1.
 */
export function startBoundary(text: string, start: number, t: NormalizeTable, prefixes: Affixes): number {
  const fast = startFast(text, start, t.cls, t.norm, prefixes.codes);
  if (fast !== BAIL) return fast;
  const ok = startCheck(text, start, t, prefixes.words);
  return ok === true ? start : ok;
}

/** startCheck for text without surrogates around the hit: char codes only, nothing allocated. */
function startFast(text: string, start: number, cls: Uint8Array, norm: Uint16Array, prefixes: readonly Uint16Array[]): number {
  let c = charCodeAt.call(text, start);
  if (isSurrogate(c)) return BAIL;
  const first = norm[c]!;
  let j = start - 1;
  // Repeats of the first letter belong to the word (aass).
  for (; j >= 0; j--) {
    c = charCodeAt.call(text, j);
    if (isSurrogate(c)) return BAIL;
    const k = cls[c]!;
    if (!(k === CharClass.Ignore || (k === CharClass.Latin && norm[c] === first))) break;
  }
  if (j < 0) return start;
  const k = cls[c]!;
  if (k === CharClass.Digit) return -1;
  if (k === CharClass.Latin) {
    let p = j;
    for (; p >= 0; p--) {
      c = charCodeAt.call(text, p);
      if (isSurrogate(c)) return BAIL;
      if (cls[c] !== CharClass.Latin) break;
      if (j - p + 1 > 8) return -1;
    }
    if (p >= 0 && isWordish(cls[c]!)) return -1;
    return matchesAffix(text, p + 1, j + 1, norm, prefixes) ? p + 1 : -1;
  }
  if (k === CharClass.Noise || k === CharClass.Space) {
    let p = j;
    let allSpace = true;
    for (let steps = 0; p >= 0 && steps < 4; steps++) {
      c = charCodeAt.call(text, p);
      if (isSurrogate(c)) return BAIL;
      const pk = cls[c]!;
      if (pk !== CharClass.Noise && pk !== CharClass.Space && pk !== CharClass.Ignore) break;
      if (pk === CharClass.Noise) allSpace = false;
      p--;
    }
    if (p < 0) return start;
    c = charCodeAt.call(text, p);
    if (isSurrogate(c)) return BAIL;
    if (cls[c] !== CharClass.Latin) return start;
    const letter = norm[c]!;
    if (p > 0) {
      const b = charCodeAt.call(text, p - 1);
      if (isSurrogate(b)) return BAIL;
      if (isWordish(cls[b]!)) return start;
    }
    // "a ass" / "i sb" are real words before a space, not a spelled-out word.
    return allSpace && (letter === 0x61 || letter === 0x69) ? start : -1;
  }
  return start;
}

/** Are the normalised units of text[from, to) one of the affixes? */
function matchesAffix(text: string, from: number, to: number, norm: Uint16Array, list: readonly Uint16Array[]): boolean {
  const len = to - from;
  for (const a of list) {
    if (a.length !== len) continue;
    let i = 0;
    while (i < len && norm[charCodeAt.call(text, from + i)] === a[i]) i++;
    if (i === len) return true;
  }
  return false;
}

/** true, false (→ -1) or the start of an allowed prefix, which then belongs to the hit. */
function startCheck(text: string, start: number, t: NormalizeTable, prefixes: readonly string[]): number | true {
  const first = at(text, start, t).n;
  let j = start - 1;
  // Repeats of the first letter belong to the word (aass).
  while (j >= 0) {
    const { k, n, w } = at(text, j, t);
    if (k === CharClass.Ignore || (k === CharClass.Latin && n === first)) j -= w;
    else break;
  }
  if (j < 0) return true;
  const k = at(text, j, t).k;
  if (k === CharClass.Digit) return -1;
  if (k === CharClass.Latin) {
    let run = '';
    let p = j;
    while (p >= 0) {
      const { k: pk, n: pn, w: pw } = at(text, p, t);
      if (pk !== CharClass.Latin) break;
      run = String.fromCharCode(pn) + run;
      p -= pw;
      if (run.length > 8) return -1;
    }
    if (p >= 0 && isWordish(at(text, p, t).k)) return -1;
    return prefixes.includes(run) ? p + 1 : -1;
  }
  if (k === CharClass.Noise || k === CharClass.Space) {
    let p = j;
    let allSpace = true;
    let steps = 0;
    while (p >= 0 && steps < 4) {
      const { k: pk, w: pw } = at(text, p, t);
      if (pk !== CharClass.Noise && pk !== CharClass.Space && pk !== CharClass.Ignore) break;
      if (pk === CharClass.Noise) allSpace = false;
      p -= pw;
      steps++;
    }
    if (p < 0) return true;
    const { k: lk, n: ln, w: lw } = at(text, p, t);
    if (lk !== CharClass.Latin) return true;
    const before = p - lw;
    const isolated = before < 0 || !isWordish(at(text, before, t).k);
    if (!isolated) return true;
    // "a ass" / "i sb" are real words before a space, not a spelled-out word.
    return allSpace && (ln === 0x61 || ln === 0x69) ? true : -1;
  }
  return true;
}

/**
 * May a Latin-final match end at `end`? Not before another letter, unless it is an English suffix.
 * Returns the end of the hit (extended over repeats and an allowed suffix, so masking covers the whole
 * word) or -1.
 */
export function endBoundary(text: string, end: number, t: NormalizeTable, suffixes: Affixes): number {
  const fast = endFast(text, end, t.cls, t.norm, suffixes.codes);
  return fast !== BAIL ? fast : endCheck(text, end, t, suffixes.words);
}

/** endCheck for text without surrogates around the hit. */
function endFast(text: string, end: number, cls: Uint8Array, norm: Uint16Array, suffixes: readonly Uint16Array[]): number {
  const n = text.length;
  let c = charCodeAt.call(text, end - 1);
  if (isSurrogate(c)) return BAIL;
  const last = norm[c]!;
  let j = end;
  for (; j < n; j++) {
    c = charCodeAt.call(text, j);
    if (isSurrogate(c)) return BAIL;
    const k = cls[c]!;
    if (!(k === CharClass.Ignore || (k === CharClass.Latin && norm[c] === last))) break;
  }
  if (j >= n) return j;
  if (cls[c] !== CharClass.Latin) return end;
  let p = j;
  for (; p < n; p++) {
    c = charCodeAt.call(text, p);
    if (isSurrogate(c)) return BAIL;
    if (cls[c] !== CharClass.Latin) break;
    if (p - j + 1 > 8) return -1;
  }
  if (p < n && cls[c] === CharClass.Digit) return -1;
  return matchesAffix(text, j, p, norm, suffixes) ? p : -1;
}

function endCheck(text: string, end: number, t: NormalizeTable, suffixes: readonly string[]): number {
  const n = text.length;
  const last = at(text, end - 1, t).n;
  let j = end;
  while (j < n) {
    const { k, n: c, w } = at(text, j, t);
    if (k === CharClass.Ignore || (k === CharClass.Latin && c === last)) j += w;
    else break;
  }
  if (j >= n) return j;
  if (at(text, j, t).k !== CharClass.Latin) return end;
  let run = '';
  let p = j;
  while (p < n) {
    const { k: pk, n: pn, w: pw } = at(text, p, t);
    if (pk !== CharClass.Latin) break;
    run += String.fromCharCode(pn);
    p += pw;
    if (run.length > 8) return -1;
  }
  if (p < n && at(text, p, t).k === CharClass.Digit) return -1;
  return suffixes.includes(run) ? p : -1;
}
