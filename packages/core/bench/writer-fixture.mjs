// Shared by writer-batch.mjs and writer-load.mjs: a throwaway PostgreSQL database with the core migrations and
// open conversations, the pool's backends (their CPU is read from /proc, so the server must be on this machine),
// and drafts for them, each to a different conversation than its neighbours (like the platform benchmark's shoppers).
import { readFileSync } from 'node:fs';
import { openDatabase } from '@keeper/db';
import { migrate } from '@keeper/db/migrate';
import { createThrowawayDatabase } from '@keeper/db/testing';
import { CORE_MIGRATIONS_DIR } from '../dist/modules/database-module.js';
import { uuidv7 } from '../dist/ids.js';

export const CONVERSATIONS = 1000;

/** User + system CPU seconds of the given processes, from /proc. */
export function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

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
    // Open every pooled connection, then find their backends.
    await Promise.all(Array.from({ length: connections * 2 }, () => db.query('SELECT pg_sleep(0.05)')));
    const pids = (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [throwaway.name])).map((r) => r.pid);
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
      postgresCpu: () => cpuSeconds(pids),
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
