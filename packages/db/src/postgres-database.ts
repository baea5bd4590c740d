import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { StatementNames } from './prepared-statements.js';
import { redact } from './redact.js';
import { createSchemaHandle } from './schema-handle.js';
import type { Database, DbLogger, PrismaAdapterFactory, Queryable, Row, SchemaHandle, Session } from './types.js';

/** Runs one statement on the pool or a client, as a named prepared statement when `names` picks it. */
async function run<R>(target: pg.Pool | pg.PoolClient, names: StatementNames | null, sql: string, params: readonly unknown[]): Promise<R[]> {
  // Without parameters pg would use the simple protocol; those are scripts and one-offs, not worth a name.
  const name = names !== null && params.length > 0 ? names.nameFor(sql) : undefined;
  const result = await target.query(name === undefined ? sql : { name, text: sql }, params as unknown[]);
  return result.rows as R[];
}

function clientQueryable(client: pg.PoolClient, names: StatementNames | null): Queryable {
  return {
    query: <R = Row>(sql: string, params: readonly unknown[] = []) => run<R>(client, names, sql, params),
    // Without parameters pg uses the simple query protocol, which accepts several statements.
    exec: async (script: string) => {
      await client.query(script);
    },
  };
}

/** Marks errors after which the connection's state is unknown (BEGIN, COMMIT or ROLLBACK itself failed). */
class ConnectionStateUnknown extends Error {}

async function control(client: pg.PoolClient, sql: 'BEGIN' | 'COMMIT'): Promise<pg.QueryResult> {
  try {
    return await client.query(sql);
  } catch (error) {
    throw new ConnectionStateUnknown(`${sql} failed: ${(error as Error).message}`, { cause: error });
  }
}

/** BEGIN … COMMIT on one client. `ConnectionStateUnknown`/`AggregateError` mean: do not reuse the client. */
async function runTransaction<T>(client: pg.PoolClient, names: StatementNames | null, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  await control(client, 'BEGIN');
  let result: T;
  try {
    result = await fn(clientQueryable(client, names));
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      throw new AggregateError([error, rollbackError], 'transaction failed and ROLLBACK failed too');
    }
    throw error;
  }
  // After a failed statement PostgreSQL answers COMMIT with ROLLBACK and no error: never report success then.
  const commit = await control(client, 'COMMIT');
  if (commit.command === 'ROLLBACK') {
    throw new Error('transaction rolled back: a statement inside it failed (its error was caught by the callback)');
  }
  return result;
}

/** PostgreSQL server through one `pg` Pool per process, shared by raw queries and every Prisma client. */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #logger: DbLogger;
  readonly #adapters = new Map<string, PrismaAdapterFactory>();
  /** Null when prepared statements are turned off. */
  readonly #names: StatementNames | null;
  #closed: Promise<void> | undefined;

  private constructor(pool: pg.Pool, logger: DbLogger, preparedStatements: boolean) {
    this.#pool = pool;
    this.#logger = logger;
    this.#names = preparedStatements ? new StatementNames() : null;
  }

  static async open(url: string, poolSize: number, logger: DbLogger, preparedStatements = true): Promise<PostgresDatabase> {
    // application_name makes Keeper's sessions recognisable in pg_stat_activity (unless the URL sets one).
    const pool = new pg.Pool({ application_name: 'keeper', connectionString: url, max: poolSize });
    // Without a listener an idle client's error (server restart) would crash the process.
    pool.on('error', (error) => logger.error({ err: error }, 'idle PostgreSQL client failed'));
    const db = new PostgresDatabase(pool, logger, preparedStatements);
    try {
      await db.ping();
    } catch (error) {
      await pool.end();
      throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${(error as Error).message}`, { cause: error });
    }
    logger.info({ dialect: 'postgres', url: redact(url), poolSize, preparedStatements }, 'database opened');
    return db;
  }

  /** The shared pool, for tools that need `pg` itself (LISTEN, COPY). */
  get pool(): pg.Pool {
    return this.#pool;
  }

  query<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return run<R>(this.#pool, this.#names, sql, params);
  }

  async exec(script: string): Promise<void> {
    await this.#pool.query(script);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      return await runTransaction(client, this.#names, fn);
    } catch (error) {
      if (error instanceof AggregateError || error instanceof ConnectionStateUnknown) broken = error;
      throw error;
    } finally {
      // A client whose BEGIN/COMMIT/ROLLBACK failed may be mid-transaction or dead: destroy, never reuse.
      client.release(broken);
    }
  }

  async session<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let failed: Error | undefined;
    try {
      return await fn({
        ...clientQueryable(client, this.#names),
        transaction: (inner) => runTransaction(client, this.#names, inner),
      });
    } catch (error) {
      // Session state (advisory locks, settings) must not leak to the next borrower: discard the client.
      failed = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(failed);
    }
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.end().then(() => this.#logger.info({ dialect: 'postgres' }, 'database closed'));
    return this.#closed;
  }

  adapterFactory(options: { schema?: string } = {}): PrismaAdapterFactory {
    const key = options.schema ?? '';
    let factory = this.#adapters.get(key);
    if (!factory) {
      factory = new PrismaPg(this.#pool, {
        ...(options.schema ? { schema: options.schema } : {}),
        onPoolError: (error) => this.#logger.error({ err: error }, 'PostgreSQL pool error (Prisma)'),
      });
      this.#adapters.set(key, factory);
    }
    return factory;
  }

  withSchema(schema: string): SchemaHandle {
    return createSchemaHandle(this, schema);
  }
}
