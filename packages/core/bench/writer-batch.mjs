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
import { calibrationLine } from '@keeper/tooling/calibration';
import { writeMessages } from '../dist/domain/message-writer.js';
import { CONVERSATIONS, cpuBetween, median, openWriterFixture } from './writer-fixture.mjs';

const sizes = (process.argv[2] ?? '5,10,20,40,80,160').split(',').map(Number);
const rounds = Number(process.argv[3] ?? 5);
const MESSAGES = 12_000;
const IN_FLIGHT = 4;
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: writer-batch.mjs [sizes, e.g. 5,20,80] [rounds]');
  process.exit(2);
}

const fixture = await openWriterFixture(IN_FLIGHT);
const { db, draft } = fixture;
try {
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
  console.log(`settings: ${MESSAGES} messages per size and round, ${IN_FLIGHT} batches in flight, ${CONVERSATIONS} conversations, ${rounds} rounds, PostgreSQL ${fixture.version}`);
  for (const size of sizes) await writeAll(size); // warm-up: plans, caches
  const results = new Map(sizes.map((s) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    for (const size of sizes) {
      const before = await fixture.postgresCpu();
      const written = await writeAll(size);
      results.get(size).push((cpuBetween(before, await fixture.postgresCpu()) * 1e6) / written);
    }
  }
  console.log('| batch size | PostgreSQL µs per message (median) | rounds |');
  console.log('|---|---|---|');
  for (const size of sizes) {
    const xs = results.get(size);
    console.log(`| ${size} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(' / ')} |`);
  }
} finally {
  await fixture.close();
}
