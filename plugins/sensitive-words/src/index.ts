export * from './matcher/index.js';
export { formatWordList, parseAllowList, parseWordList, WordListError, type ParseOptions } from './dictionary/parse.js';
export { DictionaryStore, type DictionarySnapshot } from './dictionary/store.js';
export { createSensitiveWords, PLUGIN_NAME, PLUGIN_VERSION, sensitiveWords, type SensitiveWordsService } from './plugin.js';
export { sensitiveWordsOptions, type SensitiveWordsInput, type SensitiveWordsOptions } from './plugin/options.js';
export { ANNOTATION_KEY, filterDraft, type AppliedHit } from './plugin/policy.js';
export { schema as graphqlSchema } from './plugin/graphql.js';
export type { AuditLog, AuditRecord } from './plugin/audit.js';
