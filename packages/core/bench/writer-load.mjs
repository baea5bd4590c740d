// The message writer under an open-loop load, without the rest of the platform: drafts arrive at a fixed rate
// (in bursts per event-loop tick, as a server reads them off its sockets) and go through the core's group
// committer into `writeMessages`, 4 transactions in flight as on PostgreSQL. Compares committer settings
// (`minBatchWhileBusy`) by what they cost PostgreSQL and this process per message, the statements' size, and
// the time from submit to commit (HdrHistogram-free: sorted samples, every message).
//
//   pnpm --filter @keeper/core build && node packages/core/bench/writer-load.mjs [rates] [minBatchWhileBusy values] [rounds]
//   (defaults 6000,12000  1,16,32  3; KEEPER_TEST_PG_URL picks the server, default the local test one)
//
// Needs a PostgreSQL server on this machine (its backends' CPU is read from /proc). Settings alternate inside
// each round, so a noisy machine slows them alike; medians over the rounds.
import { createGroupCommitter } from '@keeper/db';
import { calibrationLine } from '@keeper/tooling/calibration';
import { writeMessages } from '../dist/domain/message-writer.js';
import { CONVERSATIONS, cpuBetween, median, openWriterFixture } from './writer-fixture.mjs';

const rates = (process.argv[2] ?? '6000,12000').split(',').map(Number);
const settings = (process.argv[3] ?? '1,16,32').split(',').map(Number);
const rounds = Number(process.argv[4] ?? 3);
const DURATION_MS = 4000;
const IN_FLIGHT = 4;
if ([...rates, ...settings].some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: writer-load.mjs [rates, e.g. 6000,12000] [minBatchWhileBusy values, e.g. 1,24] [rounds]');
  process.exit(2);
}

const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const fixture = await openWriterFixture(IN_FLIGHT);
const { db, draft } = fixture;
try {
  /** One open-loop run: `rate` drafts per second for DURATION_MS, then waits for all to commit. */
  async function run(rate, minBatchWhileBusy) {
    const committer = createGroupCommitter({ db: { transaction: (fn) => fn(db) }, write: writeMessages, maxConcurrent: IN_FLIGHT, minBatchWhileBusy });
    const latencies = [];
    const pending = [];
    const pg0 = await fixture.postgresCpu();
    const own0 = ownCpu();
    const start = performance.now();
    let sent = 0;
    const total = Math.round((rate * DURATION_MS) / 1000);
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
      for (; sent < due; sent++) {
        const at = start + (sent * 1000) / rate; // intended time: a late loop shows up as latency
        pending.push(
          committer.submit(draft()).then((r) => {
            if ('failed' in r || !r.created) throw new Error('a message was not written');
            latencies.push(performance.now() - at);
          }),
        );
      }
      await sleep(1);
    }
    await Promise.all(pending);
    const pg = cpuBetween(pg0, await fixture.postgresCpu());
    const own = ownCpu() - own0;
    const stats = committer.stats();
    await committer.close();
    latencies.sort((a, b) => a - b);
    return {
      batch: stats.items / stats.batches,
      pg: (pg * 1e6) / total,
      node: (own * 1e6) / total,
      p50: latencies[Math.floor(latencies.length * 0.5)],
      p99: latencies[Math.floor(latencies.length * 0.99)],
    };
  }

  console.log('# @keeper/core message writer under an open-loop load: committer settings');
  console.log(calibrationLine());
  console.log(`settings: ${DURATION_MS} ms per run, ${IN_FLIGHT} transactions in flight, ${CONVERSATIONS} conversations, ${rounds} rounds, PostgreSQL ${fixture.version}`);
  await run(rates[0], settings[0]); // warm-up
  const results = new Map();
  for (let round = 0; round < rounds; round++) {
    for (const rate of rates) {
      for (const setting of settings) {
        const r = await run(rate, setting);
        const key = `${rate}/${setting}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(r);
        console.log(`  round ${round + 1} ${rate}/s minBatchWhileBusy ${setting}: ${r.batch.toFixed(1)} per statement, PostgreSQL ${r.pg.toFixed(0)} µs/msg, this process ${r.node.toFixed(0)} µs/msg, commit p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms`);
      }
    }
  }
  console.log('| msgs/s | minBatchWhileBusy | messages per statement | PostgreSQL µs/msg | this process µs/msg | commit p50 ms | commit p99 ms |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [key, rs] of results) {
    const [rate, setting] = key.split('/');
    const m = (f) => median(rs.map(f));
    console.log(`| ${rate} | ${setting} | ${m((r) => r.batch).toFixed(1)} | ${m((r) => r.pg).toFixed(0)} | ${m((r) => r.node).toFixed(0)} | ${m((r) => r.p50).toFixed(1)} | ${m((r) => r.p99).toFixed(1)} |`);
  }
} finally {
  await fixture.close();
}
