import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';

const schema = buildSchema('type Query { a: Int b: Int c: Int d: Int }');

describe('DocumentCache', () => {
  it('parses a query text once: a hit returns the same document', () => {
    const cache = new DocumentCache(schema, 3);
    const first = cache.get('{ a }');
    expect(first.document).toBeDefined();
    expect(cache.get('{ a }')).toBe(first);
    expect(cache.get(`{ ${'a'} }`).document).toBe(first.document); // an equal text from another message
  });

  it('caches validation errors as well', () => {
    const cache = new DocumentCache(schema, 3);
    const bad = cache.get('{ nope }');
    expect(bad.errors?.[0]?.message).toMatch(/nope/);
    expect(cache.get('{ nope }')).toBe(bad);
  });

  it('stays within its bound, evicting the oldest entry not used since (second chance)', () => {
    const cache = new DocumentCache(schema, 3);
    const a = cache.get('{ a }');
    const b = cache.get('{ b }');
    cache.get('{ c }');
    cache.get('{ a }'); // a is used: it survives the next eviction, b (unused) goes
    cache.get('{ d }');
    expect(cache.size).toBe(3);
    expect(cache.get('{ a }')).toBe(a);
    expect(cache.get('{ b }')).not.toBe(b); // parsed again
    expect(cache.size).toBe(3);
  });

  it('evicts even when every entry was used (each loses its mark once)', () => {
    const cache = new DocumentCache(schema, 2);
    const a = cache.get('{ a }');
    const b = cache.get('{ b }');
    cache.get('{ a }');
    cache.get('{ b }');
    cache.get('{ c }'); // both marked: marks cleared in order, then a (the oldest) goes
    expect(cache.size).toBe(2);
    expect(cache.get('{ b }')).toBe(b);
    expect(cache.get('{ a }')).not.toBe(a);
  });
});
