// Shared by writer-batch.mjs and writer-load.mjs: a throwaway PostgreSQL database with the core migrations and
// open conversations, the pool's backends (their CPU is read from /proc, so the server must be on this machine),
// and drafts for them, each to a different conversation than its neighbours (like the platform benchmark's shoppers).
import { openDatabase } from '@keeper/db';
import { migrate } from '@keeper/db/migrate';
import { createThrowawayDatabase } from '@keeper/db/testing';
import { cpuBetween, cpuByPid } from '@keeper/tooling/proc';
import { CORE_MIGRATIONS_DIR } from '../dist/modules/database-module.js';
import { uuidv7 } from '../dist/ids.js';

export const CONVERSATIONS = 1000;

/**
 * PostgreSQL's CPU between two `postgresCpu()` samples is `cpuBetween` (from @keeper/tooling/proc): each sample lists
 * the database's client backends again (the pool closes a client idle for 10 s and opens another under load) and the
 * difference is taken per backend.
 */
export { cpuBetween };

export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Opens the fixture with a pool of `connections`; `close()` drops the database. */
export async function openWriterFixture(connections) {
  const throwaway = await createThrowawayDatabase();
  const db = await openDatabase({ url: throwaway.url, poolSize: connections });
  try {
    await migrate(db, [{ name: '@keeper/core', schema: 'keeper_core', migrationsDir: CORE_MIGRATIONS_DIR }]);
    const customer = uuidv7();
    await db.query('INSERT INTO keeper_core.customers (id) VALUES ($1::uuid)', [customer]);
    const conversations = Array.from({ length: CONVERSATIONS }, () => uuidv7());
    await db.query('INSERT INTO keeper_core.conversations (id, customer_id) SELECT unnest($1::uuid[]), $2::uuid', [conversations, customer]);
    // Open every pooled connection.
    await Promise.all(Array.from({ length: connections * 2 }, () => db.query('SELECT pg_sleep(0.05)')));
    // Client backends only: an autovacuum worker on this database shows there too.
    const backends = async () =>
      (await db.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'", [throwaway.name])).map((r) => r.pid);
    const version = (await db.query('SHOW server_version'))[0].server_version;
    let k = 0;
    const body = JSON.stringify({ t: Date.now(), r: 1, p: 'x'.repeat(80) });
    const draft = () => ({
      conversationId: conversations[(k++ * 7919) % CONVERSATIONS],
      authorType: 'customer',
      authorId: customer,
      body,
      annotations: {},
      clientMessageId: uuidv7(),
    });
    return {
      db,
      version,
      draft,
      /** A sample of the backends' CPU, for `cpuBetween`. */
      postgresCpu: async () => cpuByPid(await backends()),
      close: async () => {
        await db.close();
        await throwaway.drop();
      },
    };
  } catch (error) {
    await db.close();
    await throwaway.drop();
    throw error;
  }
}
