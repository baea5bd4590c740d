import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, definePlugin, type KeeperPlugin } from '@keeper/sdk';

/**
 * A plugin that hands a test raw SQL on the platform's database (its handle reaches every schema), for what a
 * test must set or see behind the API: a row dated exactly, a session revoked behind core's back. Add `plugin`
 * to `createTestPlatform({ plugins })`; `db()` answers once the platform has booted.
 */
export function databaseAccess(): { plugin: KeeperPlugin; db(): DatabaseHandle } {
  let handle: DatabaseHandle | undefined;
  const access = definePlugin({
    name: 'test-database-access',
    version: '1.0.0',
    core: '*',
    create: () => ({
      // No tables of its own: an empty migrations folder.
      database: { migrationsDir: mkdtempSync(join(tmpdir(), 'keeper-no-migrations-')) },
      setup: (ctx) => {
        handle = ctx.db;
      },
    }),
  });
  return {
    plugin: access(),
    db: () => {
      if (!handle) throw new Error('databaseAccess: the platform has not booted with this plugin');
      return handle;
    },
  };
}
