import { type InterceptorSpec, isKeeperError, PluginOptionsError } from '@keeper/sdk';
import { describe, expect, it } from 'vitest';
import { agent, customer, draft } from '../test/support/fakes.js';
import { createSensitiveWords, sensitiveWords } from './plugin.js';
import { sensitiveWordsOptions } from './plugin/options.js';

const signal = new AbortController().signal;
const parts = (input: Parameters<typeof sensitiveWords>[0] = {}) => createSensitiveWords(sensitiveWordsOptions.parse(input));

describe('sensitiveWords plugin options', () => {
  it('builds a plugin with an interceptor, GraphQL, migrations and metadata', () => {
    const plugin = sensitiveWords({});
    expect(plugin).toMatchObject({ name: '@keeper/plugin-sensitive-words', kind: 'keeper-plugin', core: '^0.1.0' });
    expect(plugin.graphql?.schema).toContain('replaceSensitiveWordList');
    expect(plugin.database?.migrationsDir).toMatch(/prisma[/\\]migrations$/);
    const spec = plugin.interceptors!['message.beforeCreate'] as InterceptorSpec<'message.beforeCreate'>;
    expect(spec.order).toBe(-100);
  });

  it('rejects unknown and invalid options at boot with the option path', () => {
    // @ts-expect-error -- unknown option
    expect(() => sensitiveWords({ maskChar: '#' })).toThrow(PluginOptionsError);
    try {
      sensitiveWords({ lists: [{ name: 'x', words: ['a'], file: 'b.tsv' }] });
      expect.unreachable();
    } catch (error) {
      expect((error as PluginOptionsError).issues[0]?.path).toBe('lists[0]');
    }
    expect(() => sensitiveWords({ customer: { actions: { insult: 'delete' as 'mask' } } })).toThrow(/customer\.actions\.insult/);
  });
});

describe('message.beforeCreate interceptor', () => {
  it('masks exactly what the shopper wrote and annotates the hits', async () => {
    const p = parts({ lists: [{ name: 'shop', words: ['傻逼\tinsult\tmask'] }], useDefaultList: false });
    const out = await p.beforeCreate(draft('你个傻*逼，快发货'), { actor: customer, signal });
    expect(out?.body).toBe('你个***，快发货');
    expect(out?.annotations['sensitive-words']).toEqual({ flagged: false, masked: true, hits: [{ word: '傻逼', category: 'insult', action: 'mask', start: 2, end: 5 }] });
  });

  it('rejects with CONTENT_REJECTED naming the category, and audits before answering', async () => {
    const p = parts();
    const attempt = p.beforeCreate(draft('亲 加~威~信 聊'), { actor: customer, signal });
    await expect(attempt).rejects.toSatisfy((e: unknown) => isKeeperError(e) && e.code === 'CONTENT_REJECTED' && e.message.includes('contact'));
    const page = await p.audit().list({ first: 10 });
    expect(page.items).toMatchObject([{ word: '加微信', action: 'reject', matched: '加~威~信', authorType: 'customer', conversationId: 'c1' }]);
  });

  it('flags without changing the body', async () => {
    const p = parts();
    const out = await p.beforeCreate(draft('你们是骗子吧'), { actor: customer, signal });
    expect(out?.body).toBe('你们是骗子吧');
    expect(out?.annotations['sensitive-words']).toMatchObject({ flagged: true, masked: false });
  });

  it('applies the agent policy to agent messages', async () => {
    const p = parts({ agent: { actions: { contact: 'flag' }, ignoreCategories: ['insult'] } });
    const out = await p.beforeCreate(draft('可以加微信联系售后，别理那个傻逼', 'agent'), { actor: agent('agent'), signal });
    expect(out?.body).toBe('可以加微信联系售后，别理那个傻逼');
    expect(out?.annotations['sensitive-words']).toMatchObject({ flagged: true, hits: [{ word: '加微信', action: 'flag' }] });
    await expect(p.beforeCreate(draft('加微信', 'customer'), { actor: customer, signal })).rejects.toThrow();
  });

  it('leaves clean and system messages alone', async () => {
    const p = parts();
    expect(await p.beforeCreate(draft('请问这款有现货吗'), { actor: customer, signal })).toBeUndefined();
    expect(await p.beforeCreate(draft('加微信', 'system'), { actor: { kind: 'system', plugin: 'x' }, signal })).toBeUndefined();
    expect(await Promise.resolve(p.beforeCreate(draft('加微信'), { actor: customer, signal })).catch(() => 'rejected')).toBe('rejected');
  });

  it('can disable the customer policy', async () => {
    const p = parts({ customer: { enabled: false } });
    expect(await p.beforeCreate(draft('加微信'), { actor: customer, signal })).toBeUndefined();
  });
});
