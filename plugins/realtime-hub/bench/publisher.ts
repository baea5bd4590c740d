import { type FanoutShape, nowMs, teamOf } from './plan.js';

export type Publish = (topic: string, event: Record<string, unknown>) => void;

/** Per-topic seqs continue across runs (the hub dedupes by seq); clients count per run. */
const conversationSeq = new Map<number, number>();
const teamSeq = new Map<number, number>();
let broadcastSeq = 0;

/**
 * Open-loop sender: message k is due at start + k/rate and carries that intended time, so a sender that
 * falls behind shows up as latency (no coordinated omission). Round-robin over conversations; each message
 * goes to its conversation topic and, as a preview, to the conversation's team inbox topic.
 */
export function runFanout(
  publish: Publish,
  opts: { rate: number; durationMs: number; run: number; shape: FanoutShape; bodyBytes: number },
): Promise<{ startedAt: number; sent: number; maxLagMs: number }> {
  const body = 'x'.repeat(opts.bodyBytes);
  const total = Math.round((opts.rate * opts.durationMs) / 1000);
  const { shape } = opts;
  const startedAt = nowMs();
  let sent = 0;
  let maxLagMs = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = nowMs();
      const due = Math.min(total, Math.floor(((now - startedAt) * opts.rate) / 1000));
      if (due > sent) maxLagMs = Math.max(maxLagMs, now - (startedAt + (sent * 1000) / opts.rate));
      while (sent < due) {
        const c = sent % shape.conversations;
        const sentAt = startedAt + (sent * 1000) / opts.rate;
        const seq = (conversationSeq.get(c) ?? 0) + 1;
        conversationSeq.set(c, seq);
        const conversationId = `c${c}`;
        publish(`conversation:${conversationId}`, {
          messageAdded: { id: `${conversationId}-${seq}`, conversationId, seq, body, sentAt, run: opts.run },
        });
        const team = teamOf(c, shape);
        const tseq = (teamSeq.get(team) ?? 0) + 1;
        teamSeq.set(team, tseq);
        publish(`inbox:t${team}`, {
          conversationEvents: { kind: 'message', conversationId, seq: tseq, sentAt, run: opts.run },
        });
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve({ startedAt, sent, maxLagMs });
      }
    }, 1);
  });
}

/** Closed-loop broadcast: publish as fast as the server drains, gated on its send backlog. */
export function runBroadcast(
  publish: Publish,
  backlog: () => number,
  opts: { messages: number; bodyBytes: number; run: number; backlogBytes: number },
): Promise<{ startedAt: number; sent: number }> {
  const body = 'x'.repeat(opts.bodyBytes);
  const startedAt = nowMs();
  let sent = 0;
  return new Promise((resolve) => {
    const step = () => {
      if (sent >= opts.messages) return resolve({ startedAt, sent });
      if (backlog() < opts.backlogBytes) {
        publish('broadcast', { broadcast: { seq: ++broadcastSeq, body, sentAt: nowMs(), run: opts.run } });
        sent++;
      }
      setImmediate(step);
    };
    step();
  });
}
