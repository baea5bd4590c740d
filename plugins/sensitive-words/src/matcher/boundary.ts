import { CharClass, type NormalizeTable, normalizeAstral } from './normalize.js';

// Results of `at`, kept in module state so the boundary checks allocate nothing per character.
const r = { k: 0, n: 0, w: 1 };

/** Class, normalised unit and width of the character at i (decoding surrogate pairs either way). */
function at(text: string, i: number, t: NormalizeTable): typeof r {
  const c = text.charCodeAt(i);
  if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
    const h = text.charCodeAt(i - 1);
    if (h >= 0xd800 && h <= 0xdbff) {
      const [k, n] = normalizeAstral(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000, t);
      r.k = k;
      r.n = n;
      r.w = 2;
      return r;
    }
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const l = text.charCodeAt(i + 1);
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

/**
 * May a Latin-initial match start at `start`? Not after another letter ("class" ≠ "ass") or a digit
 * ("1tb"), unless the letters before are an allowed English prefix (motherfucker), and not right after
 * a spelled-out single letter ("c.l.a.s.s").
 */
export function startBoundary(text: string, start: number, t: NormalizeTable, prefixes: readonly string[]): number {
  const ok = startCheck(text, start, t, prefixes);
  return ok === true ? start : ok;
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
export function endBoundary(text: string, end: number, t: NormalizeTable, suffixes: readonly string[]): number {
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
