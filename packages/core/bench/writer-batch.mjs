// PostgreSQL's CPU per message of the message writer (`writeMessages`, src/domain/message-writer.ts) by batch
// size: what a batch statement costs on its own against what each message in it costs. The platform benchmark
// (the hub's `bench:hub --only platform`) runs the same statement with whatever batches the load makes; this
// pins the batch size so the two parts can be told apart.
//
//   pnpm --filter @keeper/core build && node packages/core/bench/writer-batch.mjs [sizes] [rounds]
//   (sizes default 5,10,20,40,80,160; rounds default 5; KEEPER_TEST_PG_URL picks the server, default the local test one)
//
// Needs a PostgreSQL server on this machine: it reads its backends' CPU from /proc. Creates a throwaway database
// with the core migrations and 1,000 open conversations, then per round and size (sizes alternate inside a round,
// so a noisy machine slows them all alike) writes 12,000 messages with 4 batches in flight, as the core's committer
// does on PostgreSQL, each message to a different conversation than its neighbours (like the platform benchmark's
// shoppers). Prints the median µs per message over the rounds, and every round.
import { readFileSync } from 'node:fs';
import { openDatabase } from '@keeper/db';
import { migrate } from '@keeper/db/migrate';
import { createThrowawayDatabase } from '@keeper/db/testing';
import { calibrationLine } from '@keeper/tooling/calibration';
import { writeMessages } from '../dist/domain/message-writer.js';
import { CORE_MIGRATIONS_DIR } from '../dist/modules/database-module.js';
import { uuidv7 } from '../dist/ids.js';

const sizes = (process.argv[2] ?? '5,10,20,40,80,160').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 5);
const MESSAGES = 12_000;
const IN_FLIGHT = 4;
const CONVERSATIONS = 1000;
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: writer-batch.mjs [sizes, e.g. 5,20,80] [rounds]');
  process.exit(2);
}

/** User + system CPU seconds of the given processes, from /proc. */
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

const throwaway = await createThrowawayDatabase();
const db = await openDatabase({ url: throwaway.url, poolSize: IN_FLIGHT });
try {
  await migrate(db, [{ name: '@keeper/core', schema: 'keeper_core', migrationsDir: CORE_MIGRATIONS_DIR }]);
  const customer = uuidv7();
  await db.query('INSERT INTO keeper_core.customers (id) VALUES ($1::uuid)', [customer]);
  const conversations = Array.from({ length: CONVERSATIONS }, () => uuidv7());
  await db.query('INSERT INTO keeper_core.conversations (id, customer_id) SELECT unnest($1::uuid[]), $2::uuid', [conversations, customer]);
  // Open every pooled connection, then find their backends.
  await Promise.all(Array.from({ length: IN_FLIGHT * 2 }, () => db.query('SELECT pg_sleep(0.05)')));
  const backends = (await db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [throwaway.name])).map((r) => r.pid);
  const own = (await db.query('SELECT pg_backend_pid() AS pid'))[0].pid;
  const pids = [...new Set([...backends, own])];

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
  const writeAll = async (size) => {
    const perLane = Math.ceil(MESSAGES / size / IN_FLIGHT);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = 0; i < perLane; i++) {
          const drafts = Array.from({ length: size }, draft);
          const results = await writeMessages(db, drafts);
          if (results.some((r) => 'failed' in r || !r.created)) throw new Error('a message was not written');
        }
      }),
    );
    return perLane * IN_FLIGHT * size;
  };

  console.log('# @keeper/core message writer: PostgreSQL CPU per message by batch size');
  console.log(calibrationLine());
  console.log(`settings: ${MESSAGES} messages per size and round, ${IN_FLIGHT} batches in flight, ${CONVERSATIONS} conversations, ${rounds} rounds, PostgreSQL ${(await db.query('SHOW server_version'))[0].server_version}`);
  for (const size of sizes) await writeAll(size); // warm-up: plans, caches
  const results = new Map(sizes.map((s) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    for (const size of sizes) {
      const before = cpuSeconds(pids);
      const written = await writeAll(size);
      results.get(size).push(((cpuSeconds(pids) - before) * 1e6) / written);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log('| batch size | PostgreSQL µs per message (median) | rounds |');
  console.log('|---|---|---|');
  for (const size of sizes) {
    const xs = results.get(size);
    console.log(`| ${size} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(' / ')} |`);
  }
} finally {
  await db.close();
  await throwaway.drop();
}
