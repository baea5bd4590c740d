import { describe, expect, it } from 'vitest';
import { parseAllowList, parseWordList, WordListError } from './parse.js';
import { DictionaryStore } from './store.js';
import { syntheticWords } from '../../test/support/words.js';

describe('parseWordList', () => {
  it('reads plain words and word<TAB>category<TAB>action lines, skipping comments and duplicates', () => {
    const entries = parseWordList('# comment\n傻逼\n刷单\tfraud\treject\n\n加微信\tcontact\n刷单\tx\tflag\n', { list: 'base' });
    expect(entries).toEqual([
      { word: '傻逼', category: 'default', action: 'mask', list: 'base' },
      { word: '刷单', category: 'fraud', action: 'reject', list: 'base' },
      { word: '加微信', category: 'contact', action: 'mask', list: 'base' },
    ]);
  });

  it('names the list and line of an unknown action', () => {
    expect(() => parseWordList('ok\nbad\tx\tdelete\n', { list: 'shop' })).toThrow(WordListError);
    expect(() => parseWordList('ok\nbad\tx\tdelete\n', { list: 'shop' })).toThrow('shop:2');
  });

  it('reads allow-lists', () => {
    expect(parseAllowList('垃圾袋\n# x\n\n长江大桥\n')).toEqual(['垃圾袋', '长江大桥']);
  });
});

describe('DictionaryStore', () => {
  it('swaps in a replaced list atomically and keeps the others', async () => {
    const store = new DictionaryStore(new Map([['a', parseWordList('傻逼')], ['b', parseWordList('刷单')]]));
    const before = store.matcher;
    expect(before.scan('刷单 傻逼').map((h) => h.word)).toEqual(['刷单', '傻逼']);
    const version = await store.replaceList('a', parseWordList('赌博\tgambling\treject'));
    expect(version).toBe(2);
    expect(store.matcher.scan('刷单 傻逼 赌博').map((h) => h.word)).toEqual(['刷单', '赌博']);
    // A scan that captured the old matcher keeps a complete dictionary.
    expect(before.scan('傻逼').length).toBe(1);
  });

  it('builds a 60,000-word dictionary', () => {
    const words = syntheticWords(60_000);
    const store = new DictionaryStore(new Map([['big', parseWordList(words.join('\n'))]]));
    expect(store.matcher.dict.stats.words).toBe(60_000);
    expect(store.matcher.scan(`xx${words[12345]}yy`).some((h) => h.word === words[12345])).toBe(true);
  });

  it('compiles a big dictionary in a worker thread while the old matcher keeps serving', async () => {
    const words = syntheticWords(30_000);
    const options = {};
    const store = new DictionaryStore(new Map([['big', parseWordList(words.slice(0, 20_000).join('\n'))]]), ['长江大桥'], options, { offThreadFrom: 1000 });
    const before = store.matcher;
    const replaced = store.replaceList('big', parseWordList(words.slice(10_000).join('\n')));
    // The event loop turns while it compiles (a synchronous compile would finish before the first turn).
    let turns = 0;
    let done = false;
    void replaced.then(() => {
      done = true;
    });
    while (!done && turns < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
      if (!done) expect(store.matcher).toBe(before);
    }
    expect(turns).toBe(5);
    expect(await replaced).toBe(2);
    const after = store.matcher;
    expect(after).not.toBe(before);
    expect(after.dict.stats.words).toBe(20_000);
    expect(after.scan(`xx${words[25_000]}yy`).map((h) => h.word)).toEqual([words[25_000]]);
    expect(after.scan(`xx${words[5_000]}yy`)).toEqual([]);
    // The same automaton as compiled in place, and the same answers with categories and allow-list.
    const inPlace = new DictionaryStore(new Map([['big', parseWordList(words.slice(10_000).join('\n'))]]), ['长江大桥'], options).matcher;
    // (Byte compares: toEqual walks a typed array of millions element by element.)
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const part of ['nodes', 'bigram', 'outStart', 'outLen', 'outs', 'patLen'] as const) {
      expect(bytes(after.dict.automaton[part]).equals(bytes(inPlace.dict.automaton[part])), part).toBe(true);
    }
    for (const part of ['symTab', 'alphaOfNorm', 'patWord', 'patFlags'] as const) {
      expect(bytes(after.dict[part]).equals(bytes(inPlace.dict[part])), part).toBe(true);
    }
    expect(after.dict.table).toBe(inPlace.dict.table);
    const text = `${words[15_000]} 长江大桥 ${words[29_999]}`;
    expect(after.scan(text)).toEqual(inPlace.scan(text));
  });

  it('runs changes one at a time, each from what the previous installed', async () => {
    const store = new DictionaryStore(new Map([['a', parseWordList('傻逼')]]), [], {}, { offThreadFrom: 1 });
    const first = store.replaceList('b', parseWordList('刷单'));
    const second = store.replaceList('c', parseWordList('赌博'));
    const third = store.removeList('a');
    expect(await Promise.all([first, second, third])).toEqual([2, 3, 4]);
    expect(store.matcher.scan('傻逼 刷单 赌博').map((h) => h.word)).toEqual(['刷单', '赌博']);
    expect([...store.current.lists.keys()]).toEqual(['b', 'c']);
  });

  it('keeps the current dictionary when a compile fails, and goes on with the next change', async () => {
    const store = new DictionaryStore(new Map([['a', parseWordList('傻逼')]]), [], {}, { offThreadFrom: 1 });
    const before = store.matcher;
    // An entry without its text (the GraphQL and file paths never make one) fails inside the worker.
    await expect(store.replaceList('bad', [{ word: 42 as unknown as string, category: 'x', action: 'mask' }])).rejects.toThrow();
    expect(store.matcher).toBe(before);
    expect(store.current.version).toBe(1);
    expect(await store.replaceAllowList(['傻逼了'])).toBe(2);
    expect(store.matcher.scan('傻逼了')).toEqual([]);
  });
});
