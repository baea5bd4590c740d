import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One migration folder in Prisma's layout: `<migrationsDir>/<name>/migration.sql`. */
export interface MigrationFile {
  /** The folder name, e.g. `20250101000000_init`; migrations apply in lexical order of it. */
  name: string;
  /** Absolute or caller-relative path of `migration.sql`. */
  path: string;
  sql: string;
  /** sha256 (hex) of the file's bytes. */
  checksum: string;
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Reads a package's migrations. A missing folder means "no migrations yet"; a folder without
 * `migration.sql` is an error (a half-written migration must not be skipped silently).
 */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  if (!existsSync(migrationsDir)) return [];
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(path)) throw new Error(`Migration folder ${join(migrationsDir, name)} has no migration.sql`);
      const bytes = await readFile(path);
      return { name, path, sql: bytes.toString('utf8'), checksum: sha256(bytes) };
    }),
  );
}
