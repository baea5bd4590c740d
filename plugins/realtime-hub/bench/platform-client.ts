/**
 * Subscriber process of the `platform` scenario: one graphql-transport-ws connection per shopper
 * (messageAdded of its conversation) and a few admin-agent connections (messageAdded of a slice of the
 * conversations, the first also on conversationEvents). Counts per run (the run id travels in the
 * message body): deliveries, latency from the intended send time (HdrHistogram, µs), order by seq.
 *
 * Like a real client it resumes: a connection the server closes after acknowledging it (slow consumer 4290,
 * going away, a reset) is reopened with the same token and every messageAdded is resubscribed with
 * `afterSeq` = the last seq seen for it (the server replays what was missed, then goes live: no gap, no
 * duplicate); the inbox feed (conversationEvents) has no seq, so it is resubscribed plainly and the previews
 * published while it was away are missed by design (counted apart from loss). A subscription the server ends
 * with an error asking to resubscribe is resumed the same way on its connection.
 *
 * With `--send-over widget` this process also runs the open loop of the shopper sends (platform-send.ts): each
 * sendMessage goes as a `subscribe` operation on the shopper's own connection, the one subscribed to its
 * messageAdded (one socket per shopper, as a chat widget holds), and its acknowledgement is read on that socket
 * alongside the deliveries. While a shopper connection is away (closed, not yet resubscribed) its sends are not
 * queued: the ones pending on the closed socket fail at once and new ones fail immediately, counted as errors
 * (a widget would retry them with the same clientMessageId; the bench reports them).
 *
 * `BENCH_TIMELINE=<file>` (finding what makes a run's tail): every 50 ms of receive time, as a line of wall-clock ms,
 * deliveries and the largest latency, appended to the file each second.
 *
 * `BENCH_STALL_AGENT_MS=N` (testing the resume path): the first agent connection (the inbox) stops reading
 * for N ms at the start of every run; once the kernel's socket buffers (a few MB on loopback) and the hub's
 * queue are full, the server closes it as a slow consumer.
 */
import { appendFileSync } from 'node:fs';
import hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import { LOADGEN_WS_OPTIONS, nowMs } from './plan.js';
import { type Delivery, readDelivery } from './platform-frames.js';
import {
  type AgentConn,
  type BenchBody,
  Q_ADDED,
  Q_INBOX,
  Q_RESUME,
  type RunCounts,
  type SubscriberCommand,
  type SubscriberReply,
} from './platform-plan.js';
import { type Done, openLoop, SendOps, type Transmit } from './platform-send.js';

interface Sub {
  /** A conversation id, or 'inbox' (all conversations: order is checked per conversation). */
  topic: string;
  /** Last seq seen, per conversation. */
  last: Map<string, number>;
  perRun: Map<number, number>;
  /** Runs during which this subscription was away (its connection closed, not yet resubscribed). */
  away: Set<number>;
  /** Inbox after a resubscribe: conversations whose next preview may skip the seqs published while away. */
  gapAllowed: Set<string> | null;
  /** Seqs skipped by a gap (counted as reordered then): one arriving late is a delivery, not a duplicate. */
  holes: Map<string, Set<number>> | null;
}

interface RunState {
  delivered: number;
  reordered: number;
  duplicates: number;
  lastReceivedAt: number;
  histogram: hdr.Histogram;
  closedByServer: number;
  reconnects: number;
  resubscribed: number;
}

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 2000;
const MAX_HOLES = 10_000;

const send = (reply: SubscriberReply) => process.send!(reply);
const runs = new Map<number, RunState>();
const subs: Sub[] = [];
const conns: Conn[] = [];
/** The shopper connections that subscribed at setup, by conversation (`widget` sends on them). */
const shopperConns = new Map<string, Conn>();
/** Connections closed and not yet resubscribed. */
const away = new Set<Conn>();
let currentRun = 0;
let shuttingDown = false;
/** Frames the fast scans (delivery, sendMessage acknowledgement, complete) did not read: parsed with JSON.parse. */
let fallbackFrames = 0;
const stallMs = Number(process.env.BENCH_STALL_AGENT_MS ?? 0);
const timelineFile = process.env.BENCH_TIMELINE;
/** 50 ms bucket of receive time → [deliveries, largest latency ms] (only with BENCH_TIMELINE). */
const timeline = new Map<number, [number, number]>();
if (timelineFile) {
  setInterval(() => {
    const current = Math.floor(nowMs() / 50);
    let lines = '';
    for (const [bucket, [count, max]] of timeline) {
      if (bucket >= current) continue;
      lines += `${bucket * 50} ${count} ${max.toFixed(1)}\n`;
      timeline.delete(bucket);
    }
    if (lines) appendFileSync(timelineFile, lines);
  }, 1000).unref();
}

let lastRun = -1;
let lastState: RunState | undefined;

function runState(run: number): RunState {
  if (run === lastRun && lastState) return lastState;
  let state = runs.get(run);
  if (!state) {
    const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
    state = { delivered: 0, reordered: 0, duplicates: 0, lastReceivedAt: 0, histogram, closedByServer: 0, reconnects: 0, resubscribed: 0 };
    runs.set(run, state);
  }
  lastRun = run;
  lastState = state;
  return state;
}

/** Checks order and counts one delivery; `t`/`r` are the intended send time and run id from the body. */
function record(sub: Sub, conversationId: string, seq: number, t: number, r: number): void {
  const now = nowMs();
  const state = runState(r);
  // Seqs are per conversation and continue across runs, so order is checked across runs too.
  const last = sub.last.get(conversationId) ?? 0;
  if (last !== 0 && seq !== last + 1) {
    if (seq <= last) {
      const holes = sub.holes?.get(conversationId);
      if (!holes?.delete(seq)) {
        // Already seen: not counted again.
        state.duplicates++;
        if (process.env.BENCH_DEBUG_ORDER) console.error(`duplicate ${sub.topic === 'inbox' ? 'inbox' : 'messageAdded'} ${conversationId} last ${last} got ${seq}`);
        return;
      }
    } else if (sub.gapAllowed?.delete(conversationId)) {
      // The inbox's first preview of this conversation after a resubscribe: the skipped ones were missed while away.
    } else {
      state.reordered++;
      if (process.env.BENCH_DEBUG_ORDER) console.error(`order ${sub.topic === 'inbox' ? 'inbox' : 'messageAdded'} ${conversationId} last ${last} got ${seq}`);
      sub.holes ??= new Map();
      let holes = sub.holes.get(conversationId);
      if (!holes) {
        holes = new Set();
        sub.holes.set(conversationId, holes);
      }
      for (let s = last + 1; s < seq && holes.size < MAX_HOLES; s++) holes.add(s);
    }
  }
  if (seq > last) sub.last.set(conversationId, seq);
  sub.perRun.set(r, (sub.perRun.get(r) ?? 0) + 1);
  state.delivered++;
  state.lastReceivedAt = now;
  state.histogram.recordValue(Math.max(1, Math.round((now - t) * 1000)));
  if (timelineFile) {
    const bucket = Math.floor(now / 50);
    const entry = timeline.get(bucket);
    if (entry) {
      entry[0]++;
      entry[1] = Math.max(entry[1], now - t);
    } else timeline.set(bucket, [1, now - t]);
  }
}

/** A message of a bench run: its body carries the intended send time and the run id. */
function recordMessage(sub: Sub, conversationId: string, seq: number, body: string): void {
  let parsed: BenchBody;
  try {
    parsed = JSON.parse(body) as BenchBody;
  } catch {
    // Not a bench message: it still moves the conversation's seq.
    if (seq > (sub.last.get(conversationId) ?? 0)) sub.last.set(conversationId, seq);
    return;
  }
  record(sub, conversationId, seq, parsed.t, parsed.r);
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

/** Reused by every frame the fast scan reads. */
const delivery: Delivery = { id: 0, conversationId: null, seq: 0, t: 0, r: 0 };

/**
 * One subscriber connection; reopened with the same token and subscriptions when it closes after its ack. A
 * shopper's also carries its sends (`widget`), as operations with ids after its subscriptions'.
 */
class Conn {
  ws: WebSocket | null = null;
  #attempt = 0;
  readonly #sends: SendOps;
  /** Acknowledged and subscribed: sends go out; false while opening or away. */
  #live = false;

  constructor(
    readonly wsUrl: string,
    readonly token: string,
    readonly subs: Sub[],
    readonly stall: boolean,
  ) {
    this.#sends = new SendOps(subs.length);
  }

  /** Opens, authenticates and subscribes; false when it closed before the ack (the first time: a setup failure). */
  open(errors: string[], resume: boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.wsUrl, 'graphql-transport-ws', LOADGEN_WS_OPTIONS);
      this.ws = ws;
      let acked = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${this.token}` } })));
      ws.on('message', (raw: Buffer) => {
        // Nearly every frame is a delivery of a bench message: read it by its known shape, else parse it.
        if (readDelivery(raw, delivery)) {
          const sub = this.subs[delivery.id];
          if (sub) record(sub, delivery.conversationId ?? sub.topic, delivery.seq, delivery.t, delivery.r);
          return;
        }
        // Then a sendMessage acknowledgement or a complete (`widget`), by their known shape too.
        if (this.#sends.read(raw)) return;
        fallbackFrames++;
        const frame = JSON.parse(raw.toString()) as Frame;
        if (frame.type === 'connection_ack' && !acked) {
          acked = true;
          this.#attempt = 0;
          for (let i = 0; i < this.subs.length; i++) this.#subscribe(i, resume);
          // Sends written after the subscribes: the server handles them in order on the socket.
          this.#live = true;
          resolve(true);
          return;
        }
        if (frame.type === 'ping') ws.send('{"type":"pong"}');
        if (frame.id !== undefined && this.#sends.owns(Number(frame.id))) {
          this.#sends.onFrame(frame);
          return;
        }
        if (frame.type === 'error') this.#error(frame, errors);
        if (frame.type !== 'next' || frame.id === undefined) return;
        const sub = this.subs[Number(frame.id)];
        const data = frame.payload?.data;
        if (!sub || !data) return;
        if (data.messageAdded) recordMessage(sub, sub.topic, data.messageAdded.seq, data.messageAdded.body);
        const event = data.conversationEvents;
        if (event?.type === 'message' && event.message) recordMessage(sub, event.conversationId, event.message.seq, event.message.body);
      });
      ws.on('close', (code, reason) => {
        if (this.ws !== ws) return;
        // Their answers will not come on another socket: failed now, not at the sender's deadline.
        this.#live = false;
        this.#sends.failAll(`shopper socket closed ${code} ${reason.toString()}`);
        if (acked) {
          if (shuttingDown) return;
          runState(currentRun).closedByServer++;
          if (process.env.BENCH_DEBUG_ORDER) console.error(`connection closed ${code} ${reason.toString()}, reconnecting`);
          this.#away();
          this.#reconnect(errors);
        } else if (resume) {
          resolve(false);
          if (!shuttingDown) this.#reconnect(errors);
        } else {
          if (errors.length < 5) errors.push(`close ${code} ${reason.toString()}`);
          resolve(false);
        }
      });
      ws.on('error', () => undefined);
    });
  }

  /** Sends the operation `payload` (`widget`); `done` once with its outcome, at once when the connection is away. */
  sendOp(payload: string, done: Done): void {
    if (this.#live) this.ws!.send(this.#sends.frame(payload, done));
    else done('shopper connection away (reconnecting)');
  }

  /** Subscribes operation `i`; a messageAdded that has seen a seq resumes after it. */
  #subscribe(i: number, resume: boolean): void {
    const sub = this.subs[i]!;
    let payload: object;
    if (sub.topic === 'inbox') {
      payload = { query: Q_INBOX, operationName: 'I' };
      // No seq to resume from: the next preview of each conversation may skip what was published meanwhile.
      if (resume) sub.gapAllowed = new Set(sub.last.keys());
    } else if (resume) {
      payload = { query: Q_RESUME, operationName: 'M', variables: { c: sub.topic, a: sub.last.get(sub.topic) ?? 0 } };
    } else {
      payload = { query: Q_ADDED, operationName: 'M', variables: { c: sub.topic } };
    }
    this.ws!.send(JSON.stringify({ id: String(i), type: 'subscribe', payload }));
  }

  /** An operation the server ended with an error: resumed when the server asks for it, else reported. */
  #error(frame: Frame, errors: string[]): void {
    const text = JSON.stringify(frame.payload);
    const i = Number(frame.id);
    if (!shuttingDown && this.subs[i] && /resubscribe/i.test(text)) {
      const sub = this.subs[i]!;
      if (sub.topic === 'inbox') sub.away.add(currentRun);
      runState(currentRun).resubscribed++;
      this.#subscribe(i, true);
      return;
    }
    if (errors.length < 5) errors.push(text);
  }

  #away(): void {
    away.add(this);
    for (const sub of this.subs) sub.away.add(currentRun);
  }

  #reconnect(errors: string[]): void {
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.#attempt++);
    setTimeout(() => {
      if (shuttingDown) return;
      void this.open(errors, true).then((ok) => {
        if (!ok) return;
        away.delete(this);
        runState(currentRun).reconnects++;
      });
    }, delay).unref();
  }

  /** Stops reading for `ms` (BENCH_STALL_AGENT_MS): the server's send queue for it overflows. */
  stallFor(ms: number): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.pause();
    setTimeout(() => ws.resume(), ms).unref();
  }
}

async function connect(cmd: Extract<SubscriberCommand, { cmd: 'connect' }>): Promise<void> {
  const newSub = (topic: string): Sub => ({ topic, last: new Map(), perRun: new Map(), away: new Set(), gapAllowed: null, holes: null });
  const shopperJobs = cmd.shoppers.map((s) => new Conn(cmd.wsUrl, s.token, [newSub(s.conversationId)], false));
  const jobs: Conn[] = [
    ...shopperJobs,
    ...cmd.agents.map(
      (a: AgentConn, i) => new Conn(cmd.wsUrl, a.token, [...(a.inbox ? ['inbox'] : []), ...a.conversations].map(newSub), i === 0 && stallMs > 0),
    ),
  ];
  const shoppers = new Set(shopperJobs);
  const errors: string[] = [];
  let next = 0;
  let connected = 0;
  let failed = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const conn = jobs[next++]!;
      if (await conn.open(errors, false)) {
        connected++;
        conns.push(conn);
        if (shoppers.has(conn)) shopperConns.set(conn.subs[0]!.topic, conn);
        subs.push(...conn.subs);
      } else failed++;
    }
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, worker));
  await new Promise((r) => setTimeout(r, 500)); // let the subscribe frames be processed
  send({ type: 'connected', connected, failed, errors });
}

function startRun(run: number): void {
  currentRun = run;
  // A subscription still away when a run starts misses (inbox) or replays later (messageAdded) in this run too.
  for (const conn of away) for (const sub of conn.subs) sub.away.add(run);
  if (stallMs > 0) for (const conn of conns) if (conn.stall) conn.stallFor(stallMs);
}

function report(cmd: Extract<SubscriberCommand, { cmd: 'report' }>): void {
  const totalAcked = Object.values(cmd.acked).reduce((s, n) => s + n, 0);
  let missing = 0;
  let missedWhileReconnecting = 0;
  let expected = 0;
  for (const sub of subs) {
    const want = sub.topic === 'inbox' ? totalAcked : (cmd.acked[sub.topic] ?? 0);
    const got = sub.perRun.get(cmd.run) ?? 0;
    expected += want;
    if (got >= want) continue;
    // Only the inbox cannot resume: its shortfall in a run it was away for is by design; a messageAdded is replayed.
    if (sub.topic === 'inbox' && sub.away.has(cmd.run)) missedWhileReconnecting += want - got;
    else missing += want - got;
  }
  const state = runs.get(cmd.run);
  const counts: RunCounts = state
    ? {
        delivered: state.delivered,
        reordered: state.reordered,
        duplicates: state.duplicates,
        lastReceivedAt: state.lastReceivedAt,
        histogram: state.delivered > 0 ? hdr.encodeIntoCompressedBase64(state.histogram) : null,
        closedByServer: state.closedByServer,
        reconnects: state.reconnects,
        resubscribed: state.resubscribed,
      }
    : { delivered: 0, reordered: 0, duplicates: 0, lastReceivedAt: 0, histogram: null, closedByServer: 0, reconnects: 0, resubscribed: 0 };
  send({ type: 'report', counts, missing, missedWhileReconnecting, expected, away: away.size, fallbackFrames });
}

/** `widget`: the open loop on the shopper connections (a shopper whose connection failed at setup: errors). */
async function sendOnShopperSockets(cmd: Extract<SubscriberCommand, { cmd: 'send' }>): Promise<void> {
  const transmit: Transmit = (target, payload, done) => {
    const conn = shopperConns.get(target.conversationId);
    if (conn) conn.sendOp(payload, done);
    else done('no shopper connection (failed at setup)');
  };
  send(await openLoop(cmd, transmit));
}

process.on('message', (cmd: SubscriberCommand) => {
  if (cmd.cmd === 'connect') void connect(cmd);
  else if (cmd.cmd === 'send') void sendOnShopperSockets(cmd);
  else if (cmd.cmd === 'run') startRun(cmd.run);
  else if (cmd.cmd === 'report') report(cmd);
  else if (cmd.cmd === 'close') {
    shuttingDown = true;
    for (const conn of conns) conn.ws?.terminate();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
