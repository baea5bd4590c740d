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
 * The PostgreSQL schema a package owns — the same rule as @keeper/core's (so the CLI and core can share
 * this one): `@keeper/core` → `keeper_core`, `@keeper/plugin-sensitive-words` → `keeper_sensitive_words`,
 * `@acme/keeper-plugin-vip` → `keeper_acme_vip`. Stable: renaming a schema is a migration, not an accident.
 */
export function schemaNameFor(packageName: string): string {
  if (packageName === '@keeper/core') return 'keeper_core';
  const [scope, name] = packageName.startsWith('@') ? packageName.slice(1).split('/', 2) : [undefined, packageName];
  const base = (name ?? '').replace(/^keeper-/, '').replace(/^plugin-/, '');
  const parts = scope && scope !== 'keeper' ? [scope.replace(/^keeper-/, ''), base] : [base];
  const ident = `keeper_${parts.join('_')}`
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .slice(0, 63);
  return assertIdentifier(ident.replace(/_$/, ''), `schema name derived from ${packageName}`);
}
