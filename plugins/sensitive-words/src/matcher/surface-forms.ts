import { CharClass, type NormalizeTable, normalizeAstral, normalizeInto } from './normalize.js';
import { isEnglishCollision, isEnglishCollisionCode } from './pinyin.js';

/** The longest pattern in symbols; the scanner keeps this many recent positions. */
export const MAX_PATTERN = 255;

/** Strict: a derived form (pinyin, initials, variant) — exact word boundaries, no English affixes. */
/** Pinyin: generated from pinyin (spaces between syllables are normal). Spaced: the source text had spaces. */
export const PatFlag = { LatinStart: 1, LatinEnd: 2, Allow: 4, Strict: 8, Pinyin: 16, Spaced: 32 } as const;

const SPACE_RE = /\s/;

function isLatin(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

/**
 * Every surface form of every word, normalised exactly as text will be, in one flat buffer of
 * normalised code units: form f is units[start[f], start[f + 1]).
 */
export class FormBuffer {
  units: Uint16Array;
  /** Per form: where its units start (one more entry: the end of the last), its word, PatFlag bits. */
  start: Int32Array;
  owner: Int32Array;
  flags: Uint8Array;
  count = 0;
  private ownerFirst = 0;

  /** Sized for `words` words of about four forms of five units each (grown if more). */
  constructor(
    private readonly table: NormalizeTable,
    words: number,
  ) {
    this.units = new Uint16Array(Math.max(1024, words * 24));
    const forms = Math.max(256, words * 5);
    this.start = new Int32Array(forms);
    this.owner = new Int32Array(forms);
    this.flags = new Uint8Array(forms);
  }

  /** Forms added from here on belong to a new word: duplicates are only looked for among them. */
  beginOwner(): void {
    this.ownerFirst = this.count;
  }

  /** Normalises `text` and adds it as a form. */
  addText(text: string, owner: number, flags: number): void {
    const from = this.reserve(text.length * 2 + 2);
    const len = normalizeInto(text, this.table, this.units, from);
    this.commit(len, owner, flags | (SPACE_RE.test(text) ? PatFlag.Spaced : 0));
  }

  /** Where the next form's units go, with room for `n` of them. */
  reserve(n: number): number {
    const from = this.start[this.count]!;
    if (from + n > this.units.length) {
      const bigger = new Uint16Array(Math.max(this.units.length * 2, from + n));
      bigger.set(this.units);
      this.units = bigger;
    }
    return from;
  }

  /** Adds the `len` units written at reserve()'s position as a form, unless empty, too long or a repeat. */
  commit(len: number, owner: number, flags: number): void {
    const units = this.units;
    const from = this.start[this.count]!;
    if (len === 0 || len > MAX_PATTERN) return;
    // Duplicates only arise among one word's own forms: compare with those.
    for (let f = this.ownerFirst; f < this.count; f++) {
      const a = this.start[f]!;
      if (this.start[f + 1]! - a !== len) continue;
      let j = 0;
      while (j < len && units[a + j] === units[from + j]) j++;
      if (j === len) return;
    }
    if (isLatin(units[from]!)) flags |= PatFlag.LatinStart;
    if (isLatin(units[from + len - 1]!)) flags |= PatFlag.LatinEnd;
    if (this.count + 2 > this.owner.length) {
      const size = this.owner.length * 2;
      const start = new Int32Array(size);
      start.set(this.start);
      this.start = start;
      const own = new Int32Array(size);
      own.set(this.owner);
      this.owner = own;
      const fl = new Uint8Array(size);
      fl.set(this.flags);
      this.flags = fl;
    }
    this.owner[this.count] = owner;
    this.flags[this.count] = flags;
    this.start[++this.count] = from + len;
  }
}

/**
 * Initials of a word's syllables (jwx) as a key — a number for up to six letters (letterCode), the
 * string beyond — or undefined under the length limit or when they spell an English word.
 */
export function initialsOf(syllables: readonly string[], minChars: number): number | string | undefined {
  if (minChars <= 0 || syllables.length < minChars) return undefined;
  if (syllables.length <= 6) {
    let code = 0;
    for (const s of syllables) code = code * 27 + (s.charCodeAt(0) - 0x60);
    return isEnglishCollisionCode(code) ? undefined : code;
  }
  let i = '';
  for (const s of syllables) i += s[0];
  return isEnglishCollision(i) ? undefined : i;
}

const PINYIN = PatFlag.Strict | PatFlag.Pinyin;

/**
 * The pinyin forms of a word of Chinese characters, written straight into the buffer (no
 * intermediate strings): full pinyin (shabi, with a u spelling for ü), its initials when asked,
 * and mixed hanzi/pinyin splits (加weixin, jia微信) for words up to `mixedMaxChars` characters.
 * Forms that are everyday English words are skipped.
 */
export function addPinyinForms(
  buf: FormBuffer,
  owner: number,
  word: string,
  syllables: readonly string[],
  initials: boolean,
  mixedMaxChars: number,
  table: NormalizeTable,
): void {
  let letters = 0;
  for (const s of syllables) letters += s.length;
  if (letters >= 4) {
    const joined = syllables.join('');
    if (!isEnglishCollision(joined)) {
      writeLetters(buf, owner, joined, false);
      // Shoppers type ü as v or u: add the u spelling too.
      if (joined.includes('v')) writeLetters(buf, owner, joined, true);
    }
  }
  if (initials) {
    const at = buf.reserve(syllables.length);
    for (let i = 0; i < syllables.length; i++) buf.units[at + i] = syllables[i]!.charCodeAt(0);
    buf.commit(syllables.length, owner, PINYIN);
  }
  const n = syllables.length;
  if (mixedMaxChars <= 0 || n > mixedMaxChars) return;
  // Normalised unit of each character (-1: it normalises to nothing), as normalizeInto would give.
  const chars = charUnits(word, table);
  let head = 0;
  for (let k = 1; k < n; k++) {
    head += syllables[k - 1]!.length;
    // A lone Latin letter next to hanzi is too ambiguous; whole syllables only.
    if (letters - head >= 2) {
      const at = buf.reserve(letters + n);
      let len = 0;
      for (let c = 0; c < k; c++) if (chars[c]! >= 0) buf.units[at + len++] = chars[c]!;
      for (let s = k; s < n; s++) len = copyLetters(buf.units, at + len, syllables[s]!) - at;
      buf.commit(len, owner, PINYIN);
    }
    if (head >= 2) {
      const at = buf.reserve(letters + n);
      let len = 0;
      for (let s = 0; s < k; s++) len = copyLetters(buf.units, at + len, syllables[s]!) - at;
      for (let c = k; c < n; c++) if (chars[c]! >= 0) buf.units[at + len++] = chars[c]!;
      buf.commit(len, owner, PINYIN);
    }
  }
}

/** Lowercase ASCII letters normalise to themselves, so pinyin is copied as is. */
function writeLetters(buf: FormBuffer, owner: number, letters: string, vAsU: boolean): void {
  const at = buf.reserve(letters.length);
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    buf.units[at + i] = vAsU && c === 0x76 ? 0x75 : c;
  }
  buf.commit(letters.length, owner, PINYIN);
}

function copyLetters(out: Uint16Array, at: number, letters: string): number {
  for (let i = 0; i < letters.length; i++) out[at + i] = letters.charCodeAt(i);
  return at + letters.length;
}

function charUnits(word: string, table: NormalizeTable): number[] {
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < word.length) {
      const [k, v] = normalizeAstral(((c - 0xd800) << 10) + (word.charCodeAt(i + 1) - 0xdc00) + 0x10000, table);
      i++;
      out.push(k >= CharClass.Latin && v !== 0 ? v : -1);
      continue;
    }
    out.push(table.cls[c]! >= CharClass.Latin ? table.norm[c]! : -1);
  }
  return out;
}
