import { traditionalToSimplified } from './traditional.js';

/** Which normalisations the per-code-unit table applies. All on is the recommended default. */
export interface NormalizeOptions {
  /** A→a, Ä→a (after stripping accents). */
  caseFold: boolean;
  /** Full-width, decorated and styled forms (ｖｘ, Ⓕⓤⓒⓚ, 𝐟𝐮𝐜𝐤, ⒜) and accents via NFKD. */
  compatibility: boolean;
  /** ①⑴❶➊⓵ → digits. */
  numberStyles: boolean;
  /** 一二三…/壹贰叁… → digits. */
  hanziDigits: boolean;
  /** Traditional → simplified Chinese (OpenCC table). */
  traditional: boolean;
  /** Cyrillic/Greek letters that look Latin (а, о, ѕ, ο, ν) → Latin. */
  homoglyphs: boolean;
}

export const defaultNormalizeOptions: NormalizeOptions = {
  caseFold: true,
  compatibility: true,
  numberStyles: true,
  hanziDigits: true,
  traditional: true,
  homoglyphs: true,
};

/** Character classes of a code unit after normalisation. */
export const CharClass = {
  /** Punctuation, symbols, emoji: skippable inside a match, counted against the noise bound. */
  Noise: 0,
  /** Zero-width characters, variation selectors, combining marks: skipped for free. */
  Ignore: 1,
  /** A high surrogate: the code point is decoded on a slow path. */
  High: 2,
  /** Whitespace: skippable like noise, but an English word boundary. */
  Space: 3,
  /** a–z after normalisation. */
  Latin: 4,
  Digit: 5,
  /** Any other letter (CJK, kana, …). */
  Word: 6,
} as const;

export interface NormalizeTable {
  /** Normalised code unit for word characters (0 for non-word classes). */
  readonly norm: Uint16Array;
  readonly cls: Uint8Array;
  readonly options: NormalizeOptions;
}

const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
};

const HANZI_DIGITS: Record<string, string> = {
  零: '0', 〇: '0', 一: '1', 壹: '1', 二: '2', 贰: '2', 貳: '2', 三: '3', 叁: '3', 參: '3', 四: '4', 肆: '4',
  五: '5', 伍: '5', 六: '6', 陆: '6', 陸: '6', 七: '7', 柒: '7', 八: '8', 捌: '8', 九: '9', 玖: '9',
};

// Maps rather than object lookups: indexing an object by a fresh string internalises it, which on
// 65,536 characters is most of the table's build time.
const HOMOGLYPH_MAP = new Map(Object.entries(HOMOGLYPHS));
const HANZI_DIGIT_MAP = new Map(Object.entries(HANZI_DIGITS));
const HANZI_DIGIT_CODES = new Map([...HANZI_DIGIT_MAP].map(([h, d]) => [h.charCodeAt(0), d.charCodeAt(0)]));

const STYLED_DIGITS: ReadonlyArray<readonly [number, number, number]> = [
  [0x2776, 0x277e, 1], // ❶..❾
  [0x2780, 0x2788, 1], // ➀..➈
  [0x278a, 0x2792, 1], // ➊..➒
  [0x24f5, 0x24fd, 1], // ⓵..⓽
];

/** Dingbat and enclosed digits that NFKD leaves alone. Returns the digit or undefined. */
function styledDigit(c: number): string | undefined {
  for (const [lo, hi, first] of STYLED_DIGITS) if (c >= lo && c <= hi) return String(c - lo + first);
  if (c === 0x24ff || c === 0x24ea) return '0';
  return undefined;
}

const WORD_RE = /^[\p{L}\p{N}]$/u;
const MARK_RE = /\p{M}/gu;
const NON_WORD_RE = /[^\p{L}\p{N}]/gu;
const IGNORE_RE = /^(?:\p{Cf}|\p{M}|[\uFE00-\uFE0F\u200B-\u200F\u2060-\u2064\u180E])$/u;
const SPACE_RE = /^\s$/u;

/** Normalises one character (string of one code point). Returns '' for ignorable marks. */
export function normalizeChar(ch: string, o: NormalizeOptions): string {
  let s = ch;
  if (o.homoglyphs) s = HOMOGLYPH_MAP.get(s.toLowerCase()) ?? s;
  const cp = s.codePointAt(0) ?? 0;
  if (o.numberStyles) s = styledDigit(cp) ?? s;
  if (o.compatibility) {
    const decomposed = s.normalize('NFKD').replace(MARK_RE, '');
    if (decomposed.length === 0) return '';
    if (isOneCodePoint(decomposed)) s = decomposed;
    else {
      // ⒜ → "(a)", ⑴ → "(1)", ⒈ → "1.": keep the one word character if there is exactly one.
      const core = decomposed.replace(NON_WORD_RE, '');
      if (isOneCodePoint(core) && (o.numberStyles || !/\d/.test(core))) s = core;
    }
  }
  if (o.traditional && s.length === 1) {
    const t = traditionalToSimplified().get(s.charCodeAt(0));
    if (t !== undefined) s = String.fromCharCode(t);
  }
  if (o.hanziDigits) s = HANZI_DIGIT_MAP.get(s) ?? s;
  if (o.caseFold) {
    const lower = s.toLowerCase();
    if (isOneCodePoint(lower)) s = lower;
  }
  return s;
}

/** [...s].length === 1, without making the array. */
function isOneCodePoint(s: string): boolean {
  if (s.length === 1) return true;
  if (s.length !== 2) return false;
  const h = s.charCodeAt(0);
  const l = s.charCodeAt(1);
  return h >= 0xd800 && h <= 0xdbff && l >= 0xdc00 && l <= 0xdfff;
}

function classify(s: string): number {
  if (s === '') return CharClass.Ignore;
  if (WORD_RE.test(s)) {
    const c = s.charCodeAt(0);
    if (c >= 0x61 && c <= 0x7a) return CharClass.Latin;
    if (c >= 0x30 && c <= 0x39) return CharClass.Digit;
    return CharClass.Word;
  }
  if (IGNORE_RE.test(s)) return CharClass.Ignore;
  if (SPACE_RE.test(s)) return CharClass.Space;
  return CharClass.Noise;
}

const tables = new Map<string, NormalizeTable>();

/**
 * The per-code-unit normalisation table over the BMP: built once per option set (~80 ms) and shared
 * by every compiled matcher, so scanning is one lookup per character.
 */
export function normalizeTable(options: NormalizeOptions = defaultNormalizeOptions): NormalizeTable {
  const key = JSON.stringify(options);
  const hit = tables.get(key);
  if (hit) return hit;
  const norm = new Uint16Array(0x10000);
  const cls = new Uint8Array(0x10000);
  const t2s = traditionalToSimplified();
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdbff) {
      cls[c] = CharClass.High;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      cls[c] = CharClass.Noise;
      continue;
    }
    // The Private Use Area (6,400 code units) is noise under every option: its code points never
    // decompose, have no case and are never letters (Unicode stability policy).
    if (c >= 0xe000 && c <= 0xf8ff) {
      cls[c] = CharClass.Noise;
      continue;
    }
    // Fast path for the CJK unified block and Hangul syllables: NFKD and case are identities there.
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3)) {
      let n = c;
      if (options.traditional) n = t2s.get(c) ?? c;
      if (options.hanziDigits) n = HANZI_DIGIT_CODES.get(n) ?? n;
      cls[c] = n >= 0x30 && n <= 0x39 ? CharClass.Digit : CharClass.Word;
      norm[c] = n;
      continue;
    }
    const s = normalizeChar(String.fromCharCode(c), options);
    const k = classify(s);
    cls[c] = k;
    // Astral results (rare) keep the original unit so the table stays 16-bit.
    if (k >= CharClass.Latin) norm[c] = s.length === 1 ? s.charCodeAt(0) : c;
  }
  const table = { norm, cls, options };
  tables.set(key, table);
  return table;
}

/** Negative circled/squared letters have no NFKD form. (Regional indicators stay emoji: 🇨🇳 is a flag.) */
function astralLetter(cp: number): string | undefined {
  if (cp >= 0x1f150 && cp <= 0x1f169) return String.fromCharCode(0x61 + cp - 0x1f150);
  if (cp >= 0x1f170 && cp <= 0x1f189) return String.fromCharCode(0x61 + cp - 0x1f170);
  return undefined;
}

/** Results of normalizeAstral per table, so a styled letter or emoji is worked out once, not per look. */
const astralResults = new WeakMap<NormalizeTable, Map<number, readonly [number, number]>>();

/**
 * Slow path for a code point outside the BMP: styled maths letters (𝐟𝐮𝐜𝐤), enclosed letters (🅵🆄),
 * emoji and flags (noise) and rare CJK (word). Returns [class, normalised BMP unit or 0].
 */
export function normalizeAstral(cp: number, t: NormalizeTable): readonly [number, number] {
  let cache = astralResults.get(t);
  if (cache === undefined) {
    cache = new Map();
    astralResults.set(t, cache);
  }
  let result = cache.get(cp);
  if (result === undefined) {
    const letter = t.options.compatibility ? astralLetter(cp) : undefined;
    const s = letter ?? normalizeChar(String.fromCodePoint(cp), t.options);
    const k = classify(s);
    result = k >= CharClass.Latin ? [k, s.length === 1 ? s.charCodeAt(0) : 0] : [k, 0];
    // Bounded: text can hold any of a million code points.
    if (cache.size >= 4096) cache.clear();
    cache.set(cp, result);
  }
  return result;
}

/** Normalises a whole string to its word characters (noise dropped), as dictionary words are. */
export function normalizeWord(word: string, t: NormalizeTable): number[] {
  const out: number[] = [];
  for (const ch of word) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0xffff) {
      const [k, n] = normalizeAstral(cp, t);
      if (k >= CharClass.Latin && n !== 0) out.push(n);
      continue;
    }
    if (t.cls[cp]! >= CharClass.Latin) out.push(t.norm[cp]!);
  }
  return out;
}

/** Like normalizeWord, writing into `out` at `at`; returns the number of units written. */
export function normalizeInto(word: string, t: NormalizeTable, out: Uint16Array, at: number): number {
  let n = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < word.length) {
      const [k, v] = normalizeAstral(((c - 0xd800) << 10) + (word.charCodeAt(i + 1) - 0xdc00) + 0x10000, t);
      i++;
      if (k >= CharClass.Latin && v !== 0) out[at + n++] = v;
      continue;
    }
    if (t.cls[c]! >= CharClass.Latin) out[at + n++] = t.norm[c]!;
  }
  return n;
}
