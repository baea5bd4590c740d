import { z } from 'zod';

const action = z.enum(['mask', 'reject', 'flag']);

/** How one kind of author (shopper or agent) is filtered. */
const policy = z.strictObject({
  enabled: z.boolean().default(true),
  /** Per-category action overrides, e.g. agents may mention contact details: `{ contact: 'flag' }`. */
  actions: z.record(z.string(), action).default({}),
  /** Categories not checked at all for this author kind. */
  ignoreCategories: z.array(z.string()).default([]),
});

const wordEntry = z.union([
  z.string().min(1),
  z.strictObject({ word: z.string().min(1), category: z.string().min(1).default('default'), action: action.default('mask') }),
]);

const list = z
  .strictObject({
    name: z.string().min(1),
    /** Inline words: `"word"`, `"word\tcategory\taction"` or `{ word, category, action }`. */
    words: z.array(wordEntry).optional(),
    /** A TSV file (`word<TAB>category<TAB>action`). */
    file: z.string().min(1).optional(),
  })
  .refine((l) => (l.words === undefined) !== (l.file === undefined), { message: 'give either "words" or "file"' });

export const sensitiveWordsOptions = z.strictObject({
  /** Start with the bundled retail list (insults, contact leaks, fraud, gambling, regulated goods). */
  useDefaultList: z.boolean().default(true),
  lists: z.array(list).default([]),
  useDefaultAllow: z.boolean().default(true),
  /** Phrases that suppress hits they overlap (垃圾袋, 长江大桥). */
  allow: z.array(z.string().min(1)).default([]),
  customer: policy.default({ enabled: true, actions: {}, ignoreCategories: [] }),
  agent: policy.default({ enabled: true, actions: {}, ignoreCategories: [] }),
  matcher: z
    .strictObject({
      maxNoiseGap: z.number().int().min(0).max(32),
      repeats: z.boolean(),
      pinyin: z.boolean(),
      pinyinInitialsMinChars: z.number().int().min(0).max(16),
      pinyinMixedMaxChars: z.number().int().min(0).max(8),
      englishBoundaries: z.boolean(),
      variants: z.record(z.string().min(1), z.array(z.string().min(1))),
    })
    .partial()
    .default({}),
  /** Shown to the sender of a rejected message; `{categories}` is replaced. */
  rejectMessage: z.string().min(1).default('消息未发送：包含不允许的内容（{categories}）。Your message was not sent: it contains content that is not allowed ({categories}).'),
  /** Store an audit record of every hit. */
  audit: z.boolean().default(true),
  /** Redis channel for cross-node reload notices. */
  reloadChannel: z.string().min(1).default('keeper:sensitive-words:reload'),
  /**
   * With a database, how often (ms) a node compares the stored lists with its own and applies newer ones: what a
   * lost reload notice did not bring arrives within this time. 0 turns it off (a reconnect still resyncs).
   */
  resyncMs: z.number().int().min(0).default(60_000),
  /** Interceptor order (lower runs first) and time budget. */
  order: z.number().int().default(-100),
  timeoutMs: z.number().int().positive().optional(),
});

export type SensitiveWordsOptions = z.output<typeof sensitiveWordsOptions>;
export type SensitiveWordsInput = z.input<typeof sensitiveWordsOptions>;
export type AuthorPolicy = SensitiveWordsOptions['customer'];
