/**
 * The PostgreSQL schema a package owns: `@keeper/plugin-sensitive-words` → `keeper_sensitive_words`,
 * `@acme/keeper-plugin-vip` → `keeper_acme_vip`. Stable, so renaming is a migration, not an accident.
 */
export function schemaNameFor(packageName: string): string {
  if (packageName === '@keeper/core') return 'keeper_core';
  const [scope, name] = packageName.startsWith('@') ? packageName.slice(1).split('/', 2) : [undefined, packageName];
  const base = (name ?? '').replace(/^keeper-/, '').replace(/^plugin-/, '');
  const parts = scope && scope !== 'keeper' ? [scope.replace(/^keeper-/, ''), base] : [base];
  const ident = `keeper_${parts.join('_')}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/_+/g, '_').slice(0, 63);
  return ident.replace(/_$/, '');
}
