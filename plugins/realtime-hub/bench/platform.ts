/**
 * `pnpm bench:hub --only platform`: the customer-service shape on the real Keeper platform
 * (`keeper start`, reference config with this plugin), messages through the real write path
 * (sendMessage over HTTP → interceptors → group commit → message.created → hub publish).
 * Production configuration (PostgreSQL + Redis) first, then the embedded default (PGlite) at lower rates.
 */
import { execFileSync } from 'node:child_process';
import hdr from 'hdr-histogram-js';
import type {
  AgentConn,
  OpenLoopJob,
  SenderCommand,
  SenderReply,
  SendTransport,
  SentReply,
  Shopper,
  SubscriberCommand,
  SubscriberReply,
} from './platform-plan.js';
import { type CpuTimes, cpuBetween } from '@keeper/tooling/proc';
import { ADMIN, cpuByName, type KeeperServer, type Storage, startKeeper, treeCpuTimes } from './platform-server.js';
import { median, Proc, table } from './procs.js';

const used = (before: CpuTimes, after: CpuTimes) => after.user + after.system - before.user - before.system;

export interface PlatformSettings {
  conversations: number;
  rates: number[];
  embeddedRates: number[];
  /** `keeper start --workers N` values for the PostgreSQL + Redis configuration. */
  workers: number[];
  /** How the shopper sends: over HTTP, over a WebSocket of its own, or on the shopper's subscribed socket (`widget`). */
  transports: SendTransport[];
  durationMs: number;
  /**
   * Unmeasured warm-up before each configuration's measured rates (JIT, pools, prepared statements, the
   * sender's connections): this long at the lowest rate; 0 = none.
   */
  warmupMs: number;
  runs: number;
  bodyBytes: number;
  pgAdminUrl: string;
  redisUrl: string;
  serverCore: number | null;
  clientCore: number | null;
  /** Subscriptions per agent connection (the hub's default cap is 100 per connection). */
  perAgentConnection: number;
  senderSockets: number;
}

type Subscribers = Proc<SubscriberCommand, SubscriberReply>;
type Sender = Proc<SenderCommand, SenderReply>;

interface RunResult {
  acked: number;
  /** Acknowledged sendMessage per second over the time until the last acknowledgement. */
  ackedPerS: number;
  errors: number;
  /** How late the open loop sent its most overdue message (the load generator falling behind shows here too). */
  senderLagMs: number;
  deliveredPerS: number;
  p50: number;
  p99: number;
  p999: number;
  ackP50: number;
  ackP99: number;
  /** messageAdded deliveries that never arrived, and inbox previews missing for any reason but a reconnect. */
  missing: number;
  reordered: number;
  /** A seq at or below the last seen for that subscription and conversation: must stay 0 (resumes included). */
  duplicates: number;
  /** Subscriber connections the server closed in this run (e.g. 4290, slow consumer), and how many were reopened and resubscribed. */
  closedByServer: number;
  reconnects: number;
  /** Subscriptions the server ended with an error and the client resumed on the same connection. */
  resubscribed: number;
  /** Inbox previews published while the inbox subscription was away (no seq, no resume: missed by design). */
  missedWhileReconnecting: number;
  /** Frames the subscriber process parsed with JSON.parse because they did not have the known delivery shape (so far). */
  fallbackFrames: number;
  serverCpu: number;
  /** CPU per acknowledged message (µs), by process group: where a 2-core box's 2,000,000 µs/s go. */
  /** µs per acknowledged message; `serverKernel` and `loadGeneratorKernel` are the system-time parts of theirs. */
  cpuPerMessage: { server: number; serverKernel: number; postgres: number; redis: number; loadGenerator: number; loadGeneratorKernel: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The configuration's name in the output lines and the table. */
const TRANSPORT_LABEL: Record<SendTransport, string> = {
  http: 'sent over HTTP',
  ws: 'sent over WebSocket',
  widget: "sent on the shopper's subscribed socket",
};

const TRANSPORT_DESCRIPTION: Record<SendTransport, (s: PlatformSettings) => string> = {
  http: (s) => `over HTTP (keep-alive, ${s.senderSockets} sockets)`,
  ws: () => 'over WebSocket (a graphql-transport-ws connection per shopper, apart from its subscribed one)',
  widget: () => "on the shopper's subscribed socket (one connection per shopper: the mutation as an operation on the connection that holds its messageAdded, sent by the subscriber process)",
};

async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!json.data || json.errors) throw new Error(`GraphQL failed: ${JSON.stringify(json.errors ?? json)}`);
  return json.data;
}

async function setUp(url: string, n: number): Promise<{ agentToken: string; shoppers: Shopper[] }> {
  const login = await gql<{ agentLogin: { token: string } }>(url, 'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', {
    e: ADMIN.email,
    p: ADMIN.password,
  });
  const shoppers: Shopper[] = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const started = await gql<{ startConversation: { token: string; conversation: { id: string } } }>(
        url,
        'mutation($n: String!) { startConversation(input: { name: $n }) { token conversation { id } } }',
        { n: `Bench shopper ${i}` },
      );
      shoppers[i] = { conversationId: started.startConversation.conversation.id, token: started.startConversation.token };
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return { agentToken: login.agentLogin.token, shoppers };
}

async function drained(subscribers: Subscribers, run: number, acked: Record<string, number>, maxMs: number) {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let stable = 0;
  for (;;) {
    const r = await subscribers.request({ cmd: 'report', run, acked }, 'report');
    stable = r.counts.delivered === last ? stable + 1 : 0;
    // A connection still away (reconnecting) will replay its messageAdded: wait for it.
    if ((r.missing === 0 && r.missedWhileReconnecting === 0) || Date.now() > deadline || (stable >= 4 && r.away === 0)) return r;
    last = r.counts.delivered;
    await sleep(250);
  }
}

async function measure(
  s: PlatformSettings,
  server: KeeperServer,
  subscribers: Subscribers,
  sender: Sender,
  targets: Shopper[],
  transport: SendTransport,
  rate: number,
  durationMs: number,
  run: number,
): Promise<RunResult> {
  // The load generator is both processes whatever the transport (with `widget` the subscriber process sends and
  // the sender process idles).
  const cpuNow = () => ({
    server: server.cpuTimes(),
    postgres: cpuByName('postgres'),
    redis: cpuByName('redis-server'),
    loadGenerator: treeCpuTimes(subscribers.child.pid!, sender.child.pid!),
  });
  subscribers.send({ cmd: 'run', run });
  const before = cpuNow();
  const job: OpenLoopJob = { rate, durationMs, run, targets, bodyBytes: s.bodyBytes };
  const sent: SentReply =
    transport === 'widget'
      ? await subscribers.request({ cmd: 'send', ...job }, 'sent')
      : await sender.request({ cmd: 'send', url: `${server.url}/graphql`, transport, sockets: s.senderSockets, ...job }, 'sent');
  const r = await drained(subscribers, run, sent.acked, 20_000);
  const after = cpuNow();
  if (sent.firstError) console.log(`  ! sendMessage failed ${sent.errors} times, first: ${sent.firstError}`);
  const e2e = r.counts.histogram ? hdr.decodeFromCompressedBase64(r.counts.histogram) : null;
  const ack = sent.ackHistogram ? hdr.decodeFromCompressedBase64(sent.ackHistogram) : null;
  const ms = (h: hdr.Histogram | null, p: number) => (h ? h.getValueAtPercentile(p) / 1000 : Number.NaN);
  const acked = Object.values(sent.acked).reduce((a, b) => a + b, 0);
  // Throughput over the time until the last delivery (at least the sending window).
  const window = Math.max(durationMs, r.counts.lastReceivedAt - sent.startedAt);
  return {
    acked,
    ackedPerS: (acked * 1000) / Math.max(durationMs, sent.finishedAt - sent.startedAt),
    errors: sent.errors,
    senderLagMs: sent.maxLagMs,
    deliveredPerS: (r.counts.delivered * 1000) / window,
    p50: ms(e2e, 50),
    p99: ms(e2e, 99),
    p999: ms(e2e, 99.9),
    ackP50: ms(ack, 50),
    ackP99: ms(ack, 99),
    missing: r.missing,
    reordered: r.counts.reordered,
    duplicates: r.counts.duplicates,
    closedByServer: r.counts.closedByServer,
    reconnects: r.counts.reconnects,
    resubscribed: r.counts.resubscribed,
    missedWhileReconnecting: r.missedWhileReconnecting,
    fallbackFrames: r.fallbackFrames,
    serverCpu: (used(before.server, after.server) * 1000) / window,
    cpuPerMessage: {
      server: (used(before.server, after.server) * 1e6) / Math.max(1, acked),
      serverKernel: ((after.server.system - before.server.system) * 1e6) / Math.max(1, acked),
      postgres: (cpuBetween(before.postgres, after.postgres) * 1e6) / Math.max(1, acked),
      redis: (cpuBetween(before.redis, after.redis) * 1e6) / Math.max(1, acked),
      loadGenerator: (used(before.loadGenerator, after.loadGenerator) * 1e6) / Math.max(1, acked),
      loadGeneratorKernel: ((after.loadGenerator.system - before.loadGenerator.system) * 1e6) / Math.max(1, acked),
    },
  };
}

/** Connections closed by the server and resumed, for the run's log line (empty when none). */
function resumes(r: RunResult): string {
  if (!r.closedByServer && !r.reconnects && !r.resubscribed && !r.missedWhileReconnecting) return '';
  return `, ${r.closedByServer} subscriber connections closed by the server, ${r.reconnects} reconnected and resumed${r.resubscribed ? `, ${r.resubscribed} subscriptions resumed after an error` : ''}, ${r.missedWhileReconnecting} inbox previews missed while reconnecting`;
}

async function scenario(s: PlatformSettings, storage: Storage, rates: number[], workers = 1): Promise<(string | number)[][]> {
  const label = storage === 'postgres' ? `PostgreSQL + Redis, ${workers} worker${workers > 1 ? 's' : ''}` : 'embedded PGlite';
  // One worker is pinned to the server core; several workers get every core (they share them with the load generator).
  const server = await startKeeper({ storage, pgAdminUrl: s.pgAdminUrl, redisUrl: s.redisUrl, core: workers > 1 ? null : s.serverCore, workers });
  // BENCH_LOADGEN_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=DIR") profiles the subscriber and sender processes.
  const loadgenArgs = (process.env.BENCH_LOADGEN_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const subscribers: Subscribers = new Proc('./platform-client.js', [], s.clientCore, loadgenArgs);
  const sender: Sender = new Proc('./platform-sender.js', [], s.clientCore, loadgenArgs);
  const rows: (string | number)[][] = [];
  try {
    const setupStart = Date.now();
    const { agentToken, shoppers } = await setUp(server.url, s.conversations);
    const agents: AgentConn[] = [];
    for (let i = 0; i * s.perAgentConnection < shoppers.length; i++) {
      const slice = shoppers.slice(i * s.perAgentConnection, (i + 1) * s.perAgentConnection).map((x) => x.conversationId);
      agents.push({ token: agentToken, conversations: slice, inbox: i === 0 });
    }
    const wsUrl = `${server.url.replace('http', 'ws')}/graphql`;
    const c = await subscribers.request({ cmd: 'connect', wsUrl, shoppers, agents, concurrency: 64 }, 'connected');
    console.log(
      `  ${label}: ${shoppers.length} conversations started, ${c.connected} connections subscribed (${c.failed} failed) in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`,
    );
    if (c.errors.length) console.log(`  ! subscription errors: ${c.errors.join(' | ')}`);
    let run = storage === 'postgres' ? 1000 : 2000;
    for (const transport of s.transports) {
      const name = `${label}, ${TRANSPORT_LABEL[transport]}`;
      if (s.warmupMs > 0) {
        // Its own run id: the subscribers count per run id (it travels in each message body), so nothing of
        // the warm-up lands in a measured run; its numbers are printed, never tabulated.
        const rate = Math.min(...rates);
        const w = await measure(s, server, subscribers, sender, shoppers, transport, rate, s.warmupMs, ++run);
        console.log(
          `  ${name} warm-up ${rate}/s for ${s.warmupMs} ms (not measured): acked ${w.acked} (errors ${w.errors}), e2e p50 ${w.p50.toFixed(1)} p99 ${w.p99.toFixed(1)} ms, lost ${w.missing}, duplicates ${w.duplicates}${resumes(w)}, load generator ${w.cpuPerMessage.loadGenerator.toFixed(0)} µs/msg, ${w.fallbackFrames} subscriber frames parsed with JSON.parse so far (off the fast shapes: connection acks, pings, errors, non-message events)`,
        );
        await sleep(300);
      }
      for (const rate of rates) {
        const results: RunResult[] = [];
        for (let i = 0; i < s.runs; i++) {
          const r = await measure(s, server, subscribers, sender, shoppers, transport, rate, s.durationMs, ++run);
          results.push(r);
          console.log(
            `  ${name} ${rate}/s run ${i + 1}: acked ${r.acked} (errors ${r.errors}, sender lag at most ${r.senderLagMs.toFixed(0)} ms), ${Math.round(r.deliveredPerS)} delivered/s, e2e p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} p99.9 ${r.p999.toFixed(1)} ms, ack p50 ${r.ackP50.toFixed(1)} p99 ${r.ackP99.toFixed(1)} ms, lost ${r.missing}, duplicates ${r.duplicates}, reordered ${r.reordered}${resumes(r)}, server CPU ${(r.serverCpu * 100).toFixed(0)}%; CPU per message: server ${r.cpuPerMessage.server.toFixed(0)} µs (${r.cpuPerMessage.serverKernel.toFixed(0)} in the kernel), PostgreSQL ${r.cpuPerMessage.postgres.toFixed(0)} µs, Redis ${r.cpuPerMessage.redis.toFixed(0)} µs, load generator ${r.cpuPerMessage.loadGenerator.toFixed(0)} µs (${r.cpuPerMessage.loadGeneratorKernel.toFixed(0)} in the kernel)`,
          );
          await sleep(300);
        }
        const m = (f: (r: RunResult) => number) => median(results.map(f));
        rows.push([
          name,
          rate,
          Math.round(m((r) => r.ackedPerS)),
          results.reduce((a, r) => a + r.errors, 0),
          Math.round(m((r) => r.deliveredPerS)),
          m((r) => r.p50).toFixed(1),
          m((r) => r.p99).toFixed(1),
          m((r) => r.p999).toFixed(1),
          m((r) => r.ackP50).toFixed(1),
          m((r) => r.ackP99).toFixed(1),
          results.reduce((a, r) => a + r.missing, 0),
          results.reduce((a, r) => a + r.duplicates, 0),
          results.reduce((a, r) => a + r.reordered, 0),
          `${results.reduce((a, r) => a + r.closedByServer, 0)} / ${results.reduce((a, r) => a + r.reconnects, 0)}`,
          results.reduce((a, r) => a + r.missedWhileReconnecting, 0),
          `${(m((r) => r.serverCpu) * 100).toFixed(0)}%`,
          m((r) => r.cpuPerMessage.server).toFixed(0),
          m((r) => r.cpuPerMessage.postgres + r.cpuPerMessage.redis + r.cpuPerMessage.loadGenerator).toFixed(0),
        ]);
      }
    }
  } finally {
    await subscribers.request({ cmd: 'close' }, 'closed', 10_000).catch(() => undefined);
    await sender.request({ cmd: 'close' }, 'closed', 10_000).catch(() => undefined);
    // A moment to exit on their own after 'closed' (a --cpu-prof profile is written at exit), then killed.
    await Promise.all([subscribers.kill(2000), sender.kill(2000)]);
    await server.stop();
  }
  return rows;
}

function serviceVersions(s: PlatformSettings): string {
  const run = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { stdio: 'pipe' }).toString().trim();
    } catch {
      return '?';
    }
  };
  const pg = run('psql', [s.pgAdminUrl, '-Atc', 'SHOW server_version']);
  const redis = run('redis-cli', ['-u', s.redisUrl, 'INFO', 'server']).match(/redis_version:(\S+)/)?.[1] ?? '?';
  return `PostgreSQL ${pg}, Redis ${redis}`;
}

export async function platform(s: PlatformSettings): Promise<void> {
  const agentConns = Math.ceil(s.conversations / s.perAgentConnection);
  console.log(
    `\n## platform (production configuration): keeper start (apps/server reference config, NODE_ENV=production, logger warn) with --workers ${s.workers.join(' and ')} (1 worker pinned to core ${s.serverCore ?? 'any'}, more workers unpinned); ${s.conversations} conversations; ${s.conversations} shopper connections on messageAdded + ${agentConns} admin-agent connections (messageAdded of ${s.perAgentConnection} conversations each, the first also on conversationEvents); sendMessage as the shopper ${s.transports.map((t) => TRANSPORT_DESCRIPTION[t](s)).join(' and ')}, open loop ${s.durationMs} ms per rate, ${s.runs} run(s) per rate (medians), ${s.warmupMs > 0 ? `after an unmeasured ${s.warmupMs} ms warm-up at the lowest rate per configuration` : 'no warm-up'}`,
  );
  console.log(`   services: ${serviceVersions(s)}`);
  console.log('   each message: 3 deliveries (shopper, agent, inbox preview); latency from the intended send time in the body; PostgreSQL and Redis are not pinned');
  const rows: (string | number)[][] = [];
  for (const workers of s.workers) rows.push(...(await scenario(s, 'postgres', s.rates, workers)));
  if (s.embeddedRates.length > 0) rows.push(...(await scenario(s, 'embedded', s.embeddedRates)));
  console.log(
    table(
      ['configuration', 'msgs/s offered', 'acked/s', 'send errors', 'delivered/s', 'e2e p50 ms', 'e2e p99 ms', 'e2e p99.9 ms', 'ack p50 ms', 'ack p99 ms', 'lost', 'duplicates', 'reordered', 'closed / reconnected', 'inbox missed reconnecting', 'server CPU', 'server µs/msg', 'PG+Redis+loadgen µs/msg'],
      rows,
    ),
  );
}
