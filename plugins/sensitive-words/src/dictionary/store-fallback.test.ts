import { describe, expect, it, vi } from 'vitest';
import { parseWordList } from './parse.js';
import { DictionaryStore } from './store.js';

// A worker that cannot run (no loader for the sources, a thread limit): the change must still apply.
vi.mock('../matcher/compile-off-thread.js', () => ({
  compileDictionaryOffThread: async () => {
    throw new Error('no worker here');
  },
}));

describe('DictionaryStore without a working compile worker', () => {
  it('compiles in place, reports why, and applies the change', async () => {
    const failures: unknown[] = [];
    const store = new DictionaryStore(new Map([['a', parseWordList('傻逼')]]), [], {}, { offThreadFrom: 1, onOffThreadFailure: (e) => failures.push(e) });
    expect(await store.replaceList('b', parseWordList('刷单'))).toBe(2);
    expect(store.matcher.scan('傻逼 刷单').map((h) => h.word)).toEqual(['傻逼', '刷单']);
    expect(failures).toMatchObject([{ message: 'no worker here' }]);
  });

  it('still refuses a list that cannot compile, keeping the old one', async () => {
    const store = new DictionaryStore(new Map([['a', parseWordList('傻逼')]]), [], {}, { offThreadFrom: 1 });
    const before = store.matcher;
    await expect(store.replaceList('bad', [{ word: 42 as unknown as string, category: 'x', action: 'mask' }])).rejects.toThrow();
    expect(store.matcher).toBe(before);
  });
});
