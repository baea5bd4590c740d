export * from './matcher/index.js';
export { formatWordList, parseAllowList, parseWordList, WordListError, type ParseOptions } from './dictionary/parse.js';
export { DictionaryStore, type DictionarySnapshot } from './dictionary/store.js';
