// @keeper/db/migrate: loaded by `keeper migrate`, `keeper start` (before serving) and `keeper db diff`.
// `migrate` and `migrationStatus` are plain SQL; `diff` and the WebAssembly schema engine (and PGlite, which
// it runs on) are imported only when called, so migrating a PostgreSQL deployment never loads them.
import type { DiffOptions, DiffResult } from './diff.js';

export type { DiffOptions, DiffResult } from './diff.js';
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
export { migrationSlug, nextTimestamp } from './naming.js';

/**
 * Writes a new migration with the SQL that takes the package's migrations to its Prisma schema, without a
 * database server or the native engine (see diff.ts). No change, no folder.
 */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const { diff: run } = await import('./diff.js');
  return run(options);
}

/** Compiles the WebAssembly schema engine now (seconds), e.g. while a CLI waits for other input. */
export async function loadSchemaEngine(): Promise<void> {
  const { loadSchemaEngine: load } = await import('./schema-engine.js');
  await load();
}
