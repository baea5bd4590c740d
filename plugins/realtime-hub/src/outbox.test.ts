import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Outbox, OutboxPool } from './outbox.js';

/** A socket that never drains (bufferedAmount stuck high) or drains everything, recording what it sent. */
function fakeSocket(stuck: boolean): { ws: WebSocket; sent: string[] } {
  const sent: string[] = [];
  const ws = {
    readyState: 1,
    get bufferedAmount() {
      return stuck ? 1 << 30 : 0;
    },
    send(data: Buffer | string) {
      sent.push(data.toString());
    },
  } as unknown as WebSocket;
  return { ws, sent };
}

const limits = { highWaterBytes: 1024, maxQueueBytes: 1000, maxTotalQueueBytes: 1500, fairShareBytes: 300 };
const tick = () => new Promise((r) => setImmediate(r));

describe('Outbox', () => {
  it('writes queued frames once per tick, joining the shared head with the subscriber tail', async () => {
    const pool = new OutboxPool(limits);
    const { ws, sent } = fakeSocket(false);
    const outbox = new Outbox(ws, pool, () => expect.fail('not slow'));
    outbox.push(Buffer.from('{"type":"next","payload":1,"id":"'), Buffer.from('a"}'));
    outbox.push('{"type":"pong"}');
    expect(sent).toEqual([]);
    await tick();
    expect(sent).toEqual(['{"type":"next","payload":1,"id":"a"}', '{"type":"pong"}']);
    expect(pool.totalBytes).toBe(0);
  });

  it('closes a consumer whose own queue passes maxQueueBytes and releases its memory', async () => {
    const pool = new OutboxPool(limits);
    let slow = 0;
    const outbox = new Outbox(fakeSocket(true).ws, pool, () => slow++);
    for (let i = 0; i < 9; i++) expect(outbox.push('x'.repeat(100))).toBe(true);
    expect(pool.totalBytes).toBe(900);
    expect(outbox.push('x'.repeat(200))).toBe(false);
    expect(slow).toBe(1);
    expect(pool.totalBytes).toBe(0);
    expect(pool.drops).toBe(1);
    expect(outbox.push('late')).toBe(false);
  });

  it('past the global budget, closes connections holding more than their fair share', async () => {
    const pool = new OutboxPool(limits);
    const closed: string[] = [];
    const big = new Outbox(fakeSocket(true).ws, pool, () => closed.push('big'));
    const small = new Outbox(fakeSocket(true).ws, pool, () => closed.push('small'));
    for (let i = 0; i < 9; i++) big.push('x'.repeat(100)); // 900, under its own 1000 limit
    for (let i = 0; i < 2; i++) small.push('x'.repeat(100)); // 200 (total 1100)
    for (let i = 0; i < 5; i++) small.push('x'.repeat(100)); // the 5th would make 1600 > 1500: small holds 600 > 300
    expect(closed).toEqual(['small']);
    expect(pool.totalBytes).toBe(900);
  });
});
