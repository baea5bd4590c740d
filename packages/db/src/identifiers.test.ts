import { describe, expect, it } from 'vitest';
import { assertIdentifier, quoteIdent, schemaNameFor } from './identifiers.js';

describe('schemaNameFor', () => {
  it.each([
    ['@keeper/core', 'keeper_core'],
    ['@keeper/sensitive-words', 'keeper_sensitive_words'],
    ['@acme/chat', 'keeper_acme_chat'],
    ['keeper-plugin-orders', 'keeper_plugin_orders'],
    ['Analytics.Pro', 'keeper_analytics_pro'],
  ])('%s → %s', (pkg, schema) => {
    expect(schemaNameFor(pkg)).toBe(schema);
    expect(assertIdentifier(schemaNameFor(pkg))).toBe(schema);
  });

  it('keeps long names unique and within 63 bytes', () => {
    const a = schemaNameFor(`@acme/${'x'.repeat(80)}-one`);
    const b = schemaNameFor(`@acme/${'x'.repeat(80)}-two`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(() => assertIdentifier(a)).not.toThrow();
  });

  it('rejects names with nothing usable', () => {
    expect(() => schemaNameFor('@@/--')).toThrow(/Cannot derive/);
  });
});

describe('identifiers', () => {
  it('quotes only safe identifiers', () => {
    expect(quoteIdent('keeper_core')).toBe('"keeper_core"');
    expect(() => quoteIdent('x"; DROP TABLE y; --')).toThrow(/Invalid identifier/);
    expect(() => quoteIdent('Upper')).toThrow();
    expect(() => quoteIdent('9lives')).toThrow();
  });
});
