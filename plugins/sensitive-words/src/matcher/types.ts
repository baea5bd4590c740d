import type { NormalizeOptions } from './normalize.js';

export type Action = 'mask' | 'reject' | 'flag';

/** One dictionary entry as loaded from a list. */
export interface WordEntry {
  word: string;
  category: string;
  action: Action;
  /** Which list it came from (for audit and replacement). */
  list?: string;
}

export interface MatcherOptions {
  normalize: NormalizeOptions;
  /** Most noise characters (symbols, spaces, emoji) allowed between two characters of a word. 0 disables. */
  maxNoiseGap: number;
  /** Collapse repeated characters inside a word (fuuuck, 傻傻逼). */
  repeats: boolean;
  /** Match the pinyin spelling of Chinese words (shabi, jia weixin) and mixed forms (加weixin). */
  pinyin: boolean;
  /** Match pinyin initials (jwx, nmsl) for words with at least this many Chinese characters; 0 disables. */
  pinyinInitialsMinChars: number;
  /** Mixed hanzi/pinyin splits (加weixin, jia微信) for words up to this many characters; 0 disables. */
  pinyinMixedMaxChars: number;
  /** Homophone/variant groups: canonical fragment → variants (微信 → 威信, vx). Applied inside every word. */
  variants: Readonly<Record<string, readonly string[]>>;
  /** Latin-edged words need a word boundary (class ≠ ass), with the English affixes below allowed. */
  englishBoundaries: boolean;
  englishSuffixes: readonly string[];
  englishPrefixes: readonly string[];
}

/** A match, reported against the ORIGINAL text. */
export interface Hit {
  /** The canonical dictionary word. */
  word: string;
  category: string;
  action: Action;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** What the sender actually wrote. */
  text: string;
}
