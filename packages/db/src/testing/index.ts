import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '../logger.js';
import { PgliteDatabase } from '../pglite-database.js';
import { emptyClusterDump } from '../pglite-template.js';
import type { DbLogger } from '../types.js';

/** The server tests use; CI and developers point it elsewhere with KEEPER_TEST_PG_URL. */
export function testServerUrl(): string {
  return process.env.KEEPER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface ThrowawayDatabase {
  /** URL of the fresh, empty database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, disconnecting anyone still in it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `keeper_test_<random>` on the test server so each test run starts from nothing. */
export async function createThrowawayDatabase(serverUrl = testServerUrl()): Promise<ThrowawayDatabase> {
  const name = `keeper_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * A fresh in-memory PGlite database in about a second: the first call (per machine) runs initdb
 * (seconds) and caches a dump of the empty cluster; later calls start from that dump.
 */
export async function openMemoryDatabase(logger: DbLogger = silentLogger): Promise<PgliteDatabase> {
  return PgliteDatabase.open('memory://', logger, await emptyClusterDump());
}
