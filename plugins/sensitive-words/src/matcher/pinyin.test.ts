import { readFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { parseWordList } from '../dictionary/parse.js';
import { clearPinyinCache, hanSyllables, singleReadings } from './pinyin.js';
import { syntheticWords } from '../../test/support/words.js';

describe('pinyin syllables', () => {
  it('reads polyphones in context and plain characters from the table', () => {
    clearPinyinCache();
    expect(hanSyllables(['银行', '行走', '加微信', '长江', '重庆', 'abc', '微', '加v信', '\u{20000}'])).toEqual([
      ['yin', 'hang'],
      ['xing', 'zou'],
      ['jia', 'wei', 'xin'],
      ['chang', 'jiang'],
      ['chong', 'qing'],
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('gives the same per-character readings as one pinyin() call per character', () => {
    // The table is filled by one polyphonic() call over many characters; this keeps it honest
    // against pinyin-pro's per-character answer (a pinyin-pro upgrade that changed either shows here).
    clearPinyinCache();
    const words = parseWordList(readFileSync(new URL('../../data/default-words.tsv', import.meta.url), 'utf8')).map((e) => e.word);
    const chars = [...new Set(words.flatMap((w) => [...w]).filter((ch) => /\p{Script=Han}/u.test(ch)))];
    chars.push('行', '长', '了', '的', '重', '乐', '𠀀', '〇');
    const expected = chars.map((ch) => {
      const all = pinyin(ch, { toneType: 'none', type: 'array', v: true, multiple: true }) as string[];
      return new Set(all).size === 1 && /^[a-z]+$/.test(all[0] ?? '') ? all[0]! : null;
    });
    expect(singleReadings(chars)).toEqual(expected);
  });

  it('caches the word-level pass across builds without changing the result', () => {
    clearPinyinCache();
    const words = ['银行卡', '快乐', '音乐', '加微信'];
    const first = hanSyllables(words);
    expect(hanSyllables(words)).toEqual(first);
    expect(hanSyllables([...words].reverse())).toEqual([...first].reverse());
  });

  it('reads a word the same whichever words were compiled before or with it', () => {
    // Synthetic 4-character words of common characters: joined into one word-level pass, 46 of these 20,000
    // were read differently (法的在行: xing or hang) after the process had compiled the 60,000 first.
    const all = syntheticWords(60_000);
    const some = all.slice(10_000, 30_000);
    clearPinyinCache();
    const fresh = hanSyllables(some);
    clearPinyinCache();
    hanSyllables(all);
    expect(hanSyllables(some)).toEqual(fresh);
    expect(fresh[some.indexOf('法的在行')]).toEqual(['fa', 'de', 'zai', 'hang']);
  });
});
