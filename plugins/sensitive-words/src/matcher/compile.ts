import { type Automaton, compileAutomaton } from './double-array.js';
import { CharClass, defaultNormalizeOptions, type NormalizeTable, normalizeTable } from './normalize.js';
import { hanSyllables, isEnglishCollision } from './pinyin.js';
import { addPinyinForms, FormBuffer, initialsOf, PatFlag } from './surface-forms.js';
import type { MatcherOptions, WordEntry } from './types.js';
import { defaultVariants, droppedVowelForms, expandVariants } from './variants.js';

export { MAX_PATTERN, PatFlag } from './surface-forms.js';

/** Symbol ids below this are character classes, not alphabet letters. */
/** Whitespace is its own class: a run of spaces counts once against the noise bound. */
export const Sym = { Noise: 0, Ignore: 1, High: 2, Other: 3, Space: 4, First: 5 } as const;


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

export function compileDictionary(
  words: readonly WordEntry[],
  allow: readonly string[] = [],
  options: Partial<MatcherOptions> = {},
): CompiledDictionary {
  const started = performance.now();
  const opts: MatcherOptions = { ...defaultMatcherOptions, ...options };
  const table = normalizeTable(opts.normalize);
  // 1. Every surface form of every word, normalised exactly as text will be, into one flat buffer.
  const forms = new FormBuffer(table, words.length + allow.length);
  const syllables = opts.pinyin ? hanSyllables(words.map((e) => e.word)) : [];
  const initials: (number | string | undefined)[] = [];
  // In a big list most 3-letter initials are shared by several words and together cover nearly every
  // short English token (dhl, ups): there only unique initials are kept. A small list keeps initials
  // shared by up to three words (cnm = 操你妈, 草泥马), reporting each.
  const initialsCount = new Map<number | string, number>();
  const maxInitialsShare = words.length > 5000 ? 1 : 3;
  for (let w = 0; w < syllables.length; w++) {
    const s = syllables[w];
    const i = s === undefined ? undefined : initialsOf(s, opts.pinyinInitialsMinChars);
    initials.push(i);
    if (i !== undefined) initialsCount.set(i, (initialsCount.get(i) ?? 0) + 1);
  }
  words.forEach((entry, w) => {
    forms.beginOwner();
    forms.addText(entry.word, w, 0);
    // Pinyin forms before variants: a form both produce keeps the Pinyin flag (spaced syllables).
    const s = syllables[w];
    if (s !== undefined) {
      const i = initials[w];
      addPinyinForms(forms, w, entry.word, s, i !== undefined && initialsCount.get(i)! <= maxInitialsShare, opts.pinyinMixedMaxChars, table);
    }
    for (const v of expandVariants(entry.word, opts.variants)) forms.addText(v, w, PatFlag.Strict);
    if (opts.englishBoundaries) for (const v of droppedVowelForms(entry.word)) if (!isEnglishCollision(v)) forms.addText(v, w, PatFlag.Strict);
  });
  allow.forEach((phrase, a) => {
    forms.beginOwner();
    forms.addText(phrase, a, PatFlag.Allow | PatFlag.Strict);
  });
  const formCount = forms.count;
  const symBuf = forms.units;
  const formStart = forms.start;
  const formOwner = forms.owner;
  const formFlags = forms.flags;
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
  const patWord = formOwner.subarray(0, formCount);
  const patFlags = formFlags.subarray(0, formCount);
  const automaton = compileAutomaton(symBuf, formStart, formCount, alphabet.length + Sym.First);

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
      states: automaton.states,
      alphabet: alphabet.length,
      buildMs: performance.now() - started,
    },
  };
}
