import { assertIdentifier, quoteIdent } from '../identifiers.js';
import { silentLogger } from '../logger.js';
import type { Database, DbLogger, Session } from '../types.js';
import { MigrationChecksumError, MigrationFailedError, MigrationMissingError } from './errors.js';
import { type MigrationFile, readMigrationFiles } from './migration-files.js';

export interface MigrationPackage {
  /** The package's name as recorded in `keeper_meta.migrations` (e.g. `@keeper/core`). */
  name: string;
  /** Its PostgreSQL schema, `keeper_<name>`; created when missing. */
  schema: string;
  /** Prisma-format migrations folder (`<timestamp>_<name>/migration.sql`). */
  migrationsDir: string;
}

export interface MigrateOptions {
  logger?: DbLogger;
}

export interface AppliedMigration {
  package: string;
  name: string;
  checksum: string;
  durationMs: number;
}

export interface MigrationReport {
  /** What this call applied, in order. Empty when everything was up to date (or another node did it). */
  applied: AppliedMigration[];
  /** Migrations found already applied (and verified unchanged), per package. */
  alreadyApplied: Record<string, number>;
}

/** Every Keeper node takes this session-level advisory lock around migrating ('keeper' in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6b6565706572;

const META_SQL = `
CREATE SCHEMA IF NOT EXISTS keeper_meta;
CREATE TABLE IF NOT EXISTS keeper_meta.migrations (
  package     text        NOT NULL,
  name        text        NOT NULL,
  checksum    text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms integer     NOT NULL,
  PRIMARY KEY (package, name)
);`;

interface AppliedRow {
  package: string;
  name: string;
  checksum: string;
}

/**
 * Applies every package's pending migrations, packages in the order given (the caller passes dependency
 * order), each migration in its own transaction together with its record. Holds a PostgreSQL advisory
 * lock for the whole run, so several nodes starting at once apply each migration exactly once: the
 * others wait, then find nothing pending. Verifies every applied migration's checksum before applying
 * anything, so an edited file stops the run with nothing half-done.
 */
export async function migrate(
  db: Database,
  packages: readonly MigrationPackage[],
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const logger = options.logger ?? silentLogger;
  validatePackages(packages);
  const files = await Promise.all(packages.map((pkg) => readMigrationFiles(pkg.migrationsDir)));

  return db.session(async (session) => {
    const waitStarted = performance.now();
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    logger.debug({ waitedMs: Math.round(performance.now() - waitStarted) }, 'migration lock acquired');
    try {
      await session.exec(META_SQL);
      const rows = await session.query<AppliedRow>('SELECT package, name, checksum FROM keeper_meta.migrations');
      const plan = planMigrations(packages, files, rows);
      return await applyPlan(session, plan, logger);
    } finally {
      // If the connection broke, the session is discarded and the server drops the lock with it; don't mask
      // the original error with the unlock's.
      await session
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
        .catch((error: unknown) => logger.warn({ err: error }, 'could not release the migration lock'));
    }
  });
}

export interface MigrationStatus {
  /** Not yet applied, in the order `migrate` would apply them. */
  pending: Array<{ package: string; name: string; file: string }>;
  alreadyApplied: Record<string, number>;
}

/**
 * What `migrate` would do, without locking or changing anything (for `keeper doctor`, or a node started
 * with migrations disabled that must refuse to serve an outdated schema). Throws the same checksum and
 * missing-file errors as `migrate`.
 */
export async function migrationStatus(db: Database, packages: readonly MigrationPackage[]): Promise<MigrationStatus> {
  validatePackages(packages);
  const files = await Promise.all(packages.map((pkg) => readMigrationFiles(pkg.migrationsDir)));
  const [{ exists } = { exists: false }] = await db.query<{ exists: boolean }>(
    "SELECT to_regclass('keeper_meta.migrations') IS NOT NULL AS exists",
  );
  const rows = exists ? await db.query<AppliedRow>('SELECT package, name, checksum FROM keeper_meta.migrations') : [];
  const plan = planMigrations(packages, files, rows);
  return {
    pending: plan.flatMap(({ pkg, pending }) => pending.map((file) => ({ package: pkg.name, name: file.name, file: file.path }))),
    alreadyApplied: Object.fromEntries(plan.map(({ pkg, alreadyApplied }) => [pkg.name, alreadyApplied])),
  };
}

function validatePackages(packages: readonly MigrationPackage[]): void {
  const names = new Set<string>();
  const schemas = new Map<string, string>();
  for (const pkg of packages) {
    assertIdentifier(pkg.schema, `schema name of ${pkg.name}`);
    if (names.has(pkg.name)) throw new Error(`Package ${pkg.name} is listed twice for migration`);
    const owner = schemas.get(pkg.schema);
    if (owner) throw new Error(`Packages ${owner} and ${pkg.name} both claim schema ${pkg.schema}`);
    names.add(pkg.name);
    schemas.set(pkg.schema, pkg.name);
  }
}

interface PackagePlan {
  pkg: MigrationPackage;
  pending: MigrationFile[];
  alreadyApplied: number;
}

function planMigrations(
  packages: readonly MigrationPackage[],
  files: MigrationFile[][],
  rows: AppliedRow[],
): PackagePlan[] {
  return packages.map((pkg, index) => {
    const available = files[index] ?? [];
    const applied = new Map(rows.filter((row) => row.package === pkg.name).map((row) => [row.name, row.checksum]));
    const byName = new Map(available.map((file) => [file.name, file]));
    for (const [name, checksum] of applied) {
      const file = byName.get(name);
      if (!file) throw new MigrationMissingError(pkg.name, name, pkg.migrationsDir);
      if (file.checksum !== checksum) throw new MigrationChecksumError(pkg.name, name, file.path);
    }
    return { pkg, pending: available.filter((file) => !applied.has(file.name)), alreadyApplied: applied.size };
  });
}

async function applyPlan(session: Session, plan: PackagePlan[], logger: DbLogger): Promise<MigrationReport> {
  const report: MigrationReport = { applied: [], alreadyApplied: {} };
  for (const { pkg, pending, alreadyApplied } of plan) {
    report.alreadyApplied[pkg.name] = alreadyApplied;
    const schema = quoteIdent(pkg.schema);
    await session.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const file of pending) {
      const started = performance.now();
      try {
        await session.transaction(async (tx) => {
          // Unqualified names in hand-written SQL land in the package's own schema.
          await tx.exec(`SET LOCAL search_path TO ${schema}, public`);
          await tx.exec(file.sql);
          const durationMs = Math.round(performance.now() - started);
          await tx.query('INSERT INTO keeper_meta.migrations (package, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)', [
            pkg.name,
            file.name,
            file.checksum,
            durationMs,
          ]);
        });
      } catch (error) {
        throw new MigrationFailedError(pkg.name, file.name, file.path, error);
      }
      const applied = { package: pkg.name, name: file.name, checksum: file.checksum, durationMs: Math.round(performance.now() - started) };
      report.applied.push(applied);
      logger.info(applied, 'migration applied');
    }
  }
  return report;
}
