import { silentLogger } from './logger.js';
import type { Database, OpenDatabaseOptions } from './types.js';

export const DEFAULT_DATA_DIR = './.keeper/data';
export const DEFAULT_POOL_SIZE = 10;

/**
 * Opens the process's one database: PostgreSQL through a `pg` pool when `url` is set, otherwise embedded
 * PGlite with its data in `dataDir`. Open it once per process and share it; close it on shutdown.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  if (options.url) {
    const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`poolSize must be a positive integer, got ${poolSize}`);
    // Each dialect's driver is loaded only when used: a PostgreSQL deployment never loads PGlite.
    const { PostgresDatabase } = await import('./postgres-database.js');
    return PostgresDatabase.open(options.url, poolSize, logger, options.preparedStatements ?? true);
  }
  const { PgliteDatabase } = await import('./pglite-database.js');
  return PgliteDatabase.open(options.dataDir ?? DEFAULT_DATA_DIR, logger);
}
