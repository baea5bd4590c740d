import { describe, expect, it } from 'vitest';
import { canonicalValue, labelOfKey } from './aliases.js';
import { canonicalQuantity, foldText, normKey, parseNumber } from './normalize.js';

describe('normalisation', () => {
  it('folds case and full-width forms without changing offsets', () => {
    expect(foldText('ＸＬ码 Air')).toBe('xl码 air');
    expect(foldText('＃999').length).toBe(4);
    expect(normKey('X L')).toBe('xl');
  });

  it('parses Arabic and Chinese numbers', () => {
    expect(parseNumber('250')).toBe(250);
    expect(parseNumber('两百五十')).toBe(250);
    expect(parseNumber('二百零五')).toBe(205);
    expect(parseNumber('十二')).toBe(12);
    expect(parseNumber('一万二千')).toBe(12000);
    expect(parseNumber('二')).toBe(2);
    expect(parseNumber('粉')).toBeNull();
  });

  it('canonicalises quantities across spellings and units', () => {
    const key = (s: string) => {
      const q = canonicalQuantity(s);
      return q && `${q.value}${q.unit}`;
    };
    expect(key('两百五十毫升')).toBe('250ml');
    expect(key('250ML')).toBe('250ml');
    expect(key('250 ml')).toBe('250ml');
    expect(key('1L')).toBe('1000ml');
    expect(key('二段')).toBe('2段');
    expect(key('256GB')).toBe(key('256G'));
    expect(key('1TB')).toBe(key('1024g'));
    expect(key('2斤')).toBe(key('1kg'));
    expect(key('30片装')).toBe('30片');
    expect(key('10000mAh')).toBe('10000mah');
    expect(key('三天后')).toBeNull();
  });

  it('maps colour, size and flavour aliases to one canonical value', () => {
    const color = (s: string) => canonicalValue('COLOR', s);
    expect(new Set(['粉色', '粉的', '粉', '粉红', 'pink', 'PINK', '粉红色'].map(color))).toEqual(new Set([color('粉色')]));
    const size = (s: string) => canonicalValue('SIZE', s);
    expect(new Set(['XL', 'xl', 'X L', '加大码', 'XL码', 'xl号', 'ＸＬ'].map(size))).toEqual(new Set(['xl']));
    expect(size('42码')).toBe(size('42'));
    expect(size('2XL')).toBe(size('XXL'));
    expect(canonicalValue('FLAVOR', '草莓味')).toBe(canonicalValue('FLAVOR', '草莓'));
    expect(canonicalValue('FLAVOR', '玫瑰香')).toBe(canonicalValue('FLAVOR', '玫瑰'));
    expect(canonicalValue('SPEC', '二段')).toBe(canonicalValue('SPEC', '2段'));
    expect(canonicalValue('COLOR', '#999')).toBe(canonicalValue('COLOR', '999号'));
  });

  it('uses shop aliases before the built-ins', () => {
    expect(canonicalValue('COLOR', '少女粉', { COLOR: { 少女粉: '粉色' } })).toBe(canonicalValue('COLOR', '粉色'));
  });

  it('maps attribute keys to labels, unknown keys to SPEC', () => {
    expect(labelOfKey('colour')).toBe('COLOR');
    expect(labelOfKey('shade')).toBe('COLOR');
    expect(labelOfKey('尺码')).toBe('SIZE');
    expect(labelOfKey('scent')).toBe('FLAVOR');
    expect(labelOfKey('volume')).toBe('SPEC');
    expect(labelOfKey('wattage')).toBe('SPEC');
  });
});
