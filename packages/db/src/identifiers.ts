import { createHash } from 'node:crypto';

/** Lower-case PostgreSQL identifiers only: no quoting surprises, and safe to interpolate into DDL. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`Invalid ${what} "${name}": use lower-case letters, digits and _ (at most 63, not starting with a digit)`);
  }
  return name;
}

/** Double-quotes an identifier that passed `assertIdentifier`. */
export function quoteIdent(name: string): string {
  return `"${assertIdentifier(name)}"`;
}

/**
 * The PostgreSQL schema a package's tables live in: `@keeper/core` → `keeper_core`,
 * `@keeper/sensitive-words` → `keeper_sensitive_words`, `@acme/chat` → `keeper_acme_chat` (foreign scopes
 * stay in the name so they cannot collide with ours), `keeper-plugin-x` → `keeper_plugin_x`. Names longer
 * than PostgreSQL's 63 bytes are cut and suffixed with a hash of the full name, so they stay unique.
 */
export function schemaNameFor(packageName: string): string {
  const match = /^@([^/]+)\/(.+)$/.exec(packageName);
  const parts = match ? (match[1] === 'keeper' ? [match[2]] : [match[1], match[2]]) : [packageName];
  const body = parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!body) throw new Error(`Cannot derive a schema name from package name "${packageName}"`);
  const name = body.startsWith('keeper_') ? body : `keeper_${body}`;
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(packageName).digest('hex').slice(0, 8);
  return `${name.slice(0, 54)}_${hash}`;
}
