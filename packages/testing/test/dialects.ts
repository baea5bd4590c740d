import { createThrowawayDatabase, type ThrowawayDatabase, testServerUrl } from '@keeper/db/testing';
import pg from 'pg';

export interface DialectCase {
  name: 'pglite' | 'postgres';
  /** A `database` config for createTestPlatform, and a cleanup. */
  open(): Promise<{ database: { url?: string; dataDir?: string }; drop(): Promise<void> }>;
}

/** KEEPER_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test */
export const TEST_PG_URL = testServerUrl();

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite always; PostgreSQL when reachable. Under CI an unreachable server is a failure, never a
 * silent skip; on a laptop without one the PostgreSQL cases are skipped with a notice.
 */
export async function dialects(): Promise<DialectCase[]> {
  const cases: DialectCase[] = [{ name: 'pglite', open: async () => ({ database: { dataDir: 'memory://' }, drop: async () => {} }) }];
  if (await postgresReachable()) {
    cases.push({
      name: 'postgres',
      open: async () => {
        const throwaway: ThrowawayDatabase = await createThrowawayDatabase(TEST_PG_URL);
        return { database: { url: throwaway.url }, drop: () => throwaway.drop() };
      },
    });
  } else if (process.env.CI) {
    throw new Error(`PostgreSQL at ${TEST_PG_URL} is not reachable, and CI requires the PostgreSQL tests to run`);
  } else {
    console.warn(`\n[keeper] PostgreSQL at ${TEST_PG_URL} is not reachable: skipping the PostgreSQL cases (set KEEPER_TEST_PG_URL)\n`);
  }
  return cases;
}
