import { describe, expect, it } from 'vitest';
import { parseAllowList, parseWordList, WordListError } from './parse.js';
import { DictionaryStore } from './store.js';

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
  it('swaps in a replaced list atomically and keeps the others', () => {
    const store = new DictionaryStore(new Map([['a', parseWordList('傻逼')], ['b', parseWordList('刷单')]]));
    const before = store.matcher;
    expect(before.scan('刷单 傻逼').map((h) => h.word)).toEqual(['刷单', '傻逼']);
    const version = store.replaceList('a', parseWordList('赌博\tgambling\treject'));
    expect(version).toBe(2);
    expect(store.matcher.scan('刷单 傻逼 赌博').map((h) => h.word)).toEqual(['刷单', '赌博']);
    // A scan that captured the old matcher keeps a complete dictionary.
    expect(before.scan('傻逼').length).toBe(1);
  });

  it('builds a 60,000-word dictionary', () => {
    const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';
    const unique = new Set<string>();
    for (let i = 0; unique.size < 60_000; i++) {
      unique.add(chars[i % 67]! + chars[Math.floor(i / 67) % 67]! + chars[Math.floor(i / 4489) % 67]! + chars[(i * 31) % 67]!);
    }
    const words = [...unique];
    const store = new DictionaryStore(new Map([['big', parseWordList(words.join('\n'))]]));
    expect(store.matcher.dict.stats.words).toBe(60_000);
    expect(store.matcher.scan(`xx${words[12345]}yy`).some((h) => h.word === words[12345])).toBe(true);
  });
});
