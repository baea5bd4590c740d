import { dirname, join } from 'node:path';
import { CORE_MIGRATIONS_DIR, type ResolvedConfig, migrationPackages, openConfiguredDatabase } from '@keeper/core';

/** `keeper migrate`: applies every enabled package's pending migrations, in dependency order. */
export async function migrateCommand(config: ResolvedConfig, out: (line: string) => void): Promise<number> {
  const { migrate } = await import('@keeper/db/migrate');
  const db = await openConfiguredDatabase(config);
  try {
    const report = await migrate(db, migrationPackages(config));
    for (const m of report.applied) out(`applied ${m.package} ${m.name} (${m.durationMs} ms)`);
    const already = Object.entries(report.alreadyApplied).map(([p, n]) => `${p}: ${n}`).join(', ');
    out(report.applied.length ? `done: ${report.applied.length} applied` : `up to date${already ? ` (${already})` : ''}`);
    return 0;
  } finally {
    await db.close();
  }
}

/** `keeper db diff <package> [--name x]`: writes the migration that brings the package's tables to its schema. */
export async function diffCommand(config: ResolvedConfig, packageName: string | undefined, name: string, out: (line: string) => void): Promise<number> {
  if (!packageName) {
    out('usage: keeper db diff <package> [--name <migration name>]   e.g. keeper db diff @keeper/core --name add_tags');
    return 1;
  }
  let prismaSchemaPath: string;
  let migrationsDir: string;
  if (packageName === '@keeper/core') {
    migrationsDir = CORE_MIGRATIONS_DIR;
    prismaSchemaPath = join(dirname(CORE_MIGRATIONS_DIR), 'schema.prisma');
  } else {
    const plugin = config.plugins.find((p) => p.name === packageName);
    if (!plugin) {
      out(`error: no plugin named "${packageName}" in the config (known: @keeper/core, ${config.plugins.map((p) => p.name).join(', ') || 'none'})`);
      return 1;
    }
    if (!plugin.database?.prismaSchema) {
      out(`error: plugin "${packageName}" declares no database.prismaSchema, so there is nothing to diff`);
      return 1;
    }
    migrationsDir = plugin.database.migrationsDir;
    prismaSchemaPath = plugin.database.prismaSchema;
  }
  const { diff } = await import('@keeper/db/migrate');
  const result = await diff({ prismaSchemaPath, migrationsDir, name });
  if (result.status === 'created') {
    out(`created ${result.migrationDir}/migration.sql`);
  } else {
    out(`no changes: ${packageName}'s migrations already match ${prismaSchemaPath}`);
  }
  return 0;
}
