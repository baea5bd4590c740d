/**
 * Open-loop sender of the `platform` scenario: `sendMessage` over HTTP (keep-alive agent with many
 * sockets) as the conversation's shopper. Message k is due at start + k/rate and carries that intended
 * time in its body, so a server (or sender) that falls behind shows up as latency, not as a lower rate
 * that hides it (no coordinated omission). The acknowledgement latency is measured from the same time.
 */
import http from 'node:http';
import hdr from 'hdr-histogram-js';
import { nowMs } from './plan.js';
import { type BenchBody, Q_SEND, type SenderCommand, type SenderReply } from './platform-plan.js';

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

async function run(cmd: Extract<SenderCommand, { cmd: 'send' }>): Promise<void> {
  agent ??= new http.Agent({ keepAlive: true, maxSockets: cmd.sockets });
  const url = new URL(cmd.url);
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
    return post(url, target.token, payload)
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
    reply({ type: 'closed' });
    setTimeout(() => process.exit(0), 50);
  }
});
