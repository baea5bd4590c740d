import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { startServerProcess } from '@keeper/testing';
import { servicesAvailable } from '@keeper/tooling/services';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../bin/keeper.js');
const fixtures = resolve(import.meta.dirname, 'fixtures');
const repoRoot = resolve(import.meta.dirname, '../../..');

async function keeper(args: string[], cwd = fixtures): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// These run the built CLI (bin -> dist), as an integrator would; `pnpm test` builds first.
describe('keeper doctor', () => {
  it('prints the graph of the reference config and exits 0', async () => {
    const result = await keeper(['doctor'], resolve(repoRoot, 'apps/server'));
    expect(result.stdout).toContain('@keeper/core');
    expect(result.stdout).toContain('ok: this config boots');
    expect(result.code).toBe(0);
  });

  it('prints plugins with versions and ranges', async () => {
    const result = await keeper(['doctor', '--config', 'good.config.ts']);
    expect(result.stdout).toMatch(/@keeper-examples\/plugin-hello@0\.1\.0\s+core \^0\.1\.0\s+\[ok\]/);
    expect(result.code).toBe(0);
  });

  it('exits non-zero naming the plugin and the option on a bad option', async () => {
    const result = await keeper(['doctor', '--config', 'bad-option.config.ts']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('@keeper-examples/plugin-hello');
    expect(result.stdout).toContain('maxNameLength');
  });

  it('exits non-zero naming both versions on a core mismatch', async () => {
    const result = await keeper(['doctor', '--config', 'mismatch.config.ts']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('CORE MISMATCH');
    expect(result.stdout).toMatch(/future-plugin@3\.0\.0" requires @keeper\/core \^9\.0\.0, but this is @keeper\/core \d/);
  });

  it('says where it looked when there is no config', async () => {
    const result = await keeper(['doctor'], repoRoot);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('No Keeper config');
  });
});

describe('keeper db diff', () => {
  // Also the guard that core's schema.prisma and its committed migrations agree.
  it('reports no changes for @keeper/core, whose migrations match its schema', async () => {
    const result = await keeper(['db', 'diff', '@keeper/core'], resolve(repoRoot, 'apps/server'));
    expect(result.stdout).toContain("no changes: @keeper/core's migrations already match");
    expect(result.code).toBe(0);
  }, 60_000);

  it('names the known packages when asked for an unknown one', async () => {
    const result = await keeper(['db', 'diff', '@nope/plugin'], resolve(repoRoot, 'apps/server'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no plugin named "@nope/plugin"');
  });
});

describe('keeper start --workers', () => {
  it('refuses several workers on embedded defaults, saying what is missing', async () => {
    const result = await keeper(['start', '--workers', '2', '--config', 'good.config.ts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--workers 2 needs a PostgreSQL server');
    expect(result.stderr).toContain('Redis');
  });

  it('refuses a worker count that is not a number', async () => {
    const result = await keeper(['start', '--workers', 'many', '--config', 'good.config.ts']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--workers must be a number');
  });
});

describe('keeper start: the server process', () => {
  const children = (pid: number) =>
    readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it.skipIf(process.platform !== 'linux')('runs with a 32 MB semi-space and dies with its launcher', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keeper-heap-'));
    const server = await startServerProcess({ bin, args: ['start', '--config', 'good.config.ts'], cwd: fixtures, env: { KEEPER_DATA_DIR: dataDir } });
    try {
      const [pid] = children(server.process.pid!);
      expect(pid).toBeDefined();
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('--max-semi-space-size=32');
      server.process.kill('SIGKILL');
      const deadline = Date.now() + 5000;
      while (alive(pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(alive(pid!)).toBe(false);
    } finally {
      server.process.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!(await servicesAvailable('redis')))('keeper start on a port in use', () => {
  it('exits non-zero with the listen error instead of hanging on its Redis and database connections', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'keeper-port-'));
    const started = Date.now();
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), REDIS_URL: 'redis://127.0.0.1:6379', KEEPER_DATA_DIR: dataDir };
      delete env.DATABASE_URL;
      delete env.KEEPER_REDIS_CLUSTER;
      const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = execFile(
          process.execPath,
          [bin, 'start'],
          {
            cwd: resolve(repoRoot, 'apps/server'),
            env,
            timeout: 60_000,
          },
          (error, _stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
        );
        child.stdin?.end();
      });
      expect(result.stderr).toContain('EADDRINUSE');
      expect(result.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(45_000);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 70_000);
});
