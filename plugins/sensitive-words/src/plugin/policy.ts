import type { MessageDraft } from '@keeper/sdk';
import { ContentRejectedError } from '@keeper/sdk';
import { maskSpans } from '../matcher/matcher.js';
import type { Hit } from '../matcher/types.js';
import type { Matcher } from '../matcher/matcher.js';
import type { AuthorPolicy } from './options.js';

export const ANNOTATION_KEY = 'sensitive-words';

/** A hit with the action the author's policy resolved for it (the matcher's Hit, whose action is the list's). */
export type AppliedHit = Hit;

export interface FilterOutcome {
  /** The draft to store (undefined when nothing matched). */
  draft: MessageDraft | undefined;
  hits: AppliedHit[];
  rejected: boolean;
}

export interface FilterSettings {
  customer: AuthorPolicy;
  agent: AuthorPolicy;
  rejectMessage: string;
}

/** Which policy applies to a draft; system messages are not filtered. */
export function policyFor(draft: MessageDraft, settings: FilterSettings): AuthorPolicy | undefined {
  if (draft.authorType === 'customer') return settings.customer;
  if (draft.authorType === 'agent' || draft.authorType === 'bot') return settings.agent;
  return undefined;
}

function applyPolicy(hits: readonly Hit[], policy: AuthorPolicy): AppliedHit[] {
  const out: AppliedHit[] = [];
  for (const h of hits) {
    if (policy.ignoreCategories.includes(h.category)) continue;
    out.push({ word: h.word, category: h.category, action: policy.actions[h.category] ?? h.action, start: h.start, end: h.end, text: h.text });
  }
  return out;
}

/**
 * The decision for one draft: `reject` anywhere refuses the message; otherwise `mask` spans are
 * starred and every hit is kept in `annotations['sensitive-words']` so agents see what was flagged.
 * Throws nothing itself — the caller audits first, then throws `rejectionError`.
 */
export function filterDraft(draft: MessageDraft, matcher: Matcher, settings: FilterSettings): FilterOutcome {
  const policy = policyFor(draft, settings);
  if (!policy?.enabled) return { draft: undefined, hits: [], rejected: false };
  const hits = applyPolicy(matcher.scan(draft.body), policy);
  if (hits.length === 0) return { draft: undefined, hits, rejected: false };
  if (hits.some((h) => h.action === 'reject')) return { draft: undefined, hits, rejected: true };
  const masked = hits.filter((h) => h.action === 'mask');
  const body = masked.length > 0 ? maskSpans(draft.body, masked) : draft.body;
  const annotation = {
    flagged: hits.some((h) => h.action === 'flag'),
    masked: masked.length > 0,
    hits: hits.map(({ word, category, action, start, end }) => ({ word, category, action, start, end })),
  };
  return { draft: { ...draft, body, annotations: { ...draft.annotations, [ANNOTATION_KEY]: annotation } }, hits, rejected: false };
}

/** The CONTENT_REJECTED error the sender sees: a clear reason, the categories, not the words themselves. */
export function rejectionError(hits: readonly AppliedHit[], message: string): ContentRejectedError {
  const categories = [...new Set(hits.filter((h) => h.action === 'reject').map((h) => h.category))];
  return new ContentRejectedError(message.replaceAll('{categories}', categories.join(', ')), {
    plugin: '@keeper/plugin-sensitive-words',
    categories,
    spans: hits.filter((h) => h.action === 'reject').map((h) => ({ start: h.start, end: h.end })),
  });
}
