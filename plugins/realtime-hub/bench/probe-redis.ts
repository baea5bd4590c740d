/** Redis bus throughput probe: N publishes from one bus to a subscriber bus (`node probe-redis.js [N]`). */
import { createRedisBus } from '../src/index.js';

const n = Number(process.argv[2] ?? 50_000);
const prefix = `keeper:probe:${process.pid}:`;
const pub = createRedisBus({ redis: { host: '127.0.0.1', port: 6379 }, channelPrefix: prefix });
const sub = createRedisBus({ redis: 'redis://127.0.0.1:6379', channelPrefix: prefix });
let got = 0;
let resolveDone!: () => void;
const done = new Promise<void>((r) => {
  resolveDone = r;
});
sub.attach({
  message: () => {
    if (++got === n) resolveDone();
  },
  resync: () => undefined,
});
for (let t = 0; t < 100; t++) sub.subscribe(`t${t}`);
await Promise.all([pub.ready(), sub.ready()]);
await new Promise((r) => setTimeout(r, 200));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
// Bursts of 24 per event-loop turn: what the fan-out sender produces at 12,000 msg/s (2 topics each).
for (let i = 0; i < n; i++) {
  void pub.publish(`t${i % 100}`, { seq: i, body: 'x'.repeat(120) });
  if (i % 24 === 23) await new Promise((r) => setImmediate(r));
}
await done;
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(`${n} msgs in ${ms.toFixed(0)} ms (${Math.round((n * 1000) / ms)}/s), process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
await Promise.all([pub.close(), sub.close()]);
