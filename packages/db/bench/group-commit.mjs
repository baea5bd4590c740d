// Single-row inserts (one transaction each) vs group commit, on PGlite (file data dir, the embedded default)
// and PostgreSQL (a throwaway database on KEEPER_TEST_PG_URL or 127.0.0.1:5432/test).
// Run: pnpm --filter @keeper/db bench   (builds, then runs this file against dist/)
// Env: BENCH_ROWS (default 5000), BENCH_WRITERS (64), BENCH_RUNS (5), BENCH_MAX_BATCH (256), BENCH_MAX_WAIT_MS (0)
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createGroupCommitter, openDatabase } from '../dist/index.js';
import { createThrowawayDatabase } from '../dist/testing/index.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 64);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MAX_BATCH = Number(process.env.BENCH_MAX_BATCH ?? 256);
const MAX_WAIT_MS = Number(process.env.BENCH_MAX_WAIT_MS ?? 0);

// Read from node_modules directly: not every package exports its package.json.
const version = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

const SCHEMA = 'CREATE TABLE bench_msg (id bigserial PRIMARY KEY, conversation int NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())';

async function insertOne(db, i) {
  const rows = await db.query('INSERT INTO bench_msg (conversation, body) VALUES ($1, $2) RETURNING id', [i % 100, `message ${i}`]);
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

/** WRITERS concurrent loops share ROWS writes; each write is acknowledged before the loop's next one. */
async function drive(write) {
  let next = 0;
  const latencies = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < ROWS) {
        const i = next++;
        const t = performance.now();
        await write(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rowsPerSec: ROWS / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p99: latencies[Math.floor(latencies.length * 0.99)] };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function benchDialect(label, db) {
  await db.exec(SCHEMA);
  const results = { single: [], txPerRow: [], batched: [] };
  const batchSizes = [];
  // One uncounted round first: JIT, pool connections and plan caches warm up for every mode alike.
  for (let run = -1; run < RUNS; run++) {
    const counted = run >= 0;
    // Interleaved so drift (cache, autovacuum, thermal) hits both modes alike.
    await db.exec('TRUNCATE bench_msg');
    const single = await drive((i) => insertOne(db, i));
    await db.exec('TRUNCATE bench_msg');
    // db.transaction per row: on PGlite this is the serialised path (BEGIN … COMMIT holds the one connection).
    const txPerRow = await drive((i) => db.transaction((tx) => insertOne(tx, i)));
    await db.exec('TRUNCATE bench_msg');
    const committer = createGroupCommitter({ db, maxBatch: MAX_BATCH, maxWaitMs: MAX_WAIT_MS, write: insertBatch });
    const batched = await drive((i) => committer.submit(i));
    const stats = committer.stats();
    if (counted) {
      results.single.push(single);
      results.txPerRow.push(txPerRow);
      results.batched.push(batched);
      batchSizes.push(stats.items / stats.batches);
    }
    await committer.close();
    const [{ n }] = await db.query('SELECT count(*) AS n FROM bench_msg');
    if (Number(n) !== ROWS) throw new Error(`${label}: expected ${ROWS} rows after the batched run, found ${n}`);
  }
  const summary = (mode) => ({
    rowsPerSec: Math.round(median(results[mode].map((r) => r.rowsPerSec))),
    p50ms: Number(median(results[mode].map((r) => r.p50)).toFixed(2)),
    p99ms: Number(median(results[mode].map((r) => r.p99)).toFixed(2)),
    runs: results[mode].map((r) => Math.round(r.rowsPerSec)),
  });
  const single = summary('single');
  const txPerRow = summary('txPerRow');
  const batched = summary('batched');
  console.log(`\n${label}`);
  console.log(`  db.transaction per row: median ${txPerRow.rowsPerSec} rows/s  p50 ${txPerRow.p50ms} ms  p99 ${txPerRow.p99ms} ms  runs ${txPerRow.runs.join(', ')}`);
  console.log(`  single-row autocommit: median ${single.rowsPerSec} rows/s  p50 ${single.p50ms} ms  p99 ${single.p99ms} ms  runs ${single.runs.join(', ')}`);
  console.log(`  group commit:           median ${batched.rowsPerSec} rows/s  p50 ${batched.p50ms} ms  p99 ${batched.p99ms} ms  runs ${batched.runs.join(', ')}`);
  console.log(`  mean batch size ${median(batchSizes).toFixed(1)}; ratio batched/single ${(batched.rowsPerSec / single.rowsPerSec).toFixed(1)}x`);
}

function machineFacts() {
  let openFiles = 'unknown';
  try {
    openFiles = execSync('sh -c "ulimit -n"').toString().trim();
  } catch {}
  const cpus = os.cpus();
  console.log('machine:', `${cpus.length} cores (${cpus[0]?.model ?? '?'}),`, `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM,`, `open-file limit ${openFiles},`, `${os.type()} ${os.release()}`);
  console.log('versions:', `node ${process.version}, @electric-sql/pglite ${version('@electric-sql/pglite')}, pg ${version('pg')}`);
  console.log('settings:', `rows/run ${ROWS}, concurrent writers ${WRITERS}, runs ${RUNS} (median), maxBatch ${MAX_BATCH}, maxWaitMs ${MAX_WAIT_MS}`);
}

machineFacts();

const dir = await mkdtemp(join(os.tmpdir(), 'keeper-bench-'));
try {
  const lite = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    await benchDialect('PGlite (file data dir)', lite);
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
    await benchDialect('PostgreSQL (pg pool of 10, loopback)', db);
  } finally {
    await db.close();
  }
} finally {
  await throwaway.drop();
}
