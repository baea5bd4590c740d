import { describe, expect, it } from 'vitest';
import { compilePath, queryAll, queryOne } from './json-path.js';

const doc = { ergebnis: { auftraege: [{ id: 1, positionen: [{ nr: 'A' }, { nr: 'B' }] }, { id: 2, positionen: [] }] }, 'odd key': { x: 1 }, größe: 'XL' };

describe('json-path', () => {
  it('selects keys, indexes, wildcards and quoted names', () => {
    expect(queryOne(doc, '$.ergebnis.auftraege[0].id')).toBe(1);
    expect(queryOne(doc, '$.ergebnis.auftraege[-1].id')).toBe(2);
    expect(queryAll(doc, '$.ergebnis.auftraege[*].positionen[*].nr')).toEqual(['A', 'B']);
    expect(queryOne(doc, "$['odd key'].x")).toBe(1);
    expect(queryOne(doc, '$.größe')).toBe('XL');
    expect(queryOne(doc, '$')).toBe(doc);
  });

  it('selects nothing for missing paths instead of throwing', () => {
    expect(queryAll(doc, '$.nope.deeper[*]')).toEqual([]);
    expect(queryOne(doc, '$.ergebnis.auftraege[9]')).toBeUndefined();
  });

  it('rejects anything that is not the safe subset', () => {
    expect(() => compilePath('ergebnis')).toThrow(/start with/);
    expect(() => compilePath('$..id')).toThrow(/recursive/);
    expect(() => compilePath('$[?(@.id>1)]')).toThrow(/unsupported/);
  });
});
