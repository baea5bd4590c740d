import { createThrowawayDatabase, testServerUrl, type ThrowawayDatabase } from '@keeper/db/testing';
import { servicesAvailable } from '@keeper/tooling/services';

export interface DialectCase {
  name: 'pglite' | 'postgres';
  /** A `database` config for createTestPlatform, and a cleanup. */
  open(): Promise<{ database: { url?: string; dataDir?: string }; drop(): Promise<void> }>;
}

/** KEEPER_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test */
export const TEST_PG_URL = testServerUrl();

/**
 * PGlite always; PostgreSQL when reachable. Under CI an unreachable server fails its tests, never a
 * silent skip; on a laptop without one the PostgreSQL cases are skipped with a notice.
 */
export async function dialects(): Promise<DialectCase[]> {
  const cases: DialectCase[] = [{ name: 'pglite', open: async () => ({ database: { dataDir: 'memory://' }, drop: async () => {} }) }];
  if (await servicesAvailable('postgres')) {
    cases.push({
      name: 'postgres',
      open: async () => {
        const throwaway: ThrowawayDatabase = await createThrowawayDatabase(TEST_PG_URL);
        return { database: { url: throwaway.url }, drop: () => throwaway.drop() };
      },
    });
  }
  return cases;
}
