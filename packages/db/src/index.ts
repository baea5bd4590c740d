export {
  createGroupCommitter,
  type GroupCommitStats,
  type GroupCommitter,
  type GroupCommitterOptions,
} from './group-commit.js';
export { assertIdentifier, quoteIdent } from './identifiers.js';
export { DEFAULT_DATA_DIR, DEFAULT_POOL_SIZE, openDatabase } from './open-database.js';
export { PgliteDatabase } from './pglite-database.js';
export { PostgresDatabase, redact } from './postgres-database.js';
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
