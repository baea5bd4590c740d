import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { Mutex } from './mutex.js';
import { KeeperPgliteAdapterFactory } from './pglite-adapter.js';
import { createSchemaHandle } from './schema-handle.js';
import type { Database, DbLogger, PrismaAdapterFactory, Queryable, Row, SchemaHandle, Session } from './types.js';

/** PGlite parses int8 into a JS number (lossy above 2^53); pg returns strings. Keep both lossless and equal. */
const parsers = {
  [types.INT8]: (value: string) => value,
};

/** Marks "we are inside this database's transaction" so a nested call fails fast instead of deadlocking. */
const insideTransaction = new AsyncLocalStorage<PgliteDatabase>();

/**
 * Embedded PostgreSQL. PGlite has one connection: its own mutex runs a transaction exclusively, so other
 * queries wait for COMMIT instead of interleaving with it. That is correct but means a query issued on the
 * database (not on `tx`) from inside the transaction would wait forever; we turn that into an error.
 */
export class PgliteDatabase implements Database {
  readonly dialect = 'pglite' as const;
  readonly #pglite: PGlite;
  readonly #logger: DbLogger;
  readonly #sessions = new Mutex();
  readonly #adapters = new Map<string, PrismaAdapterFactory>();
  #closed: Promise<void> | undefined;

  readonly #unlock: () => void;

  private constructor(pglite: PGlite, logger: DbLogger, unlock: () => void) {
    this.#pglite = pglite;
    this.#logger = logger;
    this.#unlock = unlock;
  }

  /**
   * `loadDataDir` starts from a dump (`dumpDataDir()`) instead of running initdb, which costs seconds in
   * WebAssembly; tests use it to get a fresh database in a fraction of a second.
   */
  static async open(dataDir: string, logger: DbLogger, loadDataDir?: Blob): Promise<PgliteDatabase> {
    const inMemory = dataDir.startsWith('memory://');
    const location = inMemory ? dataDir : resolve(dataDir);
    if (!inMemory) await mkdir(location, { recursive: true });
    const unlock = inMemory ? () => {} : await lockDataDir(location, logger);
    const started = performance.now();
    let pglite: PGlite;
    try {
      pglite = await PGlite.create({ dataDir: location, parsers, ...(loadDataDir ? { loadDataDir } : {}) });
    } catch (error) {
      unlock();
      throw error;
    }
    logger.info({ dialect: 'pglite', dataDir: location, ms: Math.round(performance.now() - started) }, 'database opened');
    return new PgliteDatabase(pglite, logger, unlock);
  }

  /** The underlying instance, for tools that need PGlite itself (dumps, extensions). */
  get pglite(): PGlite {
    return this.#pglite;
  }

  async query<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    this.#assertNotNested('query');
    const result = await this.#pglite.query<R>(sql, params as unknown[]);
    return result.rows;
  }

  async exec(script: string): Promise<void> {
    this.#assertNotNested('exec');
    await this.#pglite.exec(script);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.#assertNotNested('transaction');
    return this.#pglite.transaction((tx) =>
      insideTransaction.run(this, () =>
        fn({
          query: async <R = Row>(sql: string, params: readonly unknown[] = []) =>
            (await tx.query<R>(sql, params as unknown[])).rows,
          exec: async (script: string) => {
            await tx.exec(script);
          },
        }),
      ),
    );
  }

  /** One connection already; sessions are serialised so two callers' session-level locks cannot overlap. */
  async session<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    return this.#sessions.run(() =>
      fn({
        query: <R = Row>(sql: string, params?: readonly unknown[]) => this.query<R>(sql, params),
        exec: (script) => this.exec(script),
        transaction: (inner) => this.transaction(inner),
      }),
    );
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  close(): Promise<void> {
    this.#closed ??= this.#pglite.close().then(() => {
      this.#unlock();
      this.#logger.info({ dialect: 'pglite' }, 'database closed');
    });
    return this.#closed;
  }

  adapterFactory(options: { schema?: string } = {}): PrismaAdapterFactory {
    const key = options.schema ?? '';
    let factory = this.#adapters.get(key);
    if (!factory) {
      factory = new KeeperPgliteAdapterFactory(this.#pglite, options.schema);
      this.#adapters.set(key, factory);
    }
    return factory;
  }

  withSchema(schema: string): SchemaHandle {
    return createSchemaHandle(this, schema);
  }

  #assertNotNested(what: string): void {
    if (insideTransaction.getStore() === this) {
      throw new Error(
        `db.${what}() called inside db.transaction() on PGlite: it would wait for the transaction forever. Use the tx argument.`,
      );
    }
  }
}
