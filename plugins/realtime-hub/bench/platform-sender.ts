/**
 * Open-loop sender of the `platform` scenario: `sendMessage` as the conversation's shopper, over HTTP
 * (keep-alive agent with many sockets) or over WebSocket (one graphql-transport-ws connection per
 * shopper, authenticated once at connection_init, the mutation sent as a `subscribe` operation). Message k is due at start + k/rate and carries that intended
 * time in its body, so a server (or sender) that falls behind shows up as latency, not as a lower rate
 * that hides it (no coordinated omission). The acknowledgement latency is measured from the same time.
 */
import http from 'node:http';
import hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import { nowMs } from './plan.js';
import { readSendAck } from './platform-frames.js';
import { type BenchBody, Q_SEND, type SenderCommand, type SenderReply, type Shopper } from './platform-plan.js';

const reply = (r: SenderReply) => process.send!(r);
let agent: http.Agent | undefined;

/** How a send ended: null when acknowledged, else what went wrong (the response, or an error message). */
type Done = (error: string | null) => void;

/** The answer to a sendMessage over HTTP: acknowledged, or the response as the error. */
function ackOf(text: string): string | null {
  try {
    const res = JSON.parse(text) as { data?: { sendMessage?: { seq: number } } };
    if (res.data?.sendMessage) return null;
  } catch {
    // not JSON: reported as is
  }
  return text.slice(0, 300);
}

function post(url: URL, token: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A shopper's graphql-transport-ws connection used to send mutations; answers by operation id. */
class WsSender {
  readonly #pending = new Map<number, Done>();
  readonly #ready: Promise<void>;
  #ws: WebSocket;
  #next = 0;

  constructor(wsUrl: string, token: string) {
    this.#ws = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    this.#ready = new Promise((resolve, reject) => {
      this.#ws.once('open', () => this.#ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      this.#ws.on('message', (raw: Buffer) => {
        // Nearly every frame is an acknowledgement or the complete after it: read by their known shape.
        const id = readSendAck(raw);
        if (id === -2) return;
        if (id >= 0) return this.#settle(id, null);
        const frame = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: unknown };
        if (frame.type === 'connection_ack') return resolve();
        if (frame.type === 'ping') return this.#ws.send('{"type":"pong"}');
        if (frame.id === undefined) return;
        if (frame.type === 'next') {
          const result = frame.payload as { data?: { sendMessage?: unknown } } | undefined;
          this.#settle(Number(frame.id), result?.data?.sendMessage ? null : JSON.stringify(frame.payload).slice(0, 300));
        } else if (frame.type === 'error') {
          this.#settle(Number(frame.id), JSON.stringify({ errors: frame.payload }).slice(0, 300));
        }
      });
      this.#ws.once('close', (code, reason) => {
        const error = new Error(`socket closed ${code} ${reason.toString()}`);
        reject(error);
        for (const done of this.#pending.values()) done(error.message);
        this.#pending.clear();
      });
      this.#ws.once('error', reject);
    });
  }

  #settle(id: number, error: string | null): void {
    const done = this.#pending.get(id);
    if (!done) return;
    this.#pending.delete(id);
    done(error);
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** Sends the operation `payload` (a JSON object's text) and calls `done` once with its outcome. */
  send(payload: string, done: Done): void {
    const id = this.#next++;
    this.#pending.set(id, done);
    this.#ws.send(`{"type":"subscribe","id":"${id}","payload":${payload}}`);
  }

  close(): void {
    this.#ws.close(1000);
  }
}

const wsSenders = new Map<string, WsSender>();

async function wsSendersFor(wsUrl: string, targets: Shopper[]): Promise<void> {
  const missing = targets.filter((t) => !wsSenders.has(t.token));
  for (let i = 0; i < missing.length; i += 64) {
    await Promise.all(
      missing.slice(i, i + 64).map((t) => {
        const sender = new WsSender(wsUrl, t.token);
        wsSenders.set(t.token, sender);
        return sender.ready();
      }),
    );
  }
}

async function run(cmd: Extract<SenderCommand, { cmd: 'send' }>): Promise<void> {
  agent ??= new http.Agent({ keepAlive: true, maxSockets: cmd.sockets });
  const url = new URL(cmd.url);
  if (cmd.transport === 'ws') await wsSendersFor(cmd.url.replace(/^http/, 'ws'), cmd.targets);
  const transmit = (target: Shopper, payload: string, done: Done) => {
    if (cmd.transport === 'ws') wsSenders.get(target.token)!.send(payload, done);
    else
      post(url, target.token, payload).then(
        (text) => done(ackOf(text)),
        (e: Error) => done(e.message),
      );
  };
  const total = Math.round((cmd.rate * cmd.durationMs) / 1000);
  const acked: Record<string, number> = {};
  const ackHistogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  let errors = 0;
  let firstError: string | null = null;
  let settled = 0;
  let sent = 0;
  let maxLagMs = 0;
  // The operation's text is built from constant parts: the bytes JSON.stringify gives for
  // { query, operationName, variables: { c, b: JSON.stringify(body), m } } (checked below), without
  // building and serialising two objects per message. m, the clientMessageId, is unique per run and message.
  const head = `{"query":${JSON.stringify(Q_SEND)},"operationName":"S","variables":{"c":`;
  const conversation = cmd.targets.map((target) => JSON.stringify(target.conversationId));
  const padJson = JSON.stringify(JSON.stringify('x'.repeat(cmd.bodyBytes))).slice(1, -1);
  const tail = `,\\"r\\":${cmd.run},\\"p\\":${padJson}}","m":"${cmd.run}-`;
  const payloadOf = (i: number, t: number, k: number) => `${head}${conversation[i]},"b":"{\\"t\\":${t}${tail}${k}"}}`;
  {
    const t = nowMs() + 0.1234;
    const body: BenchBody = { t, r: cmd.run, p: 'x'.repeat(cmd.bodyBytes) };
    const variables = { c: cmd.targets[0]!.conversationId, b: JSON.stringify(body), m: `${cmd.run}-7` };
    const expected = JSON.stringify({ query: Q_SEND, operationName: 'S', variables });
    if (payloadOf(0, t, 7) !== expected) throw new Error(`sendMessage payload differs from JSON.stringify: ${payloadOf(0, t, 7)} vs ${expected}`);
  }
  const startedAt = nowMs();
  const one = (k: number) => {
    const i = k % cmd.targets.length;
    const target = cmd.targets[i]!;
    const t = startedAt + (k * 1000) / cmd.rate;
    transmit(target, payloadOf(i, t, k), (error) => {
      settled++;
      if (error === null) {
        acked[target.conversationId] = (acked[target.conversationId] ?? 0) + 1;
        ackHistogram.recordValue(Math.max(1, Math.round((nowMs() - t) * 1000)));
      } else {
        errors++;
        firstError ??= error;
      }
    });
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = nowMs();
      const due = Math.min(total, Math.floor(((now - startedAt) * cmd.rate) / 1000) + 1);
      if (due > sent) maxLagMs = Math.max(maxLagMs, now - (startedAt + (sent * 1000) / cmd.rate));
      while (sent < due) one(sent++);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  // Wait for every acknowledgement (or failure), bounded so an overloaded server cannot hang the bench.
  const deadline = Date.now() + 60_000;
  while (settled < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  reply({
    type: 'sent',
    startedAt,
    sent,
    acked,
    errors: errors + (sent - settled),
    firstError,
    ackHistogram: settled > 0 ? hdr.encodeIntoCompressedBase64(ackHistogram) : null,
    maxLagMs,
    finishedAt: nowMs(),
  });
}

process.on('message', (cmd: SenderCommand) => {
  if (cmd.cmd === 'send') void run(cmd);
  else if (cmd.cmd === 'close') {
    agent?.destroy();
    for (const sender of wsSenders.values()) sender.close();
    reply({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
