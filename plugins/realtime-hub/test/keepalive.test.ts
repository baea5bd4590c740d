import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ChatServer, startChatServer } from './fixtures/chat-server.js';
import { waitUntil } from './fixtures/wait.js';

let server: ChatServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An acknowledged graphql-transport-ws client; `autoPong: false` makes it a peer that no longer answers pings. */
async function client(url: string, autoPong = true): Promise<WebSocket> {
  const ws = new WebSocket(url, 'graphql-transport-ws', { autoPong });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer agent:a1' } })));
    ws.once('message', () => resolve()); // connection_ack
    ws.once('error', reject);
  });
  return ws;
}

describe('keep-alive', () => {
  it('terminates a socket that stopped answering pings and keeps the ones that answer', async () => {
    server = await startChatServer({ limits: { keepAliveMs: 100 } });
    const silent = await client(server.url, false);
    const alive = await client(server.url);
    const closed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    const started = performance.now();
    expect(await closed).toBe(1006); // terminated: no close frame
    // Pinged within one round, found unanswered at the next: about two rounds.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.hub.snapshot().stats.keepAliveTimeouts).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive.readyState).toBe(WebSocket.OPEN);
    alive.close();
  });

  it("spreads a round's pings over the interval instead of pinging every socket in one turn", async () => {
    server = await startChatServer({ limits: { keepAliveMs: 640 } });
    const firstPing: number[] = [];
    const sockets = await Promise.all(Array.from({ length: 32 }, () => client(server!.url)));
    for (const ws of sockets) ws.once('ping', () => firstPing.push(performance.now()));
    await waitUntil(() => firstPing.length === sockets.length, 3000);
    // 16 ticks of 40 ms, two sockets each: the first pings of 32 sockets span most of a round.
    expect(Math.max(...firstPing) - Math.min(...firstPing)).toBeGreaterThan(300);
    for (const ws of sockets) ws.close();
  });
});
