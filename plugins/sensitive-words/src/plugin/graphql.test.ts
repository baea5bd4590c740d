import type { ResolverContext, ResolverFn } from '@keeper/sdk';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { agent, customer, draft } from '../../test/support/fakes.js';
import { createSensitiveWords } from '../plugin.js';
import { schema } from './graphql.js';
import { sensitiveWordsOptions } from './options.js';

const signal = new AbortController().signal;
const rctx = (actor: ResolverContext['actor']): ResolverContext => ({ actor, services: {} as ResolverContext['services'], hooks: {} as ResolverContext['hooks'], pubsub: {} as ResolverContext['pubsub'] });

function setup() {
  const p = createSensitiveWords(sensitiveWordsOptions.parse({}));
  const r = p.body.graphql!.resolvers!;
  const query = (name: string) => (r.Query as Record<string, ResolverFn>)[name]!;
  const mutation = (name: string) => (r.Mutation as Record<string, ResolverFn>)[name]!;
  return { p, query, mutation };
}

describe('GraphQL additions', () => {
  it('SDL is valid on top of the base Query and Mutation types', () => {
    expect(() => buildSchema(`scalar DateTime type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String } type Query { _: Boolean } type Mutation { _: Boolean } ${schema}`)).not.toThrow();
  });

  it('lets supervisors page through the audit log, newest first, and refuses others', async () => {
    const { p, query } = setup();
    for (const body of ['傻逼', '你个傻 逼', '加微信']) await Promise.resolve(p.beforeCreate(draft(body), { actor: customer, signal })).catch(() => undefined);
    await Promise.resolve();
    type Page = { edges: Array<{ node: { word: string; action: string; matched: string } }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    const first = (await query('sensitiveWordHits')({}, { first: 2 }, rctx(agent('supervisor')), {})) as Page;
    expect(first.edges.map(({ node: i }) => [i.word, i.action, i.matched])).toEqual([
      ['加微信', 'REJECT', '加微信'],
      ['傻逼', 'MASK', '傻 逼'],
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await query('sensitiveWordHits')({}, { first: 2, after: first.pageInfo.endCursor }, rctx(agent('admin')), {})) as Page;
    expect(second.edges).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const onlyRejects = (await query('sensitiveWordHits')({}, { action: 'REJECT' }, rctx(agent('admin')), {})) as Page;
    expect(onlyRejects.edges).toHaveLength(1);
    await expect(query('sensitiveWordHits')({}, {}, rctx(agent('agent')), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(query('sensitiveWordHits')({}, {}, rctx({ kind: 'anonymous' }), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('replaces a list at runtime for admins only, effective for the next message', async () => {
    const { p, mutation, query } = setup();
    expect(await p.beforeCreate(draft('这是水货'), { actor: customer, signal })).toBeUndefined();
    const status = (await mutation('replaceSensitiveWordList')({}, { name: 'shop', tsv: '水货\tfraud\tflag\n' }, rctx(agent('admin')), {})) as { lists: Array<{ name: string; words: number; version: number }> };
    expect(status.lists).toContainEqual({ name: 'shop', words: 1, version: 1 });
    const out = await p.beforeCreate(draft('这是水货'), { actor: customer, signal });
    expect(out?.annotations['sensitive-words']).toMatchObject({ flagged: true });
    await mutation('replaceSensitiveWordList')({}, { name: 'shop', words: [{ word: '山寨', category: 'fraud', action: 'MASK' }] }, rctx(agent('admin')), {});
    expect(await p.beforeCreate(draft('这是水货'), { actor: customer, signal })).toBeUndefined();
    expect((await p.beforeCreate(draft('山寨货'), { actor: customer, signal }))?.body).toBe('**货');
    await expect(mutation('replaceSensitiveWordList')({}, { name: 'shop', tsv: 'x' }, rctx(agent('supervisor')), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(mutation('replaceSensitiveWordList')({}, { name: 'shop', tsv: 'x\ty\tdelete' }, rctx(agent('admin')), {})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(mutation('replaceSensitiveWordList')({}, { name: 'shop' }, rctx(agent('admin')), {})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const s = (await query('sensitiveWordsStatus')({}, {}, rctx(agent('supervisor')), {})) as { version: number };
    expect(s.version).toBe(3);
  });
});
