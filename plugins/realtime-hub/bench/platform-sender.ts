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
import { type BenchBody, Q_SEND, type SenderCommand, type SenderReply, type Shopper } from './platform-plan.js';

const reply = (r: SenderReply) => process.send!(r);
let agent: http.Agent | undefined;

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
  readonly #pending = new Map<string, { resolve: (text: string) => void; reject: (e: Error) => void }>();
  readonly #ready: Promise<void>;
  #ws: WebSocket;
  #next = 0;

  constructor(wsUrl: string, token: string) {
    this.#ws = new WebSocket(wsUrl, 'graphql-transport-ws', { perMessageDeflate: false });
    this.#ready = new Promise((resolve, reject) => {
      this.#ws.once('open', () => this.#ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      this.#ws.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: unknown };
        if (frame.type === 'connection_ack') return resolve();
        if (frame.type === 'ping') return this.#ws.send('{"type":"pong"}');
        const waiter = frame.id === undefined ? undefined : this.#pending.get(frame.id);
        if (!waiter) return;
        if (frame.type === 'next') {
          this.#pending.delete(frame.id!);
          waiter.resolve(JSON.stringify(frame.payload));
        } else if (frame.type === 'error') {
          this.#pending.delete(frame.id!);
          waiter.resolve(JSON.stringify({ errors: frame.payload }));
        }
      });
      this.#ws.once('close', (code, reason) => {
        const error = new Error(`socket closed ${code} ${reason.toString()}`);
        reject(error);
        for (const waiter of this.#pending.values()) waiter.reject(error);
        this.#pending.clear();
      });
      this.#ws.once('error', reject);
    });
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  send(payload: string): Promise<string> {
    const id = String(this.#next++);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#ws.send(`{"type":"subscribe","id":"${id}","payload":${payload}}`);
    });
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
  const transmit = (target: Shopper, payload: string) =>
    cmd.transport === 'ws' ? wsSenders.get(target.token)!.send(payload) : post(url, target.token, payload);
  const pad = 'x'.repeat(cmd.bodyBytes);
  const total = Math.round((cmd.rate * cmd.durationMs) / 1000);
  const acked: Record<string, number> = {};
  const ackHistogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  let errors = 0;
  let firstError: string | null = null;
  let settled = 0;
  let sent = 0;
  let maxLagMs = 0;
  const startedAt = nowMs();
  const one = (k: number) => {
    const target = cmd.targets[k % cmd.targets.length]!;
    const t = startedAt + (k * 1000) / cmd.rate;
    const body: BenchBody = { t, r: cmd.run, p: pad };
    const payload = JSON.stringify({ query: Q_SEND, operationName: 'S', variables: { c: target.conversationId, b: JSON.stringify(body) } });
    return transmit(target, payload)
      .then((text) => {
        const res = JSON.parse(text) as { data?: { sendMessage?: { seq: number } }; errors?: unknown[] };
        if (res.data?.sendMessage) {
          acked[target.conversationId] = (acked[target.conversationId] ?? 0) + 1;
          ackHistogram.recordValue(Math.max(1, Math.round((nowMs() - t) * 1000)));
        } else {
          errors++;
          firstError ??= text.slice(0, 300);
        }
      })
      .catch((e: Error) => {
        errors++;
        firstError ??= e.message;
      })
      .finally(() => {
        settled++;
      });
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = nowMs();
      const due = Math.min(total, Math.floor(((now - startedAt) * cmd.rate) / 1000) + 1);
      if (due > sent) maxLagMs = Math.max(maxLagMs, now - (startedAt + (sent * 1000) / cmd.rate));
      while (sent < due) void one(sent++);
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
