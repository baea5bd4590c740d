import { type Automaton, compileAutomaton } from './double-array.js';
import { TrieBuilder } from './trie-builder.js';
import { CharClass, defaultNormalizeOptions, type NormalizeTable, normalizeInto, normalizeTable } from './normalize.js';
import { hasHan, pinyinForms, prefetchPinyin } from './pinyin.js';
import type { MatcherOptions, WordEntry } from './types.js';
import { defaultVariants, droppedVowelForms, expandVariants } from './variants.js';
import { isEnglishCollision } from './pinyin.js';

/** Symbol ids below this are character classes, not alphabet letters. */
/** Whitespace is its own class: a run of spaces counts once against the noise bound. */
export const Sym = { Noise: 0, Ignore: 1, High: 2, Other: 3, Space: 4, First: 5 } as const;

/** The longest pattern in symbols; the scanner keeps this many recent positions. */
export const MAX_PATTERN = 255;

/** Strict: a derived form (pinyin, initials, variant) — exact word boundaries, no English affixes. */
/** Pinyin: generated from pinyin (spaces between syllables are normal). Spaced: the source text had spaces. */
export const PatFlag = { LatinStart: 1, LatinEnd: 2, Allow: 4, Strict: 8, Pinyin: 16, Spaced: 32 } as const;

export const defaultMatcherOptions: MatcherOptions = {
  normalize: defaultNormalizeOptions,
  maxNoiseGap: 5,
  repeats: true,
  pinyin: true,
  pinyinInitialsMinChars: 3,
  pinyinMixedMaxChars: 3,
  variants: defaultVariants,
  englishBoundaries: true,
  englishSuffixes: ['s', 'es', 'ed', 'er', 'ers', 'ing', 'in', 'y', 'ty', 'hole', 'holes', 'head', 'face'],
  englishPrefixes: ['mother', 'bull', 'dumb', 'jack', 'horse', 'dip', 'smart'],
};

/** Everything the scanner needs; immutable once built so it can be swapped atomically. */
export interface CompiledDictionary {
  readonly options: MatcherOptions;
  readonly table: NormalizeTable;
  readonly automaton: Automaton;
  /** Raw code unit → symbol (class id or alphabet letter): the one lookup per character. */
  readonly symTab: Uint16Array;
  /** Normalised code unit → symbol, for the astral slow path. */
  readonly alphaOfNorm: Uint16Array;
  /** Per pattern: index into `words` (or into `allow` when flagged Allow) and PatFlag bits. */
  readonly patWord: Int32Array;
  readonly patFlags: Uint8Array;
  readonly words: readonly WordEntry[];
  readonly allow: readonly string[];
  readonly stats: { words: number; patterns: number; states: number; alphabet: number; buildMs: number };
}

function isLatin(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

export function compileDictionary(
  words: readonly WordEntry[],
  allow: readonly string[] = [],
  options: Partial<MatcherOptions> = {},
): CompiledDictionary {
  const started = performance.now();
  const opts: MatcherOptions = { ...defaultMatcherOptions, ...options };
  const table = normalizeTable(opts.normalize);
  // 1. Every surface form of every word, normalised exactly as text will be, into one flat buffer.
  let symBuf = new Uint16Array(1 << 20);
  const formStart: number[] = [0];
  const formOwner: number[] = [];
  const formFlags: number[] = [];
  let ownerFirstForm = 0;
  const add = (text: string, owner: number, allowFlag: number, strict = true, pinyinForm = false): void => {
    const from = formStart[formStart.length - 1]!;
    if (from + text.length * 2 + 2 > symBuf.length) {
      const bigger = new Uint16Array(symBuf.length * 2);
      bigger.set(symBuf);
      symBuf = bigger;
    }
    const len = normalizeInto(text, table, symBuf, from);
    if (len === 0 || len > MAX_PATTERN) return;
    // Duplicates only arise among one word's own forms: compare with those.
    for (let f = ownerFirstForm; f < formOwner.length; f++) {
      const a = formStart[f]!;
      if (formStart[f + 1]! - a !== len) continue;
      let same = true;
      for (let j = 0; j < len && same; j++) same = symBuf[a + j] === symBuf[from + j];
      if (same) return;
    }
    let flags = allowFlag | (strict ? PatFlag.Strict : 0) | (pinyinForm ? PatFlag.Pinyin : 0) | (/\s/.test(text) ? PatFlag.Spaced : 0);
    if (isLatin(symBuf[from]!)) flags |= PatFlag.LatinStart;
    if (isLatin(symBuf[from + len - 1]!)) flags |= PatFlag.LatinEnd;
    formStart.push(from + len);
    formOwner.push(owner);
    formFlags.push(flags);
  };
  if (opts.pinyin) prefetchPinyin(words.map((e) => e.word));
  // In a big list most 3-letter initials are shared by several words and together cover nearly every
  // short English token (dhl, ups): there only unique initials are kept. A small list keeps initials
  // shared by up to three words (cnm = 操你妈, 草泥马), reporting each.
  const initialsCount = new Map<string, number>();
  const maxInitialsShare = words.length > 5000 ? 1 : 3;
  if (opts.pinyin) {
    for (const entry of words) {
      const i = hasHan(entry.word) ? pinyinForms(entry.word, opts.pinyinInitialsMinChars, opts.pinyinMixedMaxChars)?.initials : undefined;
      if (i) initialsCount.set(i, (initialsCount.get(i) ?? 0) + 1);
    }
  }
  words.forEach((entry, w) => {
    ownerFirstForm = formOwner.length;
    add(entry.word, w, 0, false);
    // Pinyin forms before variants: a form both produce keeps the Pinyin flag (spaced syllables).
    if (opts.pinyin && hasHan(entry.word)) {
      const p = pinyinForms(entry.word, opts.pinyinInitialsMinChars, opts.pinyinMixedMaxChars);
      if (p) {
        for (const f of p.full) add(f, w, 0, true, true);
        if (p.initials && initialsCount.get(p.initials)! <= maxInitialsShare) add(p.initials, w, 0, true, true);
        for (const m of p.mixed) add(m, w, 0, true, true);
      }
    }
    for (const v of expandVariants(entry.word, opts.variants)) add(v, w, 0);
    if (opts.englishBoundaries) for (const v of droppedVowelForms(entry.word)) if (!isEnglishCollision(v)) add(v, w, 0);
  });
  allow.forEach((phrase, a) => {
    ownerFirstForm = formOwner.length;
    add(phrase, a, PatFlag.Allow);
  });
  const formCount = formOwner.length;
  const used = formStart[formCount]!;

  // 2. Alphabet by frequency, so common letters get small ids and the double array packs tightly.
  const freq = new Uint32Array(0x10000);
  for (let i = 0; i < used; i++) freq[symBuf[i]!]!++;
  const alphabet: number[] = [];
  for (let c = 0; c < 0x10000; c++) if (freq[c]! > 0) alphabet.push(c);
  alphabet.sort((a, b) => freq[b]! - freq[a]!);
  if (alphabet.length + Sym.First > 0xffff) throw new Error('alphabet too large for 16-bit symbols');
  const alphaOfNorm = new Uint16Array(0x10000).fill(Sym.Other);
  alphabet.forEach((c, i) => {
    alphaOfNorm[c] = i + Sym.First;
  });
  for (let i = 0; i < used; i++) symBuf[i] = alphaOfNorm[symBuf[i]!]!;

  // 3. Trie → double array with failure links.
  // Trie nodes come to a little over half the symbols (shared prefixes): size for that, grow if needed.
  const trie = new TrieBuilder(Math.ceil(used * 0.6));
  const patWord = new Int32Array(formCount);
  const patFlags = new Uint8Array(formCount);
  for (let i = 0; i < formCount; i++) {
    const id = trie.insert(symBuf.subarray(formStart[i]!, formStart[i + 1]!));
    patWord[id] = formOwner[i]!;
    patFlags[id] = formFlags[i]!;
  }
  const automaton = compileAutomaton(trie, alphabet.length + Sym.First);

  // 4. The fused per-code-unit table: class or alphabet symbol.
  const symTab = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const k = table.cls[c]!;
    if (k === CharClass.Noise) symTab[c] = Sym.Noise;
    else if (k === CharClass.Space) symTab[c] = Sym.Space;
    else if (k === CharClass.Ignore) symTab[c] = Sym.Ignore;
    else if (k === CharClass.High) symTab[c] = Sym.High;
    else symTab[c] = alphaOfNorm[table.norm[c]!]!;
  }
  return {
    options: opts,
    table,
    automaton,
    symTab,
    alphaOfNorm,
    patWord,
    patFlags,
    words,
    allow,
    stats: {
      words: words.length,
      patterns: formCount,
      states: trie.size,
      alphabet: alphabet.length,
      buildMs: performance.now() - started,
    },
  };
}
