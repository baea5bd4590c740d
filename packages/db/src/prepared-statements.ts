import { createHash } from 'node:crypto';

/** How many distinct statement texts one process prepares at most (each is kept on every pooled connection). */
export const DEFAULT_MAX_PREPARED = 100;
/** A text is prepared from its second use: one-off statements (migrations, admin reads) are never kept. */
const USES_BEFORE_PREPARING = 2;
/** Texts counted but not yet prepared; past this the counts restart (texts that vary, like IN lists, stop piling up). */
const MAX_COUNTED = 1000;

/**
 * Chooses which statements run as named (server-side) prepared statements.
 *
 * PostgreSQL parses, analyses and plans an unnamed statement every time it runs; for the hot path's
 * statements that is most of their CPU (the message write: 0.55 ms of planning for a 10-message batch).
 * A named statement is parsed and planned once per connection (`pg` keeps track of which connection has
 * which), after which PostgreSQL reuses the plan. Only texts that repeat are prepared, at most `max` of
 * them, so statements whose text varies (an IN list per batch size) cannot fill the server's memory.
 *
 * Statements prepared this way must return the same columns for the life of the connection: a migration
 * that changes a table under a running process makes PostgreSQL refuse the old plan ("cached plan must not
 * change result type"). Keeper migrates before it serves. Turn preparing off (`preparedStatements: false`)
 * behind a pooler that does not carry prepared statements across server connections (PgBouncer in
 * transaction mode before 1.21).
 */
export class StatementNames {
  readonly #named = new Map<string, string>();
  readonly #uses = new Map<string, number>();
  readonly #max: number;

  constructor(max: number = DEFAULT_MAX_PREPARED) {
    this.#max = max;
  }

  /** The name to prepare `sql` under, or undefined to run it unnamed. */
  nameFor(sql: string): string | undefined {
    const named = this.#named.get(sql);
    if (named !== undefined || this.#named.size >= this.#max) return named;
    const uses = (this.#uses.get(sql) ?? 0) + 1;
    if (uses < USES_BEFORE_PREPARING) {
      if (this.#uses.size >= MAX_COUNTED) this.#uses.clear();
      this.#uses.set(sql, uses);
      return undefined;
    }
    this.#uses.delete(sql);
    // Derived from the text, so every process names a statement alike (recognisable in pg_prepared_statements).
    const name = `keeper_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    this.#named.set(sql, name);
    return name;
  }

  /** How many texts are prepared (for tests and diagnostics). */
  get size(): number {
    return this.#named.size;
  }
}
