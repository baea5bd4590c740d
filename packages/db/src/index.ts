export {
  createGroupCommitter,
  type GroupCommitStats,
  type GroupCommitter,
  type GroupCommitterOptions,
  type TransactionRunner,
} from './group-commit.js';
export { assertIdentifier, quoteIdent, schemaNameFor } from './identifiers.js';
export { DEFAULT_DATA_DIR, DEFAULT_POOL_SIZE, openDatabase } from './open-database.js';
export { isPgliteDatabase, isPostgresDatabase } from './guards.js';
// Types only: openDatabase loads each class on demand; narrow with the guards above.
export type { PgliteDatabase } from './pglite-database.js';
export type { PostgresDatabase } from './postgres-database.js';
export { redact } from './redact.js';
export type {
  Database,
  DbLogger,
  Dialect,
  OpenDatabaseOptions,
  PrismaAdapterFactory,
  Queryable,
  Row,
  SchemaHandle,
  Session,
} from './types.js';
