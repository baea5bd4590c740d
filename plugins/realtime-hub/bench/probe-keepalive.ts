/**
 * What one keep-alive tick costs the event loop: pinging every socket in one turn (the hub before it sliced its
 * rounds) against pinging a sixteenth of them (one tick now). A plain `ws` server with N client sockets in this
 * process; times only the loop of `ping()` calls (the writes), 5 times each.
 *
 *   node dist/bench-build/bench/probe-keepalive.js [sockets, default 5000]   (pin it: taskset -c 0 ...)
 */
import WebSocket, { WebSocketServer } from 'ws';

const n = Number(process.argv[2] ?? 5000);
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await new Promise((resolve) => wss.once('listening', resolve));
const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
const clients: WebSocket[] = [];
for (let i = 0; i < n; i += 200) {
  await Promise.all(
    Array.from({ length: Math.min(200, n - i) }, () => new Promise((resolve) => clients.push(new WebSocket(url).once('open', resolve)))),
  );
}
await new Promise((resolve) => setTimeout(resolve, 500));
const sockets = [...wss.clients];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const time = async (count: number, pause: number): Promise<string[]> => {
  const out: string[] = [];
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    for (let i = 0; i < count; i++) sockets[i]!.ping();
    out.push((performance.now() - t).toFixed(1));
    await sleep(pause); // the pongs come back meanwhile
  }
  return out;
};
const all = await time(sockets.length, 1000);
const slice = await time(Math.ceil(sockets.length / 16), 300);
console.log(`${sockets.length} sockets: pinging all in one turn ${all.join(' / ')} ms; a sixteenth (one tick) ${slice.join(' / ')} ms`);
for (const c of clients) c.terminate();
wss.close();
