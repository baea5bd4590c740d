/**
 * `pnpm bench:hub [--quick] [--runs N] [--only held,broadcast,fanout,platform]`
 * Orchestrates server processes (pinned to core 0) and load-generator processes (core 1), prints the
 * machine, versions, settings and a table of medians over the runs; the plain-ws baseline runs in the
 * same invocation.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { calibrationLine } from '@keeper/tooling/calibration';
import { loopbackLine } from '@keeper/tooling/loopback';
import hdr from 'hdr-histogram-js';
import {
  type ClientCommand,
  type ClientReply,
  type ClientReport,
  connectionsFor,
  defaultFanout,
  type FanoutShape,
  type GcTotals,
  type Scenario,
  type ServerCommand,
  type ServerReply,
} from './plan.js';
import { platform } from './platform.js';
import type { SendTransport } from './platform-plan.js';
import { hasTaskset, median, Proc, table } from './procs.js';

type Server = Proc<ServerCommand, ServerReply>;
type Client = Proc<ClientCommand, ClientReply>;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const quick = flag('quick');
/** `--send-over http,ws,widget`: any of them, in that order of appearance. */
const sendTransports = (value: string): SendTransport[] => {
  const known: SendTransport[] = ['http', 'ws', 'widget'];
  const list = value.split(',').filter(Boolean);
  for (const t of list) if (!known.includes(t as SendTransport)) throw new Error(`--send-over: unknown transport ${t} (${known.join(', ')})`);
  return list as SendTransport[];
};
const settings = {
  runs: Number(opt('runs', '3')),
  only: opt('only', 'held,broadcast,fanout').split(',') as (Scenario | 'platform')[],
  held: Number(opt('held', quick ? '5000' : '40000')),
  // How long the held connections sit idle before memory is read (V8 gives back young-generation space
  // it grew while connections ramped up once allocation calms down, after several seconds).
  heldSettleMs: Number(opt('held-settle', '500')),
  perServerProcess: 19_000, // open-file limit 20,000 per process
  perClientProcess: 15_000,
  broadcastSubscribers: Number(opt('subscribers', quick ? '1000' : '2000')),
  broadcastMessages: Number(opt('messages', quick ? '100' : '150')),
  bodyBytes: 120,
  fanout: quick ? { conversations: 1000, agents: 20, teamSize: 5 } : defaultFanout,
  rates: opt('rates', quick ? '1000,4000' : '4000,12000').split(',').map(Number),
  durationMs: Number(opt('duration', quick ? '2000' : '3000')),
  // V8 semi-space (MB) for the engine servers, hub and plain ws alike: what `keeper start` gives its server.
  semiSpaceMb: Number(opt('semi-space', '32')),
  workers: opt('workers', '1,2').split(',').map(Number),
  redis: opt('redis', 'redis://127.0.0.1:6379'),
  connectConcurrency: 256,
  // platform scenario (real keeper start): --conversations, --platform-rates, --embedded-rates, --platform-workers, --send-over
  conversations: Number(opt('conversations', '1000')),
  platformRates: opt('platform-rates', '500,1000,2000').split(',').map(Number),
  embeddedRates: opt('embedded-rates', '200,500').split(',').filter(Boolean).map(Number),
  platformWorkers: opt('platform-workers', '1,2').split(',').map(Number),
  platformTransports: sendTransports(opt('send-over', 'http,ws')),
  platformRuns: Number(opt('runs', quick ? '1' : '3')),
  // Unmeasured warm-up (ms) at the lowest platform rate before each configuration's measured rates; 0 = none.
  platformWarmupMs: Number(opt('warmup', '2000')),
  pg: opt('pg', 'postgres://postgres@127.0.0.1:5432/test'),
};
const pin = hasTaskset() && os.cpus().length >= 2;
const SERVER_CORE = pin ? 0 : null;
const CLIENT_CORE = pin ? 1 : null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = { node: process.version };
  for (const name of ['fastify', '@fastify/websocket', 'ws', 'graphql', 'ioredis']) {
    try {
      const pkg = require.resolve(`${name}/package.json`);
      out[name] = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
    } catch {
      out[name] = '?';
    }
  }
  return out;
}

function machine(): string {
  let nofile = '?';
  try {
    nofile = execFileSync('sh', ['-c', 'ulimit -n']).toString().trim();
  } catch {}
  const cpus = os.cpus();
  return `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes share this machine), ${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, open-file limit ${nofile}, ${os.type()} ${os.release()}`;
}

async function startServers(mode: 'hub' | 'ws', count: number, redis?: string): Promise<{ servers: Server[]; urls: string[] }> {
  const servers: Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const args = ['--mode', mode, ...(redis ? ['--redis', redis, '--prefix', String(process.pid)] : [])];
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    const server: Server = new Proc('./server.js', args, SERVER_CORE, ['--expose-gc', ...(settings.semiSpaceMb > 0 ? [`--max-semi-space-size=${settings.semiSpaceMb}`] : []), '--no-allocation-site-pretenuring', ...profile]);
    const ready = await server.next('ready', 30_000);
    servers.push(server);
    urls.push(`ws://127.0.0.1:${ready.port}/graphql`);
  }
  return { servers, urls };
}

async function connectClients(
  clients: Client[],
  urls: string[],
  scenario: Scenario,
  shape: FanoutShape,
  from: number,
  count: number,
): Promise<number> {
  const per = Math.ceil(count / clients.length);
  const replies = await Promise.all(
    clients.map((client, i) => {
      const n = Math.max(0, Math.min(per, count - i * per));
      return client.request(
        { cmd: 'connect', urls, from: from + i * per, count: n, scenario, shape, concurrency: settings.connectConcurrency },
        'connected',
      );
    }),
  );
  const failed = replies.reduce((s, r) => s + r.failed, 0);
  if (failed > 0) console.log(`  ! ${failed} connections failed`);
  return replies.reduce((s, r) => s + r.connected, 0);
}

function startClients(connections: number): Client[] {
  const n = Math.max(1, Math.ceil(connections / settings.perClientProcess));
  return Array.from({ length: n }, () => new Proc<ClientCommand, ClientReply>('./client.js', [], CLIENT_CORE));
}

async function reports(clients: Client[], run: number, sent: number): Promise<ClientReport[]> {
  return Promise.all(clients.map((c) => c.request({ cmd: 'report', run, sent }, 'report').then((r) => r.report)));
}

/** Polls until everything expected arrived, or deliveries stop growing for ~1 s (a stall is not loss), or the deadline. */
async function drained(clients: Client[], run: number, sent: number, expected: number, maxMs: number): Promise<ClientReport[]> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let stable = 0;
  for (;;) {
    const rs = await reports(clients, run, sent);
    const delivered = rs.reduce((s, r) => s + r.delivered, 0);
    stable = delivered === last ? stable + 1 : 0;
    if (delivered >= expected || Date.now() > deadline || stable >= 3) return rs;
    last = delivered;
    await sleep(300);
  }
}

async function teardown(servers: Server[], clients: Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.request({ cmd: 'close' }, 'closed', 10_000).catch(() => undefined)));
  for (const server of servers) server.send({ cmd: 'exit' }); // a clean exit writes --cpu-prof output
  await Promise.race([Promise.all(servers.map((s) => s.exited)), sleep(3000)]);
  await Promise.all([...clients, ...servers].map((p) => p.kill()));
}

// --- scenarios -----------------------------------------------------------------------------------------

async function held(): Promise<void> {
  const target = settings.held;
  const steps = quick ? [target] : [Math.round(target / 4), Math.round(target / 2), target];
  const serverCount = Math.ceil(target / settings.perServerProcess);
  console.log(
    `\n## held: ramp to ${target} subscribed connections over ${serverCount} server process(es), memory read ${settings.heldSettleMs} ms after each step (--held-settle ms); plain ws for reference`,
  );
  const rows: (string | number)[][] = [];
  for (const mode of ['hub', 'ws'] as const) {
    // The plain-ws memory reference is informational: one run keeps the default bench under ~5 minutes.
    const runs = mode === 'hub' ? settings.runs : 1;
    const perStep: Record<number, { rssPerConn: number[]; heapPerConn: number[]; rssTotal: number[] }> = {};
    for (let run = 1; run <= runs; run++) {
      const { servers, urls } = await startServers(mode, serverCount);
      await sleep(300);
      const base = await Promise.all(servers.map((s) => s.request({ cmd: 'stats' }, 'stats')));
      const clients = startClients(target);
      let connected = 0;
      for (const step of steps) {
        connected += await connectClients(clients, urls, 'held', settings.fanout, connected, step - connected);
        await sleep(settings.heldSettleMs);
        const now = await Promise.all(servers.map((s) => s.request({ cmd: 'stats' }, 'stats')));
        const conns = now.reduce((s, r) => s + r.stats.connections, 0);
        const rss = now.reduce((s, r, i) => s + r.stats.rss - base[i]!.stats.rss, 0);
        const heap = now.reduce((s, r, i) => s + r.stats.heapUsed - base[i]!.stats.heapUsed, 0);
        perStep[step] ??= { rssPerConn: [], heapPerConn: [], rssTotal: [] };
        const entry = perStep[step]!;
        entry.rssPerConn.push(rss / conns);
        entry.heapPerConn.push(heap / conns);
        entry.rssTotal.push(now.reduce((s, r) => s + r.stats.rss, 0));
        console.log(`  ${mode} run ${run}: ${conns} held, server RSS ${(entry.rssTotal.at(-1)! / 2 ** 20).toFixed(0)} MB total`);
      }
      await teardown(servers, clients);
    }
    for (const step of steps) {
      const e = perStep[step]!;
      rows.push([
        mode === 'hub' ? `hub (median of ${runs})` : 'plain ws (1 run)',
        step,
        (median(e.rssTotal) / 2 ** 20).toFixed(0),
        (median(e.rssPerConn) / 1024).toFixed(2),
        (median(e.heapPerConn) / 1024).toFixed(2),
      ]);
    }
  }
  console.log(table(['server', 'connections', 'server RSS total (MB)', 'RSS / conn beyond baseline (KB)', 'heap / conn (KB)'], rows));
}

async function broadcastOnce(mode: 'hub' | 'ws', run: number): Promise<{ rate: number; missing: number; closes: number }> {
  const subs = settings.broadcastSubscribers;
  const { servers, urls } = await startServers(mode, 1);
  const clients = startClients(subs);
  await connectClients(clients, urls, 'broadcast', settings.fanout, 0, subs);
  const server = servers[0]!;
  const send = (messages: number, r: number) =>
    server.request({ cmd: 'broadcast', messages, bodyBytes: settings.bodyBytes, run: r, backlogBytes: subs * 2048 }, 'broadcast-done');
  await send(50, run * 10); // warm-up (JIT), not counted
  await drained(clients, run * 10, 50, subs * 50, 10_000);
  const r = run * 10 + 1;
  const publishStart = Date.now();
  const done = await send(settings.broadcastMessages, r);
  const publishedIn = Date.now() - publishStart;
  const rs = await drained(clients, r, done.sent, subs * done.sent, 60_000);
  if (process.env.BENCH_DEBUG) console.log(`  published ${done.sent} in ${publishedIn} ms`);
  const delivered = rs.reduce((s, x) => s + x.delivered, 0);
  const last = Math.max(...rs.map((x) => x.lastReceivedAt));
  const stats = await server.request({ cmd: 'stats' }, 'stats');
  await teardown(servers, clients);
  return {
    rate: (delivered * 1000) / (last - done.startedAt),
    missing: rs.reduce((s, x) => s + x.missing, 0),
    closes: stats.stats.slowConsumerCloses,
  };
}

async function broadcast(): Promise<void> {
  console.log(`\n## broadcast: 1 topic, ${settings.broadcastSubscribers} subscribers, ${settings.broadcastMessages} messages, hub vs plain ws`);
  const results: Record<'hub' | 'ws', { rate: number; missing: number; closes: number }[]> = { hub: [], ws: [] };
  for (let run = 1; run <= settings.runs; run++) {
    for (const mode of ['hub', 'ws'] as const) {
      const r = await broadcastOnce(mode, run);
      results[mode].push(r);
      console.log(`  run ${run} ${mode}: ${Math.round(r.rate)} delivered/s, missing ${r.missing}`);
    }
  }
  const hub = median(results.hub.map((r) => r.rate));
  const ws = median(results.ws.map((r) => r.rate));
  console.log(
    table(
      ['server', 'delivered/s (median)', 'runs', 'missing', 'slow-consumer closes'],
      [
        ['hub', Math.round(hub), results.hub.map((r) => Math.round(r.rate)).join(' / '), results.hub.reduce((s, r) => s + r.missing, 0), results.hub.reduce((s, r) => s + r.closes, 0)],
        ['plain ws', Math.round(ws), results.ws.map((r) => Math.round(r.rate)).join(' / '), results.ws.reduce((s, r) => s + r.missing, 0), '-'],
      ],
    ),
  );
  console.log(`ratio hub / plain ws: ${(hub / ws).toFixed(2)}x (target >= 0.7x)`);
}

interface FanoutResult {
  delivered: number;
  p50: number;
  p99: number;
  p999: number;
  missing: number;
  reordered: number;
  lagMs: number;
  /** GC pauses of the sending server (with 2 workers: worker 1). */
  gc: GcTotals;
}

async function fanout(): Promise<void> {
  const shape = settings.fanout;
  const conns = connectionsFor('fanout', shape, 0, 0);
  const teams = Math.ceil(shape.agents / shape.teamSize);
  console.log(
    `\n## fanout (customer service): ${shape.conversations} conversations (shopper + assigned agent), ${shape.agents} agents on ${teams} team inbox feeds (${shape.teamSize} each); ${conns} connections; open-loop ${settings.durationMs} ms per rate`,
  );
  console.log(`   each message: 2 conversation deliveries + ${shape.teamSize} inbox previews`);
  const rows: (string | number)[][] = [];
  for (const workers of settings.workers) {
    const redis = workers > 1 ? settings.redis : undefined;
    const { servers, urls } = await startServers('hub', workers, redis);
    const clients = startClients(conns);
    await connectClients(clients, urls, 'fanout', shape, 0, conns);
    await sleep(500);
    let run = 100 * workers;
    // Warm-up (JIT, first allocations), not measured.
    const warm = await servers[0]!.request(
      { cmd: 'fanout', rate: settings.rates[0]!, durationMs: 1000, run: ++run, shape, bodyBytes: settings.bodyBytes },
      'fanout-done',
    );
    await drained(clients, run, warm.sent, warm.sent * (2 + shape.teamSize), 10_000);
    for (const rate of settings.rates) {
      const results: FanoutResult[] = [];
      for (let i = 0; i < settings.runs; i++) {
        run++;
        const done = await servers[0]!.request(
          { cmd: 'fanout', rate, durationMs: settings.durationMs, run, shape, bodyBytes: settings.bodyBytes },
          'fanout-done',
        );
        const expected = done.sent * (2 + shape.teamSize);
        const rs = await drained(clients, run, done.sent, expected, 15_000);
        const merged = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
        for (const r of rs) if (r.histogram) merged.add(hdr.decodeFromCompressedBase64(r.histogram));
        const delivered = rs.reduce((s, r) => s + r.delivered, 0);
        results.push({
          delivered: (delivered * 1000) / settings.durationMs,
          p50: merged.getValueAtPercentile(50) / 1000,
          p99: merged.getValueAtPercentile(99) / 1000,
          p999: merged.getValueAtPercentile(99.9) / 1000,
          missing: rs.reduce((s, r) => s + r.missing, 0),
          reordered: rs.reduce((s, r) => s + r.reordered, 0),
          lagMs: done.maxLagMs,
          gc: done.gc,
        });
        const last = results.at(-1)!;
        console.log(
          `  ${workers} worker(s) ${rate}/s run ${i + 1}: ${Math.round(last.delivered)} delivered/s p50 ${last.p50.toFixed(2)} p99 ${last.p99.toFixed(2)} p99.9 ${last.p999.toFixed(2)} ms, missing ${last.missing}, reordered ${last.reordered}; server GC: ${last.gc.major} major (${last.gc.majorMs.toFixed(0)} ms, longest ${last.gc.maxMajorMs.toFixed(0)} ms), ${last.gc.minor} minor (${last.gc.minorMs.toFixed(0)} ms)`,
        );
        await sleep(300);
      }
      const m = (f: (r: FanoutResult) => number) => median(results.map(f));
      rows.push([
        workers === 1 ? '1 (in-process bus)' : `${workers} (Redis bus)`,
        rate,
        Math.round(m((r) => r.delivered)),
        m((r) => r.p50).toFixed(2),
        m((r) => r.p99).toFixed(2),
        m((r) => r.p999).toFixed(2),
        results.reduce((s, r) => s + r.missing, 0),
        results.reduce((s, r) => s + r.reordered, 0),
        m((r) => r.lagMs).toFixed(1),
      ]);
    }
    await teardown(servers, clients);
  }
  console.log(table(['workers', 'msgs/s sent', 'delivered/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'lost (all runs)', 'reordered (all runs)', 'sender lag ms'], rows));
}

console.log('# @keeper/plugin-realtime-hub benchmark');
console.log(`machine: ${machine()}`);
console.log(calibrationLine());
console.log(await loopbackLine());
console.log(`versions: ${Object.entries(versions()).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(
  `settings: ${quick ? 'quick' : 'default'}, runs ${settings.runs} (tables show medians), server pinned to core ${SERVER_CORE ?? 'none'}, load generators to core ${CLIENT_CORE ?? 'none'}, payload body ${settings.bodyBytes} B, servers with --max-semi-space-size=${settings.semiSpaceMb} --no-allocation-site-pretenuring (as keeper start; --semi-space 0 for V8's default semi-space)${settings.only.includes('platform') ? `, platform warm-up ${settings.platformWarmupMs > 0 ? `${settings.platformWarmupMs} ms at the lowest rate before each configuration's measured rates, not measured` : 'none'} (--warmup ms, 0 = none)` : ''}`,
);
const started = Date.now();
for (const scenario of settings.only) {
  if (scenario === 'held') await held();
  else if (scenario === 'broadcast') await broadcast();
  else if (scenario === 'fanout') await fanout();
  else if (scenario === 'platform')
    await platform({
      conversations: settings.conversations,
      rates: settings.platformRates,
      embeddedRates: settings.embeddedRates,
      workers: settings.platformWorkers,
      transports: settings.platformTransports,
      durationMs: settings.durationMs,
      warmupMs: settings.platformWarmupMs,
      runs: settings.platformRuns,
      bodyBytes: settings.bodyBytes,
      pgAdminUrl: settings.pg,
      redisUrl: settings.redis,
      serverCore: SERVER_CORE,
      clientCore: CLIENT_CORE,
      perAgentConnection: 99,
      senderSockets: 128,
    });
}
console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
process.exit(0);
