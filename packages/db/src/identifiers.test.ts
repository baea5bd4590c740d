import { describe, expect, it } from 'vitest';
import { assertIdentifier, quoteIdent, schemaNameFor } from './identifiers.js';

describe('schemaNameFor', () => {
  it.each([
    ['@keeper/core', 'keeper_core'],
    ['@keeper/sensitive-words', 'keeper_sensitive_words'],
    ['@keeper/plugin-sensitive-words', 'keeper_sensitive_words'],
    ['@acme/keeper-plugin-vip', 'keeper_acme_vip'],
    ['@keeper-labs/chat', 'keeper_labs_chat'],
    ['keeper-plugin-orders', 'keeper_orders'],
    ['Analytics.Pro', 'keeper_analytics_pro'],
  ])('%s → %s', (pkg, schema) => {
    expect(schemaNameFor(pkg)).toBe(schema);
  });

  it('stays within 63 bytes and a valid identifier', () => {
    const long = schemaNameFor(`@acme/${'x'.repeat(80)}`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(() => assertIdentifier(long)).not.toThrow();
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
