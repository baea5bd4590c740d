import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export type Dialect = 'pglite' | 'postgres';

/** A row as returned by `query`: column name → value. `int8` and `numeric` are strings on both dialects. */
export type Row = Record<string, unknown>;

/** The subset of pino's API this package logs through (any pino logger or the SDK's `Logger` fits). */
export interface DbLogger {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** Something SQL can be sent to: the database, a transaction, or a pinned session. */
export interface Queryable {
  /** Runs one statement with `$1..$n` parameters and returns its rows. */
  query<R = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several `;`-separated statements without parameters (migrations, DDL). */
  exec(script: string): Promise<void>;
}

/** One connection held for a while (pg: a pooled client; PGlite: the instance under a per-process mutex). */
export interface Session extends Queryable {
  /** BEGIN … COMMIT on this session's connection; ROLLBACK and rethrow when `fn` throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** The Prisma 7 driver adapter factory type for `new PrismaClient({ adapter })`. */
export type PrismaAdapterFactory = SqlMigrationAwareDriverAdapterFactory;

/**
 * A database handle scoped to one package's PostgreSQL schema. Structurally the SDK's `DatabaseHandle`
 * (with `adapter` typed precisely), so core can hand it to plugins as `ctx.db`.
 */
export interface SchemaHandle extends Queryable {
  /** `keeper_<package>`; the package's migrations create their tables here. */
  readonly schema: string;
  readonly dialect: Dialect;
  /** For the package's generated client: `new PrismaClient({ adapter: handle.adapter })`. */
  readonly adapter: PrismaAdapterFactory;
}

export interface Database extends Queryable {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction and resolves after COMMIT. On PGlite transactions are serialised with
   * every other statement (one connection); use `tx` inside `fn`, never the database itself.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Holds one connection for `fn` (session-level advisory locks, several transactions on one connection). */
  session<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** Resolves when the database answers `SELECT 1`; rejects otherwise. */
  ping(): Promise<void>;
  /** Ends the pool / closes PGlite. Idempotent. */
  close(): Promise<void>;
  /**
   * A Prisma driver adapter factory over this database's one pool (pg) or instance (PGlite). Cached per
   * `schema`; creating clients from it never opens another pool.
   */
  adapterFactory(options?: { schema?: string }): PrismaAdapterFactory;
  /** A handle for one package's schema (validated PostgreSQL identifier). */
  withSchema(schema: string): SchemaHandle;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL (usually `DATABASE_URL`). Absent: embedded PGlite. */
  url?: string;
  /** PGlite data folder (default `./.keeper/data`); `memory://` keeps everything in memory (tests). */
  dataDir?: string;
  logger?: DbLogger;
  /** pg pool size (default 10). Ignored for PGlite, which has exactly one connection. */
  poolSize?: number;
  /**
   * Run repeated statements as named prepared statements, planned once per connection (default true).
   * Turn off behind a pooler that cannot carry them (PgBouncer in transaction mode before 1.21).
   * Ignored for PGlite.
   */
  preparedStatements?: boolean;
}
