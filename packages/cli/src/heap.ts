import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { constants } from 'node:os';
import { BootError } from '@keeper/core';

/**
 * V8's young generation for `keeper start`. The hub allocates a frame per delivery and the write path a few
 * objects per message; with Node's default semi-space (16 MB) more of it survives into the old generation,
 * and the engine benchmark's p99 at 12,000 msg/s was 32–300 ms, against 10–13 ms with 64 MB (quiet machine)
 * and 23–50 ms with 32 MB (busier one). 64 MB costs memory where connections are held (11.9 KB per connection
 * at 40,000, over the 10 KB target; 32 MB: 8.2 KB), hence 32. See the plugins/realtime-hub README.
 */
export const DEFAULT_SEMI_SPACE_MB = 32;
const FLAG = '--max-semi-space-size';
/** Set in the server process `keeper start` re-executes, so it does not re-execute again. */
export const RESPAWNED_ENV = 'KEEPER_RESPAWNED';

/**
 * Allocation-site pretenuring off: V8 pretenured the write path's allocation sites while the server started
 * (their objects survived then), and under load those short-lived objects filled the old generation at ~15 MB/s
 * instead of 6.6, with a mark-compact every few seconds holding the event loop back. README has the runs.
 */
const PRETENURING_FLAG = '--no-allocation-site-pretenuring';

/**
 * The V8 flags `keeper start` must run with, or null when the current process already has what it needs:
 * not `start`, already re-executed, or nothing left to add (`KEEPER_SEMI_SPACE_MB=0` or the operator's own
 * semi-space flag, and the operator's own pretenuring flag either way).
 */
export function heapFlagsFor(argv: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | null {
  if (argv[0] !== 'start' || env[RESPAWNED_ENV] === '1') return null;
  const raw = env.KEEPER_SEMI_SPACE_MB ?? String(DEFAULT_SEMI_SPACE_MB);
  const mb = Number(raw);
  if (!/^\d+$/.test(raw) || mb > 1024) {
    throw new BootError('KEEPER_SEMI_SPACE_INVALID', `KEEPER_SEMI_SPACE_MB must be a whole number of MB from 0 (V8's default) to 1024, got "${raw}"`);
  }
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  const has = (name: string) => given.some((arg) => arg === name || arg.startsWith(`${name}=`));
  const flags: string[] = [];
  if (mb !== 0 && !has(FLAG)) flags.push(`${FLAG}=${mb}`);
  if (!has('--allocation-site-pretenuring') && !has(PRETENURING_FLAG)) flags.push(PRETENURING_FLAG);
  return flags.length > 0 ? flags : null;
}

/**
 * Runs `script argv` again in a child with `flags` and waits for it: signals are passed on, its exit code is
 * ours. The child is tied to this process: if this one dies (SIGKILL), the child dies at once too, as one
 * process would, rather than living on as an orphan holding the port and the data directory.
 */
export function respawn(flags: readonly string[], script: string, argv: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, script, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RESPAWNED_ENV]: '1' },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, forward);
  return new Promise((resolve) => {
    // Killed by a signal: exit as a shell reports it, 128 + its number.
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + constants.signals[signal] : 1)));
    child.once('error', (error) => {
      process.stderr.write(`could not start the server process: ${error.message}\n`);
      resolve(1);
    });
  });
}

/** In the re-executed server: die with the launcher (its IPC channel closes when it exits, however it exits). */
export function tieToLauncher(): void {
  // Cluster workers have their own tie to the primary (they exit when it goes).
  if (process.env[RESPAWNED_ENV] !== '1' || !process.send || cluster.isWorker) return;
  // The channel is only a tether: it must not keep a process that is done (a boot error) alive.
  process.channel?.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
