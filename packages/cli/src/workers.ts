import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { BootError, type ResolvedConfig } from '@keeper/core';

/** `--workers N` (or `auto`: one per core) → a number, with a clear error for anything else. */
export function parseWorkers(value: string | true | undefined): number {
  if (value === undefined) return 1;
  if (value === true || value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new BootError('KEEPER_WORKERS_INVALID', `--workers must be a number from 1 to 256 or "auto", got "${value}"`);
  return n;
}

/**
 * Several processes share the port, so they must share what a process holds: PGlite belongs to one
 * process, and the in-process bus reaches no other. Refuse instead of silently splitting the node.
 */
export function assertWorkersSupported(config: ResolvedConfig, workers: number): void {
  if (workers <= 1) return;
  const missing: string[] = [];
  if (!config.database.url) missing.push('a PostgreSQL server (database.url / DATABASE_URL): embedded PGlite belongs to one process');
  if (!config.redis) missing.push('Redis (redis / REDIS_URL): it is the bus that joins the workers');
  if (missing.length > 0) {
    throw new BootError('KEEPER_WORKERS_UNSUPPORTED', `--workers ${workers} needs ${missing.join(' and ')}.`);
  }
}

/**
 * The primary forks the workers and restarts one that dies; on SIGTERM/SIGINT it forwards the signal
 * and waits for every worker to drain. Returns in workers (which then start the server themselves).
 */
export function runPrimary(workers: number, log: (line: string) => void): void {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: draining ${workers} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
