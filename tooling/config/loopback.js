/**
 * The second calibration: what the kernel charges for a message between two processes here. Every benchmark of a
 * network server on one box is made of these (a write, the loopback TCP path, a wake-up of the other process, a
 * read); on virtual machines that cost moves with the host's load while pure JavaScript (`calibration()`) does not.
 *
 * Two child processes, pinned to cores 0 and 1 like the benchmarks' server and load generator where `taskset` and
 * two cores exist: one echoes, the other sends 200-byte messages one at a time over loopback TCP and times
 * 5 runs of 5,000 round trips. The result is µs per round trip (two messages, two wake-ups), median of the runs.
 *
 * Run as a script, this file is either child: `loopback.js echo` or `loopback.js ping <port>`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const MESSAGE_BYTES = 200;
const ROUND_TRIPS = 5000;
const RUNS = 5;
const TIMEOUT_MS = 60_000;

/** Whether `taskset` can pin processes here (the benchmarks pin servers and load generators with it). */
export function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts `loopback.js <args>` on `core` (when pinning is possible); resolves with its first stdout line. */
function child(args, core) {
  const script = fileURLToPath(import.meta.url);
  const argv = [script, ...args];
  const proc = core === null ? spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('taskset', ['-c', String(core), process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  const line = new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    proc.once('exit', (code) => reject(new Error(`loopback calibration: ${args[0]} exited with ${code}: ${stderr.trim()}`)));
  });
  return { proc, line };
}

/** Median µs per loopback round trip between two processes (see the file's comment). */
export async function loopbackCalibration() {
  const pin = cpus().length >= 2 && hasTaskset();
  const echo = child(['echo'], pin ? 0 : null);
  let ping;
  const timer = setTimeout(() => {
    echo.proc.kill();
    ping?.proc.kill();
  }, TIMEOUT_MS);
  try {
    const port = await echo.line;
    ping = child(['ping', port], pin ? 1 : null);
    const result = JSON.parse(await ping.line);
    return { microseconds: result.median, pinned: pin };
  } finally {
    clearTimeout(timer);
    echo.proc.kill();
    ping?.proc.kill();
  }
}

/** `loopback: N µs ...`: the line the network benchmarks print after `calibration:`. */
export async function loopbackLine() {
  const { microseconds, pinned } = await loopbackCalibration();
  return `loopback: ${microseconds.toFixed(1)} µs per round trip of a ${MESSAGE_BYTES}-byte message between two processes over loopback TCP${pinned ? ' (cores 0 and 1)' : ''} (median of ${RUNS} x ${ROUND_TRIPS}; lower is faster: the kernel's share of every message a network benchmark here moves, which JavaScript's calibration does not see)`;
}

function runEcho() {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
}

function runPing(port) {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  const message = Buffer.alloc(MESSAGE_BYTES, 0x61);
  const times = [];
  let received = 0;
  let trips = 0;
  let start = 0;
  const next = () => {
    if (trips === ROUND_TRIPS) {
      times.push(((performance.now() - start) * 1000) / ROUND_TRIPS);
      if (times.length === RUNS) {
        times.sort((a, b) => a - b);
        process.stdout.write(`${JSON.stringify({ median: times[RUNS >> 1], runs: times })}\n`);
        socket.destroy();
        return;
      }
      trips = 0;
      start = performance.now();
    }
    trips++;
    socket.write(message);
  };
  socket.on('data', (chunk) => {
    received += chunk.length;
    // The echo may come back in pieces: the next message goes once all of this one is back.
    if (received < MESSAGE_BYTES) return;
    received -= MESSAGE_BYTES;
    next();
  });
  socket.on('connect', () => {
    start = performance.now();
    next();
  });
  socket.on('error', (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === 'echo') runEcho();
  else if (process.argv[2] === 'ping') runPing(Number(process.argv[3]));
}
