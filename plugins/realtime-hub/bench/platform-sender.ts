/**
 * Sender process of the `platform` scenario: `sendMessage` as the conversation's shopper, open loop
 * (platform-send.ts), over HTTP (keep-alive agent with many sockets) or over WebSocket (one graphql-transport-ws
 * connection per shopper opened here, apart from the shopper's subscribed one in the subscriber process,
 * authenticated once at connection_init, the mutation sent as a `subscribe` operation). Idle with `widget`: the
 * subscriber process sends then, on the shopper's own socket.
 */
import http from 'node:http';
import WebSocket from 'ws';
import { LOADGEN_WS_OPTIONS } from './plan.js';
import type { SenderCommand, SenderReply, Shopper } from './platform-plan.js';
import { type Done, openLoop, type ParsedFrame, SendOps, type Transmit } from './platform-send.js';

const reply = (r: SenderReply) => process.send!(r);
let agent: http.Agent | undefined;

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

/**
 * A shopper's graphql-transport-ws connection used to send mutations; answers by operation id. Once it closes,
 * its pending sends fail at once and later ones fail immediately (it is replaced at the next run).
 */
class WsSender {
  readonly #ops = new SendOps(0);
  readonly #ready: Promise<void>;
  readonly #ws: WebSocket;
  /** Why the socket closed; null while it is open (or opening). */
  #closed: string | null = null;

  constructor(wsUrl: string, token: string) {
    this.#ws = new WebSocket(wsUrl, 'graphql-transport-ws', LOADGEN_WS_OPTIONS);
    this.#ready = new Promise((resolve, reject) => {
      this.#ws.once('open', () => this.#ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      this.#ws.on('message', (raw: Buffer) => {
        // Nearly every frame is an acknowledgement or the complete after it: read by their known shape.
        if (this.#ops.read(raw)) return;
        const frame = JSON.parse(raw.toString()) as ParsedFrame;
        if (frame.type === 'connection_ack') return resolve();
        if (frame.type === 'ping') return this.#ws.send('{"type":"pong"}');
        if (frame.id !== undefined) this.#ops.onFrame(frame);
      });
      this.#ws.once('close', (code, reason) => {
        this.#closed = `socket closed ${code} ${reason.toString()}`;
        reject(new Error(this.#closed));
        this.#ops.failAll(this.#closed);
      });
      // Before the ack it fails the setup; after it the close that follows fails the sends.
      this.#ws.on('error', reject);
    });
  }

  /** Open or opening: usable for the next run. */
  get usable(): boolean {
    return this.#closed === null;
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** Sends the operation `payload` (a JSON object's text) and calls `done` once with its outcome. */
  send(payload: string, done: Done): void {
    if (this.#closed === null) this.#ws.send(this.#ops.frame(payload, done));
    else done(this.#closed);
  }

  close(): void {
    this.#ws.close(1000);
  }
}

const wsSenders = new Map<string, WsSender>();

async function wsSendersFor(wsUrl: string, targets: Shopper[]): Promise<void> {
  const missing = targets.filter((t) => !wsSenders.get(t.token)?.usable);
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
  const transmit: Transmit =
    cmd.transport === 'ws'
      ? (target, payload, done) => wsSenders.get(target.token)!.send(payload, done)
      : (target, payload, done) =>
          post(url, target.token, payload).then(
            (text) => done(ackOf(text)),
            (e: Error) => done(e.message),
          );
  reply(await openLoop(cmd, transmit));
}

process.on('message', (cmd: SenderCommand) => {
  if (cmd.cmd === 'send') {
    // A setup failure (a send socket refused or closed before its ack) ends this process with the reason; the
    // orchestrator's wait for `sent` then fails with "exited (1)".
    run(cmd).catch((error: unknown) => {
      console.error(`platform-sender: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  }
  else if (cmd.cmd === 'close') {
    agent?.destroy();
    for (const sender of wsSenders.values()) sender.close();
    reply({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
