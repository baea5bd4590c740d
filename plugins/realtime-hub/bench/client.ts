/**
 * Load-generator process: opens many graphql-transport-ws connections with plain `ws` (no graphql-ws
 * client overhead), subscribes per the plan, and counts deliveries, latency (HdrHistogram, µs), order and
 * loss per subscription. Driven over IPC by run.ts; several of these share the 20k open-file limit.
 */
import hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import {
  type ClientCommand,
  type ClientReply,
  type ClientReport,
  expectedFor,
  LOADGEN_WS_OPTIONS,
  type FanoutShape,
  nowMs,
  type Scenario,
  type SubscribeSpec,
  subscriptionsFor,
} from './plan.js';

interface SubState {
  spec: SubscribeSpec;
  run: number;
  last: number;
  count: number;
}

const send = (reply: ClientReply) => process.send!(reply);
const sockets: WebSocket[] = [];
const subsByConn: Map<string, SubState>[] = [];
let scenario: Scenario = 'broadcast';
let shape: FanoutShape;
let run = 0;
let delivered = 0;
let reordered = 0;
let lastReceivedAt = 0;
let closedByServer = 0;
const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });

function onFrame(subs: Map<string, SubState>, data: Buffer): void {
  const message = JSON.parse(data.toString()) as {
    type: string;
    id?: string;
    payload?: { data?: Record<string, { seq: number; sentAt: number; run: number }> };
  };
  if (message.type !== 'next' || !message.id) return;
  const sub = subs.get(message.id);
  const fields = message.payload?.data;
  if (!sub || !fields) return;
  let event: { seq: number; sentAt: number; run: number } | undefined;
  for (const key in fields) event = fields[key];
  if (!event) return;
  if (event.run < run) return; // a straggler from the previous run
  if (event.run > run) {
    run = event.run;
    delivered = 0;
    reordered = 0;
    histogram.reset();
  }
  if (sub.run !== event.run) {
    sub.run = event.run;
    sub.last = 0;
    sub.count = 0;
  }
  // Seqs continue across runs; the first of a run is checked by the count-based loss instead.
  if (sub.last !== 0 && event.seq !== sub.last + 1) reordered++;
  if (event.seq > sub.last) sub.last = event.seq;
  sub.count++;
  delivered++;
  const now = nowMs();
  lastReceivedAt = now;
  histogram.recordValue(Math.max(1, Math.round((now - event.sentAt) * 1000)));
}

async function connect(cmd: Extract<ClientCommand, { cmd: 'connect' }>): Promise<void> {
  scenario = cmd.scenario;
  shape = cmd.shape;
  const started = Date.now();
  let next = 0;
  let failed = 0;
  let connected = 0;
  const openOne = (index: number) =>
    new Promise<void>((resolve) => {
      const url = cmd.urls[index % cmd.urls.length]!;
      const ws = new WebSocket(url, 'graphql-transport-ws', LOADGEN_WS_OPTIONS);
      const specs = subscriptionsFor(scenario, index, shape);
      const subs = new Map<string, SubState>(specs.map((spec) => [spec.id, { spec, run: 0, last: 0, count: 0 }]));
      let acked = false;
      ws.on('open', () => ws.send('{"type":"connection_init","payload":{"authorization":"Bearer bench"}}'));
      ws.on('message', (data: Buffer) => {
        if (!acked) {
          acked = true;
          for (const spec of specs) {
            ws.send(
              JSON.stringify({
                id: spec.id,
                type: 'subscribe',
                payload: { query: spec.query, variables: spec.variables, operationName: spec.operationName },
              }),
            );
          }
          sockets.push(ws);
          subsByConn.push(subs);
          connected++;
          resolve();
          return;
        }
        onFrame(subs, data);
      });
      ws.on('close', (code) => {
        if (code >= 4000 || code === 1001) closedByServer++;
        if (!acked) {
          failed++;
          resolve();
        }
      });
      ws.on('error', () => undefined);
    });
  const worker = async () => {
    while (next < cmd.count) await openOne(cmd.from + next++);
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, worker));
  // Let the subscribe frames be processed before declaring the connections ready.
  await new Promise((r) => setTimeout(r, 200));
  send({ type: 'connected', connected, failed, ms: Date.now() - started });
}

function report(cmd: Extract<ClientCommand, { cmd: 'report' }>): ClientReport {
  let missing = 0;
  for (const subs of subsByConn) {
    for (const sub of subs.values()) {
      const expected = expectedFor(scenario, sub.spec, cmd.sent, shape);
      const got = sub.run === cmd.run ? sub.count : 0;
      if (got < expected) missing += expected - got;
    }
  }
  const current = run === cmd.run;
  return {
    delivered: current ? delivered : 0,
    lastReceivedAt,
    reordered: current ? reordered : 0,
    missing,
    histogram: current && delivered > 0 ? hdr.encodeIntoCompressedBase64(histogram) : null,
    closedByServer,
    connected: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
  };
}

process.on('message', (cmd: ClientCommand) => {
  if (cmd.cmd === 'connect') void connect(cmd);
  else if (cmd.cmd === 'report') send({ type: 'report', report: report(cmd) });
  else if (cmd.cmd === 'close') {
    for (const ws of sockets) ws.terminate();
    send({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
