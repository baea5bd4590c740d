/**
 * Starts and stops the reference Keeper server (apps/server, `keeper start`) for the `platform`
 * scenario: on the local PostgreSQL (a throwaway `keeper_bench_<random>` database, dropped after) with
 * Redis, or on the embedded default (PGlite in a fresh temp folder, no Redis).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onSparePort } from '@keeper/testing/ports';
import { type CpuTimes, cpuByPid, processCpuTimes } from '@keeper/tooling/proc';

export type Storage = 'postgres' | 'embedded';

export interface KeeperServer {
  url: string;
  pid: number;
  /** User and system CPU seconds the server's processes used so far (from /proc). */
  cpuTimes(): CpuTimes;
  stop(): Promise<void>;
}

export const ADMIN = { email: 'bench-admin@shop.test', password: 'bench admin password 1' };

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root (pnpm-workspace.yaml) not found');
    dir = up;
  }
  return dir;
}

const psql = (pgAdminUrl: string, sql: string) => execFileSync('psql', [pgAdminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });

export interface KeeperStartOptions {
  storage: Storage;
  pgAdminUrl: string;
  redisUrl: string;
  core: number | null;
  /** `keeper start --workers N` (PostgreSQL + Redis only). */
  workers?: number;
}

/** Starts the server on a spare port (`onSparePort`: below the ephemeral range, another one when it is taken). */
export async function startKeeper(opts: KeeperStartOptions): Promise<KeeperServer> {
  return onSparePort((port) => startKeeperOn(opts, port));
}

async function startKeeperOn(opts: KeeperStartOptions, port: number): Promise<KeeperServer> {
  const root = repoRoot();
  const cwd = join(root, 'apps/server');
  const tmp = mkdtempSync(join(os.tmpdir(), 'keeper-bench-'));
  // The reference config with the logger at warn: info logs one line per request, which is not what
  // a deployment under load would run with and would measure stdout instead of the platform.
  const configPath = join(tmp, 'keeper.config.ts');
  writeFileSync(
    configPath,
    `import base from ${JSON.stringify(join(cwd, 'keeper.config.ts'))};\nexport default { ...base, logger: { level: 'warn' } };\n`,
  );
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    KEEPER_ADMIN_EMAIL: ADMIN.email,
    KEEPER_ADMIN_PASSWORD: ADMIN.password,
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    KEEPER_REDIS_CLUSTER: undefined,
    KEEPER_DATA_DIR: join(tmp, 'data'),
  };
  let dbName: string | null = null;
  if (opts.storage === 'postgres') {
    dbName = `keeper_bench_${randomBytes(4).toString('hex')}`;
    psql(opts.pgAdminUrl, `CREATE DATABASE ${dbName}`);
    const dbUrl = new URL(opts.pgAdminUrl);
    dbUrl.pathname = `/${dbName}`;
    env.DATABASE_URL = dbUrl.toString();
    env.REDIS_URL = opts.redisUrl;
  }
  env.PORT = String(port);
  const bin = resolve(cwd, 'node_modules/@keeper/cli/bin/keeper.js');
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const argv = [...nodeArgs, bin, 'start', '--config', configPath, ...(opts.workers ? ['--workers', String(opts.workers)] : [])];
  const [cmd, args] = opts.core !== null ? ['taskset', ['-c', String(opts.core), process.execPath, ...argv]] : [process.execPath, argv];
  // BENCH_SERVER_STDOUT=<file> keeps the server's stdout (e.g. with BENCH_SERVER_NODE_ARGS="--trace-gc-nvp").
  const stdoutFile = process.env.BENCH_SERVER_STDOUT;
  const stdout = stdoutFile ? openSync(stdoutFile, 'a') : 'ignore';
  const child: ChildProcess = spawn(cmd, args, { cwd, env, stdio: ['ignore', stdout, 'pipe'] });
  if (typeof stdout === 'number') closeSync(stdout);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const cleanup = () => {
    if (dbName) {
      try {
        psql(opts.pgAdminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      } catch (e) {
        console.log(`  ! could not drop ${dbName}: ${(e as Error).message}`);
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    cleanup();
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`keeper start (${opts.storage}) did not become ready: ${stderr}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    cpuTimes: () => treeCpuTimes(pid),
    stop,
  };
}

/** CPU times of processes and their descendants, summed (keeper start re-executes itself and forks workers). */
export function treeCpuTimes(...pids: number[]): CpuTimes {
  const tree = (id: number): number[] => {
    try {
      const tasks = readdirSync(`/proc/${id}/task`);
      const children = tasks.flatMap((t) => readFileSync(`/proc/${id}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
      return [id, ...children.flatMap(tree)];
    } catch {
      return [id];
    }
  };
  const total = { user: 0, system: 0 };
  for (const id of pids.flatMap(tree)) {
    const times = processCpuTimes(id);
    total.user += times?.user ?? 0;
    total.system += times?.system ?? 0;
  }
  return total;
}

/**
 * CPU seconds of every process with this command name (PostgreSQL's backends, redis-server), by pid: take the
 * difference with `cpuBetween` (@keeper/tooling/proc), so a backend that exits between two samples does not
 * subtract its past.
 */
export function cpuByName(name: string): Map<number, number> {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return cpuByPid(pids);
}
