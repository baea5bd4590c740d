import { type Automaton, compileAutomaton, TrieBuilder } from './double-array.js';
import { CharClass, defaultNormalizeOptions, type NormalizeTable, normalizeTable, normalizeWord } from './normalize.js';
import { hasHan, pinyinForms } from './pinyin.js';
import type { MatcherOptions, WordEntry } from './types.js';
import { defaultVariants, expandVariants } from './variants.js';

/** Symbol ids below this are character classes, not alphabet letters. */
export const Sym = { Noise: 0, Ignore: 1, High: 2, Other: 3, First: 4 } as const;

/** The longest pattern in symbols; the scanner keeps this many recent positions. */
export const MAX_PATTERN = 255;

/** Strict: a derived form (pinyin, initials, variant) — exact word boundaries, no English affixes. */
export const PatFlag = { LatinStart: 1, LatinEnd: 2, Allow: 4, Strict: 8 } as const;

export const defaultMatcherOptions: MatcherOptions = {
  normalize: defaultNormalizeOptions,
  maxNoiseGap: 4,
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
  // 1. Every surface form of every word, normalised exactly as text will be.
  const forms: number[][] = [];
  const formOwner: number[] = [];
  const formFlags: number[] = [];
  // Duplicates only arise among one word's own forms, so a small per-word set is enough.
  const seen = new Set<string>();
  let total = 0;
  const add = (text: string, owner: number, allowFlag: number, strict = true): void => {
    const syms = normalizeWord(text, table);
    if (syms.length === 0 || syms.length > MAX_PATTERN) return;
    const key = String.fromCharCode(...syms);
    if (seen.has(key)) return;
    seen.add(key);
    total += syms.length;
    let flags = allowFlag | (strict ? PatFlag.Strict : 0);
    if (isLatin(syms[0]!)) flags |= PatFlag.LatinStart;
    if (isLatin(syms[syms.length - 1]!)) flags |= PatFlag.LatinEnd;
    forms.push(syms);
    formOwner.push(owner);
    formFlags.push(flags);
  };
  words.forEach((entry, w) => {
    seen.clear();
    add(entry.word, w, 0, false);
    for (const v of expandVariants(entry.word, opts.variants)) add(v, w, 0);
    if (opts.pinyin && hasHan(entry.word)) {
      const p = pinyinForms(entry.word, opts.pinyinInitialsMinChars, opts.pinyinMixedMaxChars);
      if (p) {
        for (const f of p.full) add(f, w, 0);
        if (p.initials) add(p.initials, w, 0);
        for (const m of p.mixed) add(m, w, 0);
      }
    }
  });
  allow.forEach((phrase, a) => {
    seen.clear();
    add(phrase, a, PatFlag.Allow);
  });

  // 2. Alphabet by frequency, so common letters get small ids and the double array packs tightly.
  const freq = new Map<number, number>();
  for (const f of forms) for (const c of f) freq.set(c, (freq.get(c) ?? 0) + 1);
  const alphabet = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  if (alphabet.length + Sym.First > 0xffff) throw new Error('alphabet too large for 16-bit symbols');
  const alphaOfNorm = new Uint16Array(0x10000).fill(Sym.Other);
  alphabet.forEach((c, i) => {
    alphaOfNorm[c] = i + Sym.First;
  });

  // 3. Trie → double array with failure links.
  const trie = new TrieBuilder(total);
  const patWord = new Int32Array(forms.length);
  const patFlags = new Uint8Array(forms.length);
  const buf = new Uint16Array(MAX_PATTERN);
  for (let i = 0; i < forms.length; i++) {
    const f = forms[i]!;
    for (let j = 0; j < f.length; j++) buf[j] = alphaOfNorm[f[j]!]!;
    const id = trie.insert(buf.subarray(0, f.length));
    patWord[id] = formOwner[i]!;
    patFlags[id] = formFlags[i]!;
  }
  const automaton = compileAutomaton(trie, alphabet.length + Sym.First);

  // 4. The fused per-code-unit table: class or alphabet symbol.
  const symTab = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const k = table.cls[c]!;
    if (k === CharClass.Noise || k === CharClass.Space) symTab[c] = Sym.Noise;
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
      patterns: forms.length,
      states: trie.size,
      alphabet: alphabet.length,
      buildMs: performance.now() - started,
    },
  };
}
