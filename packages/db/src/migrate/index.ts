// @keeper/db/migrate: loaded only by `keeper migrate`, `keeper start` (before serving) and `keeper db diff`,
// so the runtime never pays for the WebAssembly schema engine.
export { type DiffOptions, type DiffResult, diff, migrationSlug, nextTimestamp } from './diff.js';
export { MigrationChecksumError, MigrationFailedError, MigrationMissingError } from './errors.js';
export { type MigrationFile, readMigrationFiles, sha256 } from './migration-files.js';
export {
  type AppliedMigration,
  MIGRATION_LOCK_KEY,
  type MigrateOptions,
  type MigrationPackage,
  type MigrationReport,
  type MigrationStatus,
  migrate,
  migrationStatus,
} from './migrator.js';
export { loadSchemaEngine } from './schema-engine.js';
