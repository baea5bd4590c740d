import { fileURLToPath } from 'node:url';
import { type Database, type DbLogger, openDatabase } from '@keeper/db';
import type { ResolvedConfig } from '../config/schema.js';
import type { KeeperPlugin } from '@keeper/sdk';
import type { CoreModule } from '../kernel/platform.js';
import { resolvePluginGraph } from '../kernel/plugin-graph.js';
import { CORE_VERSION } from '../version.js';
import { schemaNameFor } from '@keeper/db';

export const CORE_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** The database `config.database` describes; `memory://` PGlite starts from a dumped empty cluster (fast). */
export async function openConfiguredDatabase(config: ResolvedConfig, logger?: DbLogger): Promise<Database> {
  if (!config.database.url && config.database.dataDir === 'memory://') {
    return (await import('@keeper/db/testing')).openMemoryDatabase(logger);
  }
  return openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolSize: config.database.poolSize, preparedStatements: config.database.preparedStatements, logger });
}

export interface DatabaseModule extends CoreModule {
  /** Open after setup; undefined before. */
  readonly database: () => Database;
}

/** Every package with migrations, core first, then plugins in dependency order. */
export function migrationPackages(from: { plugins: readonly KeeperPlugin[] }) {
  return [
    { name: '@keeper/core', schema: 'keeper_core', migrationsDir: CORE_MIGRATIONS_DIR },
    ...resolvePluginGraph(from.plugins, CORE_VERSION)
      .filter((p) => p.database)
      .map((p) => ({ name: p.name, schema: schemaNameFor(p.name), migrationsDir: p.database!.migrationsDir })),
  ];
}

/**
 * Opens the database (PGlite by default, PostgreSQL with `database.url`), applies pending
 * migrations unless `database.migrate` is off, gives each plugin with `database` a handle on its own
 * schema, and reports readiness.
 */
export function databaseModule(): DatabaseModule {
  let database: Database | undefined;
  return {
    name: 'database',
    database: () => {
      if (!database) throw new Error('database is not open yet');
      return database;
    },
    async setup(kernel) {
      const { config, logger } = kernel;
      database = await openConfiguredDatabase(config, logger.child({ module: 'database' }));
      if (config.database.migrate) {
        const { migrate } = await import('@keeper/db/migrate');
        const report = await migrate(database, migrationPackages(kernel), { logger: logger.child({ module: 'migrate' }) });
        if (report.applied.length > 0) logger.info({ applied: report.applied.map((m) => `${m.package}/${m.name}`) }, 'migrations applied');
      }
      const db = database;
      kernel.addReadinessCheck({ name: 'database', check: () => db.ping() });
      kernel.extendPluginContext((plugin) => (plugin.database ? { db: db.withSchema(schemaNameFor(plugin.name)) } : {}));
    },
    async teardown() {
      await database?.close();
    },
  };
}
