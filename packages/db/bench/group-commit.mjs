// Raw SQL: one transaction per row (autocommit, and db.transaction) vs group commit, on PGlite (file data
// dir, the embedded default) and PostgreSQL (a throwaway database on KEEPER_TEST_PG_URL or
// 127.0.0.1:5432/test). Then the same through a generated Prisma client (bench/prisma-group-commit.mjs).
// Run: pnpm --filter @keeper/db bench
// Env: BENCH_ROWS (default 5000), BENCH_WRITERS (64), BENCH_RUNS (5), BENCH_MAX_BATCH (256), BENCH_MAX_WAIT_MS (0)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createGroupCommitter, openDatabase } from '../dist/index.js';
import { createThrowawayDatabase } from '../dist/testing/index.js';
import { compare, drive, MAX_BATCH, MAX_WAIT_MS, machineFacts, ROWS } from './lib.mjs';

const SCHEMA = 'CREATE TABLE bench_msg (id bigserial PRIMARY KEY, conversation int NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())';

async function insertOne(q, i) {
  const rows = await q.query('INSERT INTO bench_msg (conversation, body) VALUES ($1, $2) RETURNING id', [i % 100, `message ${i}`]);
  return rows[0].id;
}

async function insertBatch(tx, items) {
  const rows = await tx.query(
    `INSERT INTO bench_msg (conversation, body)
     SELECT c, b FROM unnest($1::int[], $2::text[]) WITH ORDINALITY AS t(c, b, ord) ORDER BY ord RETURNING id`,
    [items.map((i) => i % 100), items.map((i) => `message ${i}`)],
  );
  return rows.map((r) => r.id);
}

async function benchDialect(label, db) {
  await db.exec(SCHEMA);
  let batches = [];
  const medians = await compare(
    label,
    [
      // On PGlite db.transaction is the serialised path: BEGIN … COMMIT holds the one connection.
      { name: 'db.transaction per row', run: () => drive((i) => db.transaction((tx) => insertOne(tx, i))) },
      { name: 'autocommit per row', run: () => drive((i) => insertOne(db, i)) },
      {
        name: 'group commit',
        run: async () => {
          const committer = createGroupCommitter({ db, maxBatch: MAX_BATCH, maxWaitMs: MAX_WAIT_MS, write: insertBatch });
          const result = await drive((i) => committer.submit(i));
          const stats = committer.stats();
          batches.push(stats.items / stats.batches);
          await committer.close();
          return result;
        },
      },
    ],
    {
      reset: () => db.exec('TRUNCATE bench_msg'),
      check: async (mode) => {
        const [{ n }] = await db.query('SELECT count(*) AS n FROM bench_msg');
        if (Number(n) !== ROWS) throw new Error(`${label} ${mode}: expected ${ROWS} rows, found ${n}`);
      },
    },
  );
  batches = batches.sort((a, b) => a - b);
  console.log(`  mean batch size ${batches[Math.floor(batches.length / 2)].toFixed(1)}; group commit / autocommit = ${(medians['group commit'] / medians['autocommit per row']).toFixed(1)}x`);
}

machineFacts();

const dir = await mkdtemp(join(os.tmpdir(), 'keeper-bench-'));
try {
  const lite = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    await benchDialect('PGlite (file data dir), raw SQL', lite);
  } finally {
    await lite.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const throwaway = await createThrowawayDatabase();
try {
  const db = await openDatabase({ url: throwaway.url, poolSize: 10 });
  try {
    const [{ version: server }] = await db.query('SELECT version()');
    const [{ synchronous_commit }] = await db.query('SHOW synchronous_commit');
    const [{ fsync }] = await db.query('SHOW fsync');
    console.log(`\nserver: ${server.split(',')[0]}; synchronous_commit=${synchronous_commit}, fsync=${fsync}; pool 10`);
    await benchDialect('PostgreSQL (pg pool of 10, loopback), raw SQL', db);
  } finally {
    await db.close();
  }
} finally {
  await throwaway.drop();
}
