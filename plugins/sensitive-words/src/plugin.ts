import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definePlugin, type InterceptorContext, type MessageDraft, type PluginBody, type PluginContext } from '@keeper/sdk';
import { defaultAllowUrl, defaultWordsUrl } from './data-files.js';
import { parseAllowList, parseWordList } from './dictionary/parse.js';
import { DictionaryStore } from './dictionary/store.js';
import type { Matcher } from './matcher/matcher.js';
import type { Hit, MatcherOptions, WordEntry } from './matcher/types.js';
import { type AuditLog, databaseAuditLog, memoryAuditLog } from './plugin/audit.js';
import { resolvers, schema } from './plugin/graphql.js';
import { ListService } from './plugin/lists.js';
import { type SensitiveWordsOptions, sensitiveWordsOptions } from './plugin/options.js';
import { filterDraft, rejectionError } from './plugin/policy.js';
import { isRedisPublisher } from './plugin/reload.js';

export const PLUGIN_NAME = '@keeper/plugin-sensitive-words';
export const PLUGIN_VERSION = '0.1.0';

/** What the plugin offers other plugins through `ctx.services.get('sensitive-words')`. */
export interface SensitiveWordsService {
  scan(text: string): Hit[];
  mask(text: string): string;
  readonly matcher: Matcher;
}

declare module '@keeper/sdk' {
  interface ServiceMap {
    'sensitive-words': SensitiveWordsService;
  }
}

function toEntries(list: SensitiveWordsOptions['lists'][number]): WordEntry[] {
  if (list.file) return parseWordList(readFileSync(list.file, 'utf8'), { list: list.name });
  const lines = (list.words ?? []).map((w) => (typeof w === 'string' ? w : `${w.word}\t${w.category}\t${w.action}`));
  return parseWordList(lines.join('\n'), { list: list.name });
}

/** The plugin's parts, exposed for tests; `sensitiveWords()` is what a deployment uses. */
export function createSensitiveWords(options: SensitiveWordsOptions) {
  const lists = new Map<string, WordEntry[]>();
  if (options.useDefaultList) lists.set('default', parseWordList(readFileSync(defaultWordsUrl, 'utf8'), { list: 'default' }));
  for (const l of options.lists) lists.set(l.name, toEntries(l));
  const allow = [...(options.useDefaultAllow ? parseAllowList(readFileSync(defaultAllowUrl, 'utf8')) : []), ...options.allow];
  let ctx: PluginContext | undefined;
  const store = new DictionaryStore(lists, allow, options.matcher as Partial<MatcherOptions>, {
    onOffThreadFailure: (error) => ctx?.logger.warn({ err: error }, 'sensitive-words: the compile worker failed; compiling on the event loop'),
  });

  let audit: AuditLog = memoryAuditLog();
  const pending = new Set<Promise<void>>();
  const listService = new ListService(store, options.reloadChannel, () => ctx?.settings.nodeId ?? 'local', () => ctx?.logger);
  const settings = { customer: options.customer, agent: options.agent, rejectMessage: options.rejectMessage };

  const record = (draft: Parameters<AuditLog['record']>[0], hits: Parameters<AuditLog['record']>[1]): Promise<void> => {
    const p = audit.record(draft, hits).catch((error: unknown) => ctx?.logger.error({ err: error }, 'could not store sensitive-word audit records'));
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  // Synchronous when the message passes (every message goes through here: core then runs it as a plain call);
  // a rejection is a rejected promise, after its audit record is stored.
  const beforeCreate = (draft: MessageDraft, _ctx?: InterceptorContext): MessageDraft | undefined | Promise<never> => {
    const outcome = filterDraft(draft, store.matcher, settings);
    const stored = outcome.hits.length > 0 && options.audit ? record(draft, outcome.hits) : undefined;
    if (!outcome.rejected) return outcome.draft;
    // A rejected message is stored nowhere else, so its audit record is written before answering.
    const rejection = () => Promise.reject(rejectionError(outcome.hits, options.rejectMessage));
    return stored ? stored.then(rejection) : rejection();
  };

  const body: PluginBody = {
    database: { migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)) },
    graphql: { schema, resolvers: resolvers(listService, () => audit) },
    interceptors: {
      'message.beforeCreate': { handler: beforeCreate, order: options.order, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
    },
    async setup(pluginCtx) {
      ctx = pluginCtx;
      if (pluginCtx.db) {
        audit = databaseAuditLog(pluginCtx.db);
        listService.db = pluginCtx.db;
        await listService.loadPersisted();
      }
      if (isRedisPublisher(pluginCtx.redis)) listService.redis = pluginCtx.redis;
      await listService.subscribe(options.resyncMs);
      pluginCtx.services.provide('sensitive-words', {
        scan: (text) => store.matcher.scan(text),
        mask: (text) => store.matcher.mask(text),
        get matcher() {
          return store.matcher;
        },
      });
    },
    async teardown() {
      await listService.close();
      await Promise.all(pending);
    },
  };
  return { body, store, listService, audit: () => audit, beforeCreate };
}

/**
 * The sensitive-word filter: masks, rejects or flags listed words (and their disguises) in every
 * message before it is stored, with separate policies for shoppers and agents.
 */
export const sensitiveWords = definePlugin({
  name: PLUGIN_NAME,
  version: PLUGIN_VERSION,
  core: '^0.1.0',
  options: sensitiveWordsOptions,
  create: (options) => createSensitiveWords(options).body,
});
