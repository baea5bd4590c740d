import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff, migrate, migrationSlug, nextTimestamp } from '../src/migrate/index.js';
import { openMemoryDatabase } from '../src/testing/index.js';
import { dialects } from './dialects.js';

const fixture = fileURLToPath(new URL('./fixtures/notes/prisma/', import.meta.url));

describe('diff with the WebAssembly schema engine', () => {
  let dir: string;
  let schemaPath: string;
  let migrationsDir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keeper-diff-'));
    schemaPath = join(dir, 'schema.prisma');
    migrationsDir = join(dir, 'migrations');
    await copyFile(join(fixture, 'schema.prisma'), schemaPath);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const packageFor = () => [{ name: 'notes', schema: 'keeper_notes', migrationsDir }];

  it('writes CREATE TABLE SQL for an empty migrations folder', { timeout: 120_000 }, async () => {
    const result = await diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'Init', now: new Date('2025-03-04T05:06:07Z') });
    expect(result.status).toBe('created');
    if (result.status !== 'created') return;
    expect(result.migrationName).toBe('20250304050607_init');
    const sql = await readFile(join(migrationsDir, '20250304050607_init', 'migration.sql'), 'utf8');
    expect(sql).toBe(result.sql);
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "keeper_notes"');
    expect(sql).toContain('CREATE TABLE "keeper_notes"."Author"');
    expect(sql).toContain('CREATE TABLE "keeper_notes"."Note"');
    expect(await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
  });

  it.each(dialects)('applies the generated migration on $name', async (dialect) => {
    const opened = await dialect.open();
    try {
      const report = await migrate(opened.db, packageFor());
      expect(report.applied.map((m) => m.name)).toEqual(['20250304050607_init']);
      expect(await opened.db.query('SELECT count(*)::int AS n FROM keeper_notes."Note"')).toEqual([{ n: 0 }]);
    } finally {
      await opened.cleanup();
    }
  });

  it('writes an ALTER after a schema change, and the result applies on top', { timeout: 60_000 }, async () => {
    const schema = await readFile(schemaPath, 'utf8');
    await writeFile(schemaPath, schema.replace('  body      String\n', '  body      String\n  title     String?\n'));
    const result = await diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'add note title', now: new Date('2025-03-04T05:06:07Z') });
    expect(result.status).toBe('created');
    if (result.status !== 'created') return;
    // Same clock as the first migration: the new one is moved after it so it still sorts last.
    expect(result.migrationName).toBe('20250304050608_add_note_title');
    expect(result.sql).toMatch(/ALTER TABLE "keeper_notes"\."Note" ADD COLUMN\s+"title" TEXT/);
    expect(result.sql).not.toContain('CREATE TABLE');

    const db = await openMemoryDatabase();
    try {
      const report = await migrate(db, packageFor());
      expect(report.applied.map((m) => m.name)).toEqual(['20250304050607_init', '20250304050608_add_note_title']);
      await db.query(`INSERT INTO keeper_notes."Author" (id, email) VALUES ('a', 'a@x')`);
      await db.query(`INSERT INTO keeper_notes."Note" ("authorId", body, title) VALUES ('a', 'b', 't')`);
    } finally {
      await db.close();
    }
  });

  it('reports no changes and writes no folder when schema and migrations agree', async () => {
    const before = await readdir(migrationsDir);
    const result = await diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'nothing' });
    expect(result.status).toBe('no-changes');
    expect(await readdir(migrationsDir)).toEqual(before);
  });

  it('agrees that the committed fixture migration matches the fixture schema', async () => {
    const result = await diff({ prismaSchemaPath: join(fixture, 'schema.prisma'), migrationsDir: join(fixture, 'migrations'), name: 'check' });
    expect(result.status).toBe('no-changes');
  });
});

describe('diff errors', () => {
  it('names the migration file that cannot be replayed, and the schema file that does not validate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keeper-diff-err-'));
    try {
      const schemaPath = join(dir, 'schema.prisma');
      await writeFile(schemaPath, 'datasource db {\n  provider = "postgresql"\n}\n\nmodel X {\n  id   Int @id\n  name Strin\n}\n');
      const migrationsDir = join(dir, 'migrations');
      await expect(diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'x' })).rejects.toThrow(/Strin/);
      await mkdir(join(migrationsDir, '20250101000000_bad'), { recursive: true });
      await writeFile(join(migrationsDir, '20250101000000_bad', 'migration.sql'), 'CREATE TABLE x (;');
      await expect(diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'x' })).rejects.toThrow(
        `Replaying ${join(migrationsDir, '20250101000000_bad', 'migration.sql')} failed`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('migration naming', () => {
  it('slugs names like Prisma and rejects empty ones', () => {
    expect(migrationSlug('  Add Message-Tags! ')).toBe('add_message_tags');
    expect(() => migrationSlug('!!')).toThrow(/no letters or digits/);
  });

  it('keeps timestamps increasing past the newest migration', () => {
    expect(nextTimestamp(new Date('2025-01-02T03:04:05Z'))).toBe('20250102030405');
    expect(nextTimestamp(new Date('2025-01-02T03:04:05Z'), '20250102030405_x')).toBe('20250102030406');
    expect(nextTimestamp(new Date('2025-01-02T03:04:05Z'), '20301231235959_future')).toBe('20310101000000');
    expect(nextTimestamp(new Date('2025-01-02T03:04:05Z'), '20240101000000_old')).toBe('20250102030405');
  });
});
