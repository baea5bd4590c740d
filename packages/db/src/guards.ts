import type { PgliteDatabase } from './pglite-database.js';
import type { PostgresDatabase } from './postgres-database.js';
import type { Database } from './types.js';

/** Narrows to PGlite, for code that needs the instance itself (`db.pglite`). */
export function isPgliteDatabase(db: Database): db is PgliteDatabase {
  return db.dialect === 'pglite';
}

/** Narrows to PostgreSQL, for code that needs the pool itself (`db.pool`: LISTEN/NOTIFY, COPY). */
export function isPostgresDatabase(db: Database): db is PostgresDatabase {
  return db.dialect === 'postgres';
}
