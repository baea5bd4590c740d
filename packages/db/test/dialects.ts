import { openDatabase } from '../src/index.js';
import { createThrowawayDatabase, openMemoryDatabase } from '../src/testing/index.js';
import type { Database } from '../src/types.js';
import { servicesAvailable } from '@keeper/tooling/services';

export interface OpenedTestDatabase {
  db: Database;
  /** Present for PostgreSQL: the throwaway database's URL (for a second process or pool). */
  url?: string;
  cleanup(): Promise<void>;
}

export interface TestDialect {
  name: 'pglite' | 'postgres';
  open(): Promise<OpenedTestDatabase>;
}

/** Every database test runs against both the embedded default and the real server (skipped, with a notice, only outside CI when no server answers). */
const allDialects: TestDialect[] = [
  {
    name: 'pglite',
    open: async () => {
      const db = await openMemoryDatabase();
      return { db, cleanup: () => db.close() };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const throwaway = await createThrowawayDatabase();
      const db = await openDatabase({ url: throwaway.url, poolSize: 5 });
      return {
        db,
        url: throwaway.url,
        cleanup: async () => {
          await db.close();
          await throwaway.drop();
        },
      };
    },
  },
];

export const dialects: TestDialect[] = (await servicesAvailable('postgres')) ? allDialects : allDialects.filter((d) => d.name !== 'postgres');
