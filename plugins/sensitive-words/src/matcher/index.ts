export { compileDictionary, defaultMatcherOptions, type CompiledDictionary } from './compile.js';
export { compileDictionaryOffThread } from './compile-off-thread.js';
export { Matcher, maskSpans } from './matcher.js';
export { defaultNormalizeOptions, normalizeTable, normalizeWord, type NormalizeOptions } from './normalize.js';
export { defaultVariants, expandVariants } from './variants.js';
export type { Action, Hit, MatcherOptions, WordEntry } from './types.js';
