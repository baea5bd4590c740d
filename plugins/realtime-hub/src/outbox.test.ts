import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
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

/** A real server-side socket and the client reading it. */
async function socketPair(perMessageDeflate: boolean): Promise<{ server: WebSocket; received: string[]; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, perMessageDeflate });
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate });
  const received: string[] = [];
  client.on('message', (data: Buffer, isBinary: boolean) => received.push(`${isBinary ? 'binary:' : ''}${data.toString()}`));
  await new Promise((resolve) => client.once('open', resolve));
  const server = await accepted;
  return {
    server,
    received,
    close: async () => {
      client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

describe('Outbox on a real socket', () => {
  // Payload lengths around the frame header's size classes (7-bit, 16-bit, 64-bit lengths).
  const frames = [125, 126, 65535, 65536, 70000].map((n, i) => `{"n":${i},"p":"${'x'.repeat(n - 14)}"}`);

  for (const deflate of [false, true]) {
    it(`delivers every frame intact and in order (${deflate ? 'permessage-deflate' : 'no extension'})`, async () => {
      const { server, received, close } = await socketPair(deflate);
      try {
        const pool = new OutboxPool({ highWaterBytes: 1 << 20, maxQueueBytes: 1 << 24, maxTotalQueueBytes: 1 << 26, fairShareBytes: 1 << 24 });
        const outbox = new Outbox(server, pool, () => expect.fail('not slow'));
        outbox.push(Buffer.from('{"type":"next","payload":"é✓😀","id":"'), Buffer.from('a"}'));
        outbox.push('{"type":"complete","id":"ü"}');
        for (const frame of frames) outbox.push(frame);
        outbox.push(Buffer.from('{"type":"next","payload":2,"id":"'), Buffer.from('b"}'));
        await expect.poll(() => received.length, { timeout: 5000 }).toBe(frames.length + 3);
        expect(received).toEqual(['{"type":"next","payload":"é✓😀","id":"a"}', '{"type":"complete","id":"ü"}', ...frames, '{"type":"next","payload":2,"id":"b"}']);
        expect(pool.totalBytes).toBe(0);
      } finally {
        await close();
      }
    });
  }

  it('stops at the high-water mark and writes the rest once the socket drains', async () => {
    const { server, received, close } = await socketPair(false);
    try {
      const pool = new OutboxPool({ highWaterBytes: 1000, maxQueueBytes: 1 << 24, maxTotalQueueBytes: 1 << 26, fairShareBytes: 1 << 24 });
      const outbox = new Outbox(server, pool, () => expect.fail('not slow'));
      const many = Array.from({ length: 200 }, (_, i) => `{"i":${i},"p":"${'y'.repeat(300)}"}`);
      for (const frame of many) outbox.push(frame);
      await expect.poll(() => received.length, { timeout: 5000 }).toBe(many.length);
      expect(received).toEqual(many);
      expect(outbox.queuedBytes).toBe(0);
    } finally {
      await close();
    }
  });
});
