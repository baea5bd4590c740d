import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '@keeper/db';
import type { CoreModule, Kernel } from '../kernel/platform.js';
import { schemaNameFor } from './schema-name.js';

export const CORE_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

export interface DatabaseModule extends CoreModule {
  /** Open after setup; undefined before. */
  readonly database: () => Database;
}

/** Every package with migrations, core first, then plugins in dependency order. */
export function migrationPackages(kernel: Pick<Kernel, 'plugins'>) {
  return [
    { name: '@keeper/core', schema: 'keeper_core', migrationsDir: CORE_MIGRATIONS_DIR },
    ...kernel.plugins
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
      database = await openDatabase({
        url: config.database.url,
        dataDir: config.database.dataDir,
        poolSize: config.database.poolSize,
        logger: logger.child({ module: 'database' }),
      });
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
