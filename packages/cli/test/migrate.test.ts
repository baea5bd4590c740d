import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createThrowawayDatabase, testServerUrl, type ThrowawayDatabase } from '@keeper/db/testing';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servicesAvailable } from '@keeper/tooling/services';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../bin/keeper.js');
const fixtures = resolve(import.meta.dirname, 'fixtures');

let throwaway: ThrowawayDatabase;
let migrations: string;

const havePostgres = await servicesAvailable('postgres');

beforeEach(async () => {
  if (!havePostgres) return;
  throwaway = await createThrowawayDatabase(testServerUrl());
  migrations = mkdtempSync(join(tmpdir(), 'keeper-notes-'));
  mkdirSync(join(migrations, '20260101000000_init'));
  writeFileSync(join(migrations, '20260101000000_init', 'migration.sql'), 'CREATE TABLE keeper_acme_notes.notes (id serial PRIMARY KEY, body text NOT NULL);\n');
  mkdirSync(join(migrations, '20260102000000_tags'));
  writeFileSync(join(migrations, '20260102000000_tags', 'migration.sql'), 'ALTER TABLE keeper_acme_notes.notes ADD COLUMN tags text[] NOT NULL DEFAULT ARRAY[]::text[];\n');
});

afterEach(async () => {
  if (!havePostgres) return;
  await throwaway.drop();
  rmSync(migrations, { recursive: true, force: true });
});

async function keeper(args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args, '--config', 'migrate.config.ts'], {
      cwd: fixtures,
      env: { ...process.env, DATABASE_URL: throwaway.url, NOTES_MIGRATIONS: migrations },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

async function appliedCounts(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: throwaway.url });
  await client.connect();
  const rows = await client.query<{ package: string; name: string; n: string }>(
    'SELECT package, name, count(*) AS n FROM keeper_meta.migrations GROUP BY package, name',
  );
  await client.end();
  return Object.fromEntries(rows.rows.map((r) => [`${r.package}/${r.name}`, Number(r.n)]));
}

describe.skipIf(!(await servicesAvailable('postgres')))('keeper migrate', () => {
  it('applies each migration exactly once when two run in parallel on a fresh database', async () => {
    const [a, b] = await Promise.all([keeper(['migrate']), keeper(['migrate'])]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    const counts = await appliedCounts();
    expect(counts['@acme/keeper-plugin-notes/20260101000000_init']).toBe(1);
    expect(counts['@acme/keeper-plugin-notes/20260102000000_tags']).toBe(1);
    expect(Object.keys(counts).some((k) => k.startsWith('@keeper/core/'))).toBe(true);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    // Together they applied everything once: one reports the work, the other finds nothing pending.
    expect(`${a.output}${b.output}`.match(/applied @acme\/keeper-plugin-notes 20260101000000_init/g)).toHaveLength(1);
    expect((await keeper(['migrate'])).output).toContain('up to date');
  }, 60_000);

  it('refuses to run when an applied migration was edited, naming the file', async () => {
    expect((await keeper(['migrate'])).code).toBe(0);
    appendFileSync(join(migrations, '20260101000000_init', 'migration.sql'), '-- edited after it was applied\n');
    const result = await keeper(['migrate']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(join('20260101000000_init', 'migration.sql'));
  }, 60_000);
});
