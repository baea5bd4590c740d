/**
 * The open loop of the `platform` scenario's shopper sends, shared by the sender process (`http`, `ws`) and the
 * subscriber process (`widget`: the mutation on the shopper's own subscribed socket). Message k is due at
 * start + k/rate and carries that intended time (and the run id) in its body, so a server (or sender) that falls
 * behind shows up as latency, not as a lower rate that hides it (no coordinated omission). The acknowledgement
 * latency is measured from the same time.
 */
import hdr from 'hdr-histogram-js';
import { nowMs } from './plan.js';
import { readComplete, readSendAck } from './platform-frames.js';
import { type BenchBody, type OpenLoopJob, Q_SEND, type SentReply, type Shopper } from './platform-plan.js';

/** How a send ended: null when acknowledged, else what went wrong (the response, or an error message). */
export type Done = (error: string | null) => void;

/** Sends operation `payload` (a JSON object's text) as `target` and calls `done` once with its outcome (it may call it at once). */
export type Transmit = (target: Shopper, payload: string, done: Done) => void;

/** How long to wait for the last acknowledgements, so an overloaded server cannot hang the bench. */
const SETTLE_DEADLINE_MS = 60_000;

/**
 * The sendMessage operation for target `i`, intended time `t`, message `k`, built from constant parts: the bytes
 * JSON.stringify gives for { query, operationName, variables: { c, b: JSON.stringify(body), m } } (checked here,
 * at the start of every run), without building and serialising two objects per message. m, the
 * clientMessageId, is unique per run and message.
 */
export function payloadBuilder(job: OpenLoopJob): (i: number, t: number, k: number) => string {
  const head = `{"query":${JSON.stringify(Q_SEND)},"operationName":"S","variables":{"c":`;
  const conversation = job.targets.map((target) => JSON.stringify(target.conversationId));
  const padJson = JSON.stringify(JSON.stringify('x'.repeat(job.bodyBytes))).slice(1, -1);
  const tail = `,\\"r\\":${job.run},\\"p\\":${padJson}}","m":"${job.run}-`;
  const payloadOf = (i: number, t: number, k: number) => `${head}${conversation[i]},"b":"{\\"t\\":${t}${tail}${k}"}}`;
  const t = nowMs() + 0.1234;
  const body: BenchBody = { t, r: job.run, p: 'x'.repeat(job.bodyBytes) };
  const variables = { c: job.targets[0]!.conversationId, b: JSON.stringify(body), m: `${job.run}-7` };
  const expected = JSON.stringify({ query: Q_SEND, operationName: 'S', variables });
  if (payloadOf(0, t, 7) !== expected) throw new Error(`sendMessage payload differs from JSON.stringify: ${payloadOf(0, t, 7)} vs ${expected}`);
  return payloadOf;
}

/** Sends round-robin over `job.targets` at `job.rate` for `job.durationMs`, then waits for the outcomes. */
export async function openLoop(job: OpenLoopJob, transmit: Transmit): Promise<SentReply> {
  const payloadOf = payloadBuilder(job);
  const total = Math.round((job.rate * job.durationMs) / 1000);
  const acked: Record<string, number> = {};
  const ackHistogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  let errors = 0;
  let firstError: string | null = null;
  let settled = 0;
  let sent = 0;
  let maxLagMs = 0;
  const startedAt = nowMs();
  const one = (k: number) => {
    const i = k % job.targets.length;
    const target = job.targets[i]!;
    const t = startedAt + (k * 1000) / job.rate;
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
      const due = Math.min(total, Math.floor(((now - startedAt) * job.rate) / 1000) + 1);
      if (due > sent) maxLagMs = Math.max(maxLagMs, now - (startedAt + (sent * 1000) / job.rate));
      while (sent < due) one(sent++);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  // Wait for every acknowledgement (or failure), bounded.
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  while (settled < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return {
    type: 'sent',
    startedAt,
    sent,
    acked,
    errors: errors + (sent - settled),
    firstError: firstError ?? (settled < sent ? `${sent - settled} sends not settled within ${SETTLE_DEADLINE_MS / 1000} s` : null),
    ackHistogram: settled - errors > 0 ? hdr.encodeIntoCompressedBase64(ackHistogram) : null,
    maxLagMs,
    finishedAt: nowMs(),
  };
}

/** A frame parsed with JSON.parse (not of a fast-scanned shape). */
export interface ParsedFrame {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * The sendMessage operations in flight on one graphql-transport-ws socket, by operation id (from `firstId` up, so
 * they never reuse the ids of the socket's subscriptions). A socket that closes fails its pending sends at once.
 */
export class SendOps {
  readonly #pending = new Map<number, Done>();
  #next: number;

  constructor(readonly firstId: number) {
    this.#next = firstId;
  }

  /** Registers `done` and returns the `subscribe` frame to write for operation `payload`. */
  frame(payload: string, done: Done): string {
    const id = this.#next++;
    this.#pending.set(id, done);
    return `{"type":"subscribe","id":"${id}","payload":${payload}}`;
  }

  /** Whether operation id `id` is one of these (sent or to be sent), not a subscription of the socket. */
  owns(id: number): boolean {
    return id >= this.firstId;
  }

  settle(id: number, error: string | null): void {
    const done = this.#pending.get(id);
    if (!done) return;
    this.#pending.delete(id);
    done(error);
  }

  /** Fails every pending send (the socket closed: their answers will not come). */
  failAll(error: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const done of pending) done(error);
  }

  /**
   * An acknowledgement or a complete read by the fast scan (a complete of an operation still pending had no
   * result: an error); false when the frame is neither (parse it). A complete of an id that is not pending (the
   * one after an acknowledgement, or of a subscription of the socket) is read and ignored.
   */
  read(raw: Buffer): boolean {
    const id = readSendAck(raw);
    if (id >= 0) {
      this.settle(id, null);
      return true;
    }
    const completed = readComplete(raw);
    if (completed < 0) return false;
    this.settle(completed, 'completed without a result');
    return true;
  }

  /** A parsed `next`, `error` or `complete` frame of one of these operations. */
  onFrame(frame: ParsedFrame): void {
    const id = Number(frame.id);
    if (frame.type === 'next') {
      const result = frame.payload as { data?: { sendMessage?: unknown } } | undefined;
      this.settle(id, result?.data?.sendMessage ? null : JSON.stringify(frame.payload).slice(0, 300));
    } else if (frame.type === 'error') {
      this.settle(id, JSON.stringify({ errors: frame.payload }).slice(0, 300));
    } else if (frame.type === 'complete') {
      this.settle(id, 'completed without a result');
    }
  }
}
