import { describe, expect, it } from 'vitest';
import { StatementNames } from './prepared-statements.js';

describe('StatementNames', () => {
  it('names a text from its second use, the same name every time and in every process', () => {
    const names = new StatementNames();
    const sql = 'SELECT * FROM t WHERE id = $1';
    expect(names.nameFor(sql)).toBeUndefined();
    const name = names.nameFor(sql);
    expect(name).toMatch(/^keeper_[0-9a-f]{24}$/);
    expect(names.nameFor(sql)).toBe(name);
    const other = new StatementNames();
    other.nameFor(sql);
    expect(other.nameFor(sql)).toBe(name);
    expect(names.nameFor('SELECT * FROM t WHERE id = $2')).toBeUndefined();
  });

  it('prepares at most max texts; the rest run unnamed, the first keep their names', () => {
    const names = new StatementNames(3);
    const texts = Array.from({ length: 5 }, (_, i) => `SELECT ${i} WHERE $1`);
    const got = texts.map((sql) => [names.nameFor(sql), names.nameFor(sql)][1]);
    expect(got.slice(0, 3).every((n) => n !== undefined)).toBe(true);
    expect(got.slice(3)).toEqual([undefined, undefined]);
    expect(names.size).toBe(3);
    expect(names.nameFor(texts[0]!)).toBe(got[0]);
  });

  it('forgets counts of texts seen once when there are too many of them, so varying texts cannot pile up', () => {
    const names = new StatementNames();
    for (let i = 0; i < 5000; i++) expect(names.nameFor(`SELECT * FROM t WHERE id IN (${'$1,'.repeat(i)}$1)`)).toBeUndefined();
    expect(names.size).toBe(0);
  });
});
