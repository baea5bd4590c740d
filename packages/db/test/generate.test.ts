import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/keeper-prisma-generate.mjs', import.meta.url));
const stub = fileURLToPath(new URL('../bin/prisma-schema-engine-stub.mjs', import.meta.url));
const guard = fileURLToPath(new URL('./support/network-guard.cjs', import.meta.url));
const fixtureSchema = fileURLToPath(new URL('./fixtures/notes/prisma/schema.prisma', import.meta.url));

describe('keeper-prisma-generate', () => {
  let dir: string;
  let guardLog: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keeper-gen-'));
    await mkdir(join(dir, 'prisma'));
    await copyFile(fixtureSchema, join(dir, 'prisma', 'schema.prisma'));
    guardLog = join(dir, 'network.log');
    await writeFile(guardLog, '');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function run(env: Record<string, string | undefined>) {
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: undefined,
      CHECKPOINT_DISABLE: undefined,
      NODE_OPTIONS: `--require ${guard}`,
      KEEPER_NETWORK_GUARD_LOG: guardLog,
      ...env,
    };
    return spawnSync(process.execPath, [bin], { cwd: dir, encoding: 'utf8', env: childEnv as NodeJS.ProcessEnv });
  }

  it('generates a client with the stub engine and without any network access', async () => {
    const result = run({});
    expect(result.stderr).toContain('schema engine stub (native engine absent)');
    expect(result.status, result.stderr).toBe(0);
    const client = await readFile(join(dir, 'src/generated/prisma/client.ts'), 'utf8');
    expect(client).toContain('export const PrismaClient');
    expect(await readFile(guardLog, 'utf8')).toBe('');
  });

  it('uses the engine the environment names instead of the stub', async () => {
    // Any existing executable stands in for an installed native engine: generate never runs it.
    const configured = join(dir, 'schema-engine');
    await copyFile(stub, configured);
    const result = run({ PRISMA_SCHEMA_ENGINE_BINARY: configured });
    expect(result.stderr).toContain(`schema engine ${configured}`);
    expect(result.status).toBe(0);
  });

  it('fails clearly for a missing schema', () => {
    const result = spawnSync(process.execPath, [bin, '--schema', 'nope.prisma'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no Prisma schema at');
  });

  it('has a stub engine that explains itself and fails', () => {
    const result = spawnSync(stub, [], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('native Prisma schema engine is not installed');
  });
});
