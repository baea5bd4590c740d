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
