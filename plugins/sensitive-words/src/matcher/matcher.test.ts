import { describe, expect, it } from 'vitest';
import { compileDictionary } from './compile.js';
import { Matcher } from './matcher.js';
import type { WordEntry } from './types.js';

const entry = (word: string, action: WordEntry['action'] = 'mask', category = 'test'): WordEntry => ({ word, category, action });
const words = ['加微信', '傻逼', 'fuck', 'ass', '赌博', '刷单', '返现好评', '淘宝店', '市长', '垃圾', 'vx', 'qq'].map((w) => entry(w));
const matcher = new Matcher(compileDictionary(words, ['垃圾袋', '长江大桥']));
const hitWords = (text: string) => matcher.scan(text).map((h) => h.word);

describe('Matcher evasion handling', () => {
  it.each([
    ['加~微~信', '加微信'],
    ['ｖｘ', 'vx'],
    ['ＦＵＣＫ', 'fuck'],
    ['傻*逼', '傻逼'],
    ['加威信', '加微信'],
    ['jia weixin', '加微信'],
    ['加weixin', '加微信'],
    ['jwx', '加微信'],
    ['shabi', '傻逼'],
    ['你是sb', '傻逼'],
    ['賭博', '赌博'],
    ['fuuuck', 'fuck'],
    ['傻傻逼', '傻逼'],
    ['Ⓕⓤⓒⓚ you', 'fuck'],
    ['𝐟𝐮𝐜𝐤', 'fuck'],
    ['🅵🆄🅲🅺', 'fuck'],
    ['f.u.c.k', 'fuck'],
    ['ѕhіt fuсk', 'fuck'],
    ['加🎉微🎉信', '加微信'],
    ['加\u200b微\u200d信', '加微信'],
    ['fxhp', '返现好评'],
    ['加我qq123', 'qq'],
    ['my ass', 'ass'],
    ['motherfucker', 'fuck'],
  ])('%s → %s', (text, word) => {
    expect(hitWords(text)).toContain(word);
  });

  it.each(['class', 'passion', 'c.l.a.s.s', '上海市长江大桥', '买个垃圾袋', 'usb接口', '1tb硬盘', '加~~~~~~微信号码', 'assessment'])(
    'does not flag %s',
    (text) => {
      expect(hitWords(text)).toEqual([]);
    },
  );

  it('reports spans in the original text and masks exactly them', () => {
    const text = '亲，加~微~信聊，别用ｖｘ';
    const hits = matcher.scan(text);
    expect(hits.map((h) => [h.word, h.text])).toEqual([
      ['加微信', '加~微~信'],
      ['vx', 'ｖｘ'],
    ]);
    expect(matcher.mask(text, hits)).toBe('亲，*****聊，别用**');
  });

  it('masks an astral character as one mask character', () => {
    expect(matcher.mask('加🎉微信')).toBe('****');
  });

  it('extends English hits over allowed suffixes so masking covers the word', () => {
    const [hit] = matcher.scan('fucking hell');
    expect(hit?.text).toBe('fucking');
  });

  it('bounds the noise inside one match', () => {
    const tight = new Matcher(compileDictionary(words, [], { maxNoiseGap: 1 }));
    expect(tight.scan('加~微~信').length).toBe(1);
    expect(tight.scan('加~~微~~信').length).toBe(0);
  });

  it('can turn evasion handling off', () => {
    const plain = new Matcher(compileDictionary(words, [], { repeats: false, pinyin: false, variants: {}, maxNoiseGap: 0 }));
    expect(plain.scan('fuuuck')).toEqual([]);
    expect(plain.scan('jia weixin')).toEqual([]);
    expect(plain.scan('加威信')).toEqual([]);
    expect(plain.scan('加~微信')).toEqual([]);
    expect(plain.scan('加微信').map((h) => h.word)).toEqual(['加微信']);
  });

  it('keeps category and action of the dictionary word', () => {
    const m = new Matcher(compileDictionary([entry('刷单', 'reject', 'fraud')]));
    expect(m.scan('shua单')).toMatchObject([{ word: '刷单', category: 'fraud', action: 'reject' }]);
  });

  it('finds overlapping words', () => {
    const m = new Matcher(compileDictionary([entry('加微信'), entry('微信')]));
    expect(m.scan('加微信').map((h) => h.word).sort()).toEqual(['加微信', '微信']);
  });
});

describe('Matcher spacing rules', () => {
  const m = new Matcher(compileDictionary([entry('微信'), entry('fuck'), entry('fuck you'), entry('加微信')]));
  it('counts a run of spaces once against the noise bound', () => {
    expect(m.scan('加      微      信').map((h) => h.word)).toContain('加微信');
  });
  it('does not join two English words into a variant', () => {
    expect(m.scan('we chat later')).toEqual([]);
    expect(m.scan('add my wechat').map((h) => h.word)).toEqual(['微信']);
  });
  it('still matches spelled-out letters, spaced pinyin and listed phrases with spaces', () => {
    expect(m.scan('f u c k').map((h) => h.word)).toEqual(['fuck']);
    expect(m.scan('jia wei xin').map((h) => h.word)).toContain('加微信');
    expect(m.scan('fuck you').map((h) => h.word).sort()).toEqual(['fuck', 'fuck you']);
  });
  it('treats flag emoji as noise, not letters', () => {
    expect(m.scan('加🇨🇳微信').map((h) => h.word)).toContain('加微信');
  });
});

describe('Matcher pinyin forms and English', () => {
  const m = new Matcher(compileDictionary([entry('嫦娥'), entry('妈的'), entry('淘宝店'), entry('尼玛死了')]));
  it('never generates a pinyin form that is a common English word', () => {
    expect(m.scan('I want to change my order, it was made in China')).toEqual([]);
  });
  it('keeps pinyin and initials that are not English', () => {
    expect(m.scan('tbd有货').map((h) => h.word)).toEqual(['淘宝店']);
    expect(m.scan('nmsl').map((h) => h.word)).toEqual(['尼玛死了']);
    expect(m.scan('taobaodian').map((h) => h.word)).toEqual(['淘宝店']);
  });
});

describe('Matcher starred and dropped vowels', () => {
  const m = new Matcher(compileDictionary([entry('fuck'), entry('bitch'), entry('shit')]));
  it.each(['f*ck', 'fck', 'b!tch', 'sh*t', 'F U C K', 'sh1t'])('%s', (text) => {
    if (text === 'sh1t') expect(m.scan(text)).toEqual([]);
    else expect(m.scan(text).length).toBe(1);
  });
  it('does not flag English words that look like a dropped-vowel form', () => {
    expect(m.scan('I like this shot, fix the batch')).toEqual([]);
  });
});

describe('Matcher initials in small and big lists', () => {
  it('reports every word of a small list that shares the initials', () => {
    const m = new Matcher(compileDictionary([entry('操你妈'), entry('草泥马')]));
    expect(m.scan('cnm').map((h) => h.word).sort()).toEqual(['操你妈', '草泥马']);
  });
  it('keeps only unique initials in a big list', () => {
    const filler = Array.from({ length: 5001 }, (_, i) => entry(`填充${String.fromCharCode(0x4e00 + (i % 2000))}${String.fromCharCode(0x5e00 + Math.floor(i / 2000))}`));
    const m = new Matcher(compileDictionary([entry('操你妈'), entry('草泥马'), entry('加微信'), ...filler]));
    expect(m.scan('cnm')).toEqual([]);
    expect(m.scan('jwx').map((h) => h.word)).toEqual(['加微信']);
  });
});

describe('Matcher input representations', () => {
  const m = new Matcher(compileDictionary([entry('加微信'), entry('fuck'), entry('ass')], ['垃圾袋']));
  const shifted = (text: string, by: number) => m.scan(text).map((h) => [h.word, h.start - by, h.end - by, h.text]);
  const samples = ['亲 加~威~信', '𝐟𝐮𝐜𝐤 off', 'my ass', 'a class', '加🎉微🎉信', 'Ⓕⓤⓒⓚ'];

  it('reports the same hits wherever the words sit in a long text', () => {
    const pad = '今天天气很好，订单已经发货了。'.repeat(8);
    for (const text of samples) {
      expect(shifted(`${pad}。${text}`, pad.length + 1)).toEqual(shifted(text, 0));
      expect(shifted(`${text}。${pad}`, 0)).toEqual(shifted(text, 0));
    }
  });

  it('gives the same result for sliced, concatenated and parsed strings', () => {
    const base = `xx${'加~威~信 and 𝐟𝐮𝐜𝐤 '.repeat(10)}yy`;
    const variants = [base, JSON.parse(JSON.stringify(base)) as string, `${base.slice(0, 40)}${base.slice(40)}`, `#${base}#`.slice(1, -1)];
    const expected = shifted(base, 0);
    expect(expected.length).toBe(20);
    for (const v of variants) expect(shifted(v, 0)).toEqual(expected);
  });

  it('ends a hit on an astral letter after its low surrogate', () => {
    const long = `${'.'.repeat(70)} 𝐟𝐮𝐜𝐤`;
    for (const text of ['𝐟𝐮𝐜𝐤', long]) expect(m.scan(text).map((h) => h.text)).toEqual(['𝐟𝐮𝐜𝐤']);
  });

  it('skips astral ignorables and treats astral symbols as noise in any plane', () => {
    // U+E0041 (a tag character, plane 14) is ignorable; U+1F600 and U+F0000 (private use) are noise.
    for (const text of ['加\u{E0041}微\u{E0041}信', '加\u{1F600}微\u{F0000}信', `${'-'.repeat(80)}加\u{E0041}微\u{F0000}信`]) {
      expect(m.scan(text).map((h) => h.word)).toEqual(['加微信']);
    }
    // A rare CJK character (plane 2) is a letter, not noise, so it breaks the word.
    expect(m.scan('加\u{20000}微信')).toEqual([]);
  });

  it('survives lone surrogates anywhere', () => {
    for (const text of ['\ud800', '\udc00', 'fuck\ud800', '\ud800fuck', `${'x'.repeat(70)}\ud83d`, 'a\udc00ss']) {
      for (const h of m.scan(text)) {
        expect(h.start).toBeGreaterThanOrEqual(0);
        expect(h.end).toBeLessThanOrEqual(text.length);
      }
    }
    expect(m.scan('fuck \ud800').map((h) => h.word)).toEqual(['fuck']);
  });
});
