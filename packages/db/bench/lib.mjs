// Shared by the benches: settings, the load driver, medians, machine facts.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { calibrationLine } from '@keeper/tooling/calibration';

export const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
export const WRITERS = Number(process.env.BENCH_WRITERS ?? 64);
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);
export const MAX_BATCH = Number(process.env.BENCH_MAX_BATCH ?? 256);
export const MAX_WAIT_MS = Number(process.env.BENCH_MAX_WAIT_MS ?? 0);

// Read from node_modules directly: not every package exports its package.json.
export const version = (name) => JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;

/** WRITERS concurrent loops share ROWS writes; each write is acknowledged before the loop's next one. */
export async function drive(write) {
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

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs every mode once per round (one uncounted warm-up round first), interleaved, and prints medians. */
export async function compare(label, modes, { reset, check }) {
  const results = Object.fromEntries(modes.map(({ name }) => [name, []]));
  for (let run = -1; run < RUNS; run++) {
    for (const mode of modes) {
      await reset();
      const result = await mode.run();
      await check(mode.name);
      if (run >= 0) results[mode.name].push(result);
    }
  }
  console.log(`\n${label}`);
  const medians = {};
  for (const { name } of modes) {
    const r = results[name];
    medians[name] = Math.round(median(r.map((x) => x.rowsPerSec)));
    console.log(
      `  ${name.padEnd(24)} median ${String(medians[name]).padStart(6)} rows/s  p50 ${median(r.map((x) => x.p50)).toFixed(2)} ms  p99 ${median(r.map((x) => x.p99)).toFixed(2)} ms  runs ${r.map((x) => Math.round(x.rowsPerSec)).join(', ')}`,
    );
  }
  return medians;
}

export function machineFacts() {
  let openFiles = 'unknown';
  try {
    openFiles = execSync('sh -c "ulimit -n"').toString().trim();
  } catch {}
  const cpus = os.cpus();
  console.log('machine:', `${cpus.length} cores (${cpus[0]?.model ?? '?'}),`, `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM,`, `open-file limit ${openFiles},`, `${os.type()} ${os.release()}`);
  console.log(calibrationLine());
  console.log('versions:', `node ${process.version}, @electric-sql/pglite ${version('@electric-sql/pglite')}, pg ${version('pg')}, @prisma/client ${version('@prisma/client')}`);
  console.log('settings:', `rows/run ${ROWS}, concurrent writers ${WRITERS}, runs ${RUNS} (median, after 1 warm-up), maxBatch ${MAX_BATCH}, maxWaitMs ${MAX_WAIT_MS}`);
}
