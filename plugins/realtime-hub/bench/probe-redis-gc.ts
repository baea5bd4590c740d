/**
 * How much of a publisher's garbage survives into V8's old generation, by the way ioredis is driven
 * (`node --expose-gc --initial-old-space-size=512 dist/bench-build/bench/probe-redis-gc.js [seconds]`, Redis on
 * 127.0.0.1:6379; the large initial old space keeps mark-compacts out of the run, so its growth is what was promoted).
 *
 * Each mode publishes 9,000 messages/s of ~700 bytes to 1,000 channels, in bursts every 5 ms (what the bus does
 * at 9,000 chat messages/s), for the given seconds, on its own connection:
 * - `auto`: ioredis auto-pipelining (the bus before the fourth session);
 * - `pipeline`: one explicit `pipeline()` per burst;
 * - `plain`: plain commands, one socket write each;
 * - `corked`: plain commands on a corked socket, one write per burst (the bus now);
 * - `script`: one Lua script call per burst publishing all of it (tried in the sixth session, not kept).
 * A second argument picks modes: `probe-redis-gc.js 4 corked,script`.
 * It prints the old space's growth over the run (what scavenges promoted, as long as no mark-compact ran: their
 * count is printed, and a run with one understates the growth) and the process's CPU time.
 */
import v8 from 'node:v8';
import { Redis } from 'ioredis';
import { watchGc } from './plan.js';

const seconds = Number(process.argv[2] ?? 4);
const rate = 9000;
const body = 'x'.repeat(700);
type Mode = 'auto' | 'pipeline' | 'plain' | 'corked' | 'script';
const PUBLISH_ALL = 'for i = 1, #ARGV, 2 do redis.call("PUBLISH", ARGV[i], ARGV[i + 1]) end return #ARGV / 2';
const gcTotals = watchGc();

const oldSpaceUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

async function run(mode: Mode): Promise<void> {
  const redis = new Redis('redis://127.0.0.1:6379', { enableAutoPipelining: mode === 'auto' });
  await redis.ping();
  redis.defineCommand('publishAll', { numberOfKeys: 0, lua: PUBLISH_ALL });
  gc!();
  await new Promise((r) => setTimeout(r, 50));
  const gcBefore = { ...gcTotals };
  const oldBefore = oldSpaceUsed();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let sent = 0;
  let failed = 0;
  await new Promise<void>((resolve) => {
    const burst = () => {
      const elapsed = performance.now() - start;
      if (elapsed >= seconds * 1000) return resolve();
      const due = Math.floor((elapsed * rate) / 1000);
      const sends: Promise<unknown>[] = [];
      const pipeline = mode === 'pipeline' ? redis.pipeline() : null;
      if (mode === 'corked') redis.stream.cork();
      const pairs: string[] = [];
      for (; sent < due; sent++) {
        if (mode === 'script') {
          pairs.push(`keeper:probe-gc:${process.pid}:${sent % 1000}`, `${sent}|${body}`);
          continue;
        }
        const channel = `keeper:probe-gc:${process.pid}:${sent % 1000}`;
        if (pipeline) pipeline.publish(channel, `${sent}|${body}`);
        else sends.push(redis.publish(channel, `${sent}|${body}`));
      }
      if (mode === 'corked') redis.stream.uncork();
      if (pipeline) sends.push(pipeline.exec());
      if (pairs.length > 0) sends.push((redis as unknown as { publishAll(...args: string[]): Promise<number> }).publishAll(...pairs));
      Promise.all(sends).catch(() => failed++);
      setTimeout(burst, 5);
    };
    burst();
  });
  await redis.quit();
  const cpu = process.cpuUsage(cpuBefore);
  const grown = oldSpaceUsed() - oldBefore;
  console.log(
    `${mode.padEnd(8)} ${sent} publishes in ${seconds} s: old space +${(grown / 2 ** 20).toFixed(1)} MB (${gcTotals.minor - gcBefore.minor} scavenges, ${gcTotals.major - gcBefore.major} mark-compacts), CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms${failed ? `, ${failed} failed bursts` : ''}`,
  );
}

const modes = (process.argv[3]?.split(',') ?? ['auto', 'pipeline', 'plain', 'corked', 'script']) as Mode[];
console.log(`node ${process.version}, ioredis publishes by mode (${modes.join(', ')}), ${rate}/s for ${seconds} s each`);
for (const mode of modes) await run(mode);
