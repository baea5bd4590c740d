/**
 * Subscriber process of the `platform` scenario: one graphql-transport-ws connection per shopper
 * (messageAdded of its conversation) and a few admin-agent connections (messageAdded of a slice of the
 * conversations, the first also on conversationEvents). Counts per run (the run id travels in the
 * message body): deliveries, latency from the intended send time (HdrHistogram, µs), order by seq.
 */
import hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import { nowMs } from './plan.js';
import { type AgentConn, type BenchBody, Q_ADDED, Q_INBOX, type RunCounts, type SubscriberCommand, type SubscriberReply } from './platform-plan.js';

interface Sub {
  /** A conversation id, or 'inbox' (all conversations: order is checked per conversation). */
  topic: string;
  last: Map<string, number>;
  perRun: Map<number, number>;
}

interface RunState {
  delivered: number;
  reordered: number;
  lastReceivedAt: number;
  histogram: hdr.Histogram;
}

const send = (reply: SubscriberReply) => process.send!(reply);
const sockets: WebSocket[] = [];
const subs: Sub[] = [];
const runs = new Map<number, RunState>();
let closedByServer = 0;

function runState(run: number): RunState {
  let state = runs.get(run);
  if (!state) {
    const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
    state = { delivered: 0, reordered: 0, lastReceivedAt: 0, histogram };
    runs.set(run, state);
  }
  return state;
}

function record(sub: Sub, conversationId: string, seq: number, body: string): void {
  let parsed: BenchBody;
  try {
    parsed = JSON.parse(body) as BenchBody;
  } catch {
    return; // not a bench message
  }
  const now = nowMs();
  const state = runState(parsed.r);
  // Seqs are per conversation and continue across runs, so order is checked across runs too.
  const last = sub.last.get(conversationId) ?? 0;
  if (last !== 0 && seq !== last + 1) {
    state.reordered++;
    if (process.env.BENCH_DEBUG_ORDER) console.error(`order ${sub.topic === 'inbox' ? 'inbox' : 'messageAdded'} ${conversationId} last ${last} got ${seq}`);
  }
  if (seq > last) sub.last.set(conversationId, seq);
  sub.perRun.set(parsed.r, (sub.perRun.get(parsed.r) ?? 0) + 1);
  state.delivered++;
  state.lastReceivedAt = now;
  state.histogram.recordValue(Math.max(1, Math.round((now - parsed.t) * 1000)));
}

type Frame = {
  type: string;
  id?: string;
  payload?: {
    data?: {
      messageAdded?: { seq: number; body: string };
      conversationEvents?: { type: string; conversationId: string; message: { seq: number; body: string } | null };
    };
  } & Record<string, unknown>;
};

function open(wsUrl: string, token: string, topics: string[], errors: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false });
    const mine = topics.map((topic) => ({ topic, last: new Map<string, number>(), perRun: new Map<number, number>() }));
    let acked = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as Frame;
      if (frame.type === 'connection_ack' && !acked) {
        acked = true;
        mine.forEach((sub, i) => {
          const payload =
            sub.topic === 'inbox'
              ? { query: Q_INBOX, operationName: 'I' }
              : { query: Q_ADDED, operationName: 'M', variables: { c: sub.topic } };
          ws.send(JSON.stringify({ id: String(i), type: 'subscribe', payload }));
        });
        sockets.push(ws);
        subs.push(...mine);
        resolve(true);
        return;
      }
      if (frame.type === 'ping') ws.send('{"type":"pong"}');
      if (frame.type === 'error' && errors.length < 5) errors.push(JSON.stringify(frame.payload));
      if (frame.type !== 'next' || frame.id === undefined) return;
      const sub = mine[Number(frame.id)];
      const data = frame.payload?.data;
      if (!sub || !data) return;
      if (data.messageAdded) record(sub, sub.topic, data.messageAdded.seq, data.messageAdded.body);
      const event = data.conversationEvents;
      if (event?.type === 'message' && event.message) record(sub, event.conversationId, event.message.seq, event.message.body);
    });
    ws.on('close', (code, reason) => {
      if (acked) closedByServer++;
      else {
        if (errors.length < 5) errors.push(`close ${code} ${reason.toString()}`);
        resolve(false);
      }
    });
    ws.on('error', () => undefined);
  });
}

async function connect(cmd: Extract<SubscriberCommand, { cmd: 'connect' }>): Promise<void> {
  const jobs: { token: string; topics: string[] }[] = [
    ...cmd.shoppers.map((s) => ({ token: s.token, topics: [s.conversationId] })),
    ...cmd.agents.map((a: AgentConn) => ({ token: a.token, topics: [...(a.inbox ? ['inbox'] : []), ...a.conversations] })),
  ];
  const errors: string[] = [];
  let next = 0;
  let connected = 0;
  let failed = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      if (await open(cmd.wsUrl, job.token, job.topics, errors)) connected++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, worker));
  await new Promise((r) => setTimeout(r, 500)); // let the subscribe frames be processed
  send({ type: 'connected', connected, failed, errors });
}

function report(cmd: Extract<SubscriberCommand, { cmd: 'report' }>): void {
  const totalAcked = Object.values(cmd.acked).reduce((s, n) => s + n, 0);
  let missing = 0;
  let expected = 0;
  for (const sub of subs) {
    const want = sub.topic === 'inbox' ? totalAcked : (cmd.acked[sub.topic] ?? 0);
    const got = sub.perRun.get(cmd.run) ?? 0;
    expected += want;
    if (got < want) missing += want - got;
  }
  const state = runs.get(cmd.run);
  const counts: RunCounts = state
    ? {
        delivered: state.delivered,
        reordered: state.reordered,
        lastReceivedAt: state.lastReceivedAt,
        histogram: state.delivered > 0 ? hdr.encodeIntoCompressedBase64(state.histogram) : null,
      }
    : { delivered: 0, reordered: 0, lastReceivedAt: 0, histogram: null };
  send({ type: 'report', counts, missing, expected, closedByServer });
}

process.on('message', (cmd: SubscriberCommand) => {
  if (cmd.cmd === 'connect') void connect(cmd);
  else if (cmd.cmd === 'report') report(cmd);
  else if (cmd.cmd === 'close') {
    for (const ws of sockets) ws.terminate();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
