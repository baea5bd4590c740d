import { describe, expect, it, vi } from 'vitest';
import { customer, draft, FakeRedisBus, fakeContext, fakeDb } from '../../test/support/fakes.js';
import { createSensitiveWords } from '../plugin.js';
import { sensitiveWordsOptions } from './options.js';

const signal = new AbortController().signal;
const make = () => createSensitiveWords(sensitiveWordsOptions.parse({}));

describe('database and cross-node reload', () => {
  it('writes audit records with parameters into its own schema', async () => {
    const db = fakeDb();
    const p = make();
    await p.body.setup!(fakeContext({ db }));
    await Promise.resolve(p.beforeCreate(draft('加微信'), { actor: customer, signal })).catch(() => undefined);
    const insert = db.calls.find((c) => c.sql.startsWith('INSERT INTO "keeper_sensitive_words"."hit"'));
    expect(insert?.params).toEqual(['c1', 'm-1', 'customer', 'cust-1', '加微信', 'contact', 'reject', '加微信']);
  });

  it('loads lists an admin stored earlier and persists replacements', async () => {
    const db = fakeDb((sql) => {
      if (sql.startsWith('SELECT name, version')) return [{ name: 'shop', version: 4 }];
      if (sql.startsWith('SELECT name, content')) return [{ name: 'shop', content: '水货\tfraud\treject\n', version: 4 }];
      if (sql.startsWith('INSERT INTO "keeper_sensitive_words"."word_list"')) return [{ version: 5 }];
      return [];
    });
    const p = make();
    await p.body.setup!(fakeContext({ db }));
    await expect(p.beforeCreate(draft('水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
    expect(await p.listService.replace('shop', [{ word: '山寨', category: 'fraud', action: 'flag' }], 'admin-1')).toBe(5);
    const upsert = db.calls.find((c) => c.sql.includes('ON CONFLICT'));
    expect(upsert?.params).toEqual(['shop', '山寨\tfraud\tflag\n', 'admin-1']);
  });

  it('reloads a list on every node through Redis, ignoring its own and stale notices', async () => {
    const bus = new FakeRedisBus();
    const a = make();
    const b = make();
    await a.body.setup!(fakeContext({ redis: bus.client(), nodeId: 'a' }));
    await b.body.setup!(fakeContext({ redis: bus.client(), nodeId: 'b' }));
    const before = b.store.matcher;
    await a.listService.replace('shop', [{ word: '水货', category: 'fraud', action: 'reject' }], 'admin');
    await b.store.idle();
    expect(b.store.matcher).not.toBe(before);
    await expect(b.beforeCreate(draft('水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
    expect(await b.listService.handleNotice(JSON.stringify({ node: 'a', name: 'shop', version: 1, content: '' }))).toBe(false);
    expect(await b.listService.handleNotice('not json')).toBe(false);
    expect(await a.listService.handleNotice(JSON.stringify({ node: 'a', name: 'shop', version: 9, content: '' }))).toBe(false);
    await b.body.teardown!(fakeContext());
    await a.listService.replace('shop', [], 'admin');
    await b.store.idle();
    await expect(b.beforeCreate(draft('水货'), { actor: customer, signal })).rejects.toThrow();
  });

  it('applies notices in arrival order, each against the version when its turn comes', async () => {
    const b = make();
    await b.body.setup!(fakeContext({ nodeId: 'b' }));
    const notice = (version: number, content: string) => JSON.stringify({ node: 'a', name: 'shop', version, content });
    // v3 and then a late v2: both pass a check made on arrival (the node is at v0), only v3 may stick.
    const applied = await Promise.all([b.listService.handleNotice(notice(3, '水货\tfraud\treject\n')), b.listService.handleNotice(notice(2, '山寨\tfraud\treject\n'))]);
    expect(applied).toEqual([true, false]);
    expect(b.listService.status().lists.find((l) => l.name === 'shop')).toMatchObject({ version: 3, words: 1 });
    await expect(b.beforeCreate(draft('水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
    // Passed unchanged (undefined: nothing to rewrite).
    expect(await b.beforeCreate(draft('山寨'), { actor: customer, signal })).toBeUndefined();
  });

  it('stores nothing and keeps the old list when the new one does not compile', async () => {
    const db = fakeDb((sql) => (sql.startsWith('INSERT INTO "keeper_sensitive_words"."word_list"') ? [{ version: 1 }] : []));
    const p = make();
    await p.body.setup!(fakeContext({ db }));
    const before = p.store.matcher;
    await expect(p.listService.replace('shop', [{ word: 42 as unknown as string, category: 'x', action: 'mask' }], 'admin')).rejects.toThrow();
    expect(p.store.matcher).toBe(before);
    expect(db.calls.some((c) => c.sql.includes('ON CONFLICT'))).toBe(false);
  });

  it('offers a scanning service to other plugins', async () => {
    const ctx = fakeContext();
    await make().body.setup!(ctx);
    expect(ctx.services.get('sensitive-words').mask('加微信')).toBe('***');
  });

  it('says what happened when the other nodes could not be told', async () => {
    const p = make();
    const redis = new FakeRedisBus().client();
    await p.body.setup!(fakeContext({ redis: { ...redis, publish: async () => Promise.reject(new Error('connection lost')) } }));
    await expect(p.listService.replace('shop', [{ word: '水货', category: 'fraud', action: 'reject' }], 'admin')).rejects.toThrow(
      /list shop version 1 is stored and in use on this node, but the other nodes were not told .*connection lost/,
    );
    await expect(p.beforeCreate(draft('水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
  });

  describe('resynchronising from the database', () => {
    // The word_list table of a fake database: what other nodes stored.
    const storedLists = () => {
      const rows = new Map<string, { name: string; content: string; version: number }>();
      const db = fakeDb((sql, params) => {
        if (sql.startsWith('SELECT name, version FROM')) return [...rows.values()].map(({ name, version }) => ({ name, version }));
        if (sql.startsWith('SELECT name, content, version FROM')) return [...rows.values()].filter((r) => (params[0] as string[]).includes(r.name));
        return [];
      });
      return { rows, db };
    };

    it('applies stored lists newer than its own, once, with one compile', async () => {
      const { rows, db } = storedLists();
      const p = make();
      await p.body.setup!(fakeContext({ db }));
      expect(await p.listService.resync()).toBe(0);
      rows.set('shop', { name: 'shop', content: '水货\tfraud\treject\n', version: 3 });
      rows.set('extra', { name: 'extra', content: '山寨\tfraud\treject\n', version: 1 });
      const before = p.store.current.version;
      expect(await p.listService.resync()).toBe(2);
      expect(p.store.current.version).toBe(before + 1);
      await expect(p.beforeCreate(draft('山寨水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
      expect(await p.listService.resync()).toBe(0);
      expect(p.listService.status().lists.find((l) => l.name === 'shop')).toMatchObject({ version: 3 });
      await p.body.teardown!(fakeContext());
    });

    it('resyncs when its subscriber reconnects: a notice lost meanwhile still arrives', async () => {
      const { rows, db } = storedLists();
      const bus = new FakeRedisBus();
      const p = make();
      await p.body.setup!(fakeContext({ db, redis: bus.client(), nodeId: 'b' }));
      // Another node stored version 2 while this one's subscriber was away: no notice came.
      rows.set('shop', { name: 'shop', content: '水货\tfraud\treject\n', version: 2 });
      bus.reconnect();
      await vi.waitFor(() => expect(p.listService.status().lists.find((l) => l.name === 'shop')).toMatchObject({ version: 2 }));
      await expect(p.beforeCreate(draft('水货'), { actor: customer, signal })).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
      await p.body.teardown!(fakeContext());
    });

    it('resyncs every resyncMs', async () => {
      const { rows, db } = storedLists();
      const p = createSensitiveWords(sensitiveWordsOptions.parse({ resyncMs: 20 }));
      await p.body.setup!(fakeContext({ db }));
      rows.set('shop', { name: 'shop', content: '水货\tfraud\treject\n', version: 1 });
      await vi.waitFor(() => expect(p.listService.status().lists.find((l) => l.name === 'shop')).toMatchObject({ version: 1 }));
      await p.body.teardown!(fakeContext());
      const queries = db.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(db.calls.length).toBe(queries);
    });
  });
});
