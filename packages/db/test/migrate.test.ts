import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import {
  MigrationChecksumError,
  MigrationFailedError,
  MigrationMissingError,
  type MigrationPackage,
  migrate,
  migrationStatus,
} from '../src/migrate/index.js';
import type { Database } from '../src/types.js';
import { openMemoryDatabase } from '../src/testing/index.js';
import { dialects, type OpenedTestDatabase } from './dialects.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keeper-migrate-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

/** Two packages: `core` and `chat` (which depends on core), like a kernel and a plugin. */
async function makePackages(tag: string): Promise<MigrationPackage[]> {
  const core = join(root, tag, 'core');
  const chat = join(root, tag, 'chat');
  await writeMigration(
    core,
    '20250101000000_init',
    'CREATE TABLE keeper_core.agent (id serial PRIMARY KEY, email text NOT NULL);\nCREATE TABLE keeper_core.log (entry text NOT NULL);',
  );
  await writeMigration(core, '20250102000000_log', "INSERT INTO keeper_core.log VALUES ('core 2');");
  // Unqualified on purpose: the migrator's search_path puts it in keeper_chat.
  await writeMigration(chat, '20250101000000_init', "CREATE TABLE room (id serial PRIMARY KEY);\nINSERT INTO keeper_core.log VALUES ('chat 1');");
  return [
    { name: '@keeper/core', schema: 'keeper_core', migrationsDir: core },
    { name: '@keeper/chat', schema: 'keeper_chat', migrationsDir: chat },
  ];
}

describe.each(dialects)('migrate on $name', (dialect) => {
  let opened: OpenedTestDatabase;
  let db: Database;
  // One database per dialect (opening PGlite costs seconds); each test starts from no keeper schemas.
  beforeAll(async () => {
    opened = await dialect.open();
    db = opened.db;
  });
  afterAll(() => opened.cleanup());
  afterEach(async () => {
    const schemas = await db.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'keeper\\_%'");
    for (const { nspname } of schemas) await db.exec(`DROP SCHEMA "${nspname}" CASCADE`);
  });

  it('applies every pending migration in package order, records it, and is idempotent', async () => {
    const packages = await makePackages(`${dialect.name}-order`);
    const first = await migrate(db, packages);
    expect(first.applied.map((m) => `${m.package} ${m.name}`)).toEqual([
      '@keeper/core 20250101000000_init',
      '@keeper/core 20250102000000_log',
      '@keeper/chat 20250101000000_init',
    ]);
    expect(first.applied[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await db.query('SELECT entry FROM keeper_core.log')).toEqual([{ entry: 'core 2' }, { entry: 'chat 1' }]);
    expect(await db.query("SELECT to_regclass('keeper_chat.room') IS NOT NULL AS ok")).toEqual([{ ok: true }]);
    const recorded = await db.query<{ package: string; name: string; checksum: string }>(
      'SELECT package, name, checksum FROM keeper_meta.migrations ORDER BY applied_at, package DESC, name',
    );
    expect(recorded).toHaveLength(3);

    const second = await migrate(db, packages);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual({ '@keeper/core': 2, '@keeper/chat': 1 });
    expect(await db.query('SELECT count(*)::int AS n FROM keeper_core.log')).toEqual([{ n: 2 }]);
  });

  it('reports status without changing anything, before and after migrating', async () => {
    const packages = await makePackages(`${dialect.name}-status`);
    const before = await migrationStatus(db, packages);
    expect(before.pending.map((m) => `${m.package} ${m.name}`)).toEqual([
      '@keeper/core 20250101000000_init',
      '@keeper/core 20250102000000_log',
      '@keeper/chat 20250101000000_init',
    ]);
    expect(before.pending[0]?.file).toBe(join(packages[0]!.migrationsDir, '20250101000000_init', 'migration.sql'));
    expect(await db.query("SELECT to_regclass('keeper_meta.migrations') AS t")).toEqual([{ t: null }]);
    await migrate(db, packages);
    expect(await migrationStatus(db, packages)).toEqual({ pending: [], alreadyApplied: { '@keeper/core': 2, '@keeper/chat': 1 } });
  });

  it('refuses package lists that repeat a package or a schema', async () => {
    const packages = await makePackages(`${dialect.name}-dupes`);
    await expect(migrate(db, [packages[0]!, packages[0]!])).rejects.toThrow(/listed twice/);
    await expect(migrate(db, [packages[0]!, { ...packages[1]!, schema: 'keeper_core' }])).rejects.toThrow(
      /both claim schema keeper_core/,
    );
  });

  it('creates each package schema even before it has migrations', async () => {
    const report = await migrate(db, [{ name: 'empty', schema: 'keeper_empty', migrationsDir: join(root, 'does-not-exist') }]);
    expect(report.applied).toEqual([]);
    expect(await db.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'keeper_empty'")).toEqual([{ n: 1 }]);
  });

  it('refuses to run when an applied migration was edited, naming the file, and applies nothing', async () => {
    const packages = await makePackages(`${dialect.name}-edited`);
    await migrate(db, packages);
    const core = packages[0]!.migrationsDir;
    await writeFile(join(core, '20250102000000_log', 'migration.sql'), "INSERT INTO keeper_core.log VALUES ('edited');");
    await writeMigration(core, '20250103000000_more', 'CREATE TABLE keeper_core.more (id int);');
    const error = await migrate(db, packages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as Error).message).toContain(join(core, '20250102000000_log', 'migration.sql'));
    expect(await db.query("SELECT to_regclass('keeper_core.more') AS t")).toEqual([{ t: null }]);
  });

  it('refuses to run when an applied migration disappeared', async () => {
    const packages = await makePackages(`${dialect.name}-missing`);
    await migrate(db, packages);
    await rm(join(packages[1]!.migrationsDir, '20250101000000_init'), { recursive: true });
    await expect(migrate(db, packages)).rejects.toBeInstanceOf(MigrationMissingError);
  });

  it('rolls back a failing migration entirely and keeps the ones before it', async () => {
    const packages = await makePackages(`${dialect.name}-failing`);
    const core = packages[0]!.migrationsDir;
    await writeMigration(core, '20250103000000_broken', 'CREATE TABLE keeper_core.half (id int);\nSELECT * FROM no_such_table;');
    const error = await migrate(db, packages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as Error).message).toMatch(/20250103000000_broken of @keeper\/core failed .*no_such_table/);
    expect(await db.query("SELECT to_regclass('keeper_core.half') AS t")).toEqual([{ t: null }]);
    expect(await db.query('SELECT name FROM keeper_meta.migrations ORDER BY name')).toEqual([
      { name: '20250101000000_init' },
      { name: '20250102000000_log' },
    ]);
    // The chat package after the failure was not attempted.
    expect(await db.query("SELECT to_regclass('keeper_chat.room') AS t")).toEqual([{ t: null }]);
  });
});

describe.skipIf(!dialects.some((d) => d.name === 'postgres'))('migrate concurrently on a fresh PostgreSQL database', () => {
  const postgres = dialects.find((d) => d.name === 'postgres')!;
  let opened: OpenedTestDatabase;
  beforeEach(async () => {
    opened = await postgres.open();
  });
  afterEach(() => opened.cleanup());

  it('applies each migration exactly once when several nodes migrate at the same time', async () => {
    const packages = await makePackages('concurrent');
    // A slow migration widens the window in which an unlocked migrator would apply it twice.
    await writeMigration(packages[0]!.migrationsDir, '20250101500000_slow', "SELECT pg_sleep(0.3);\nINSERT INTO keeper_core.log VALUES ('slow');");
    // Separate pools = separate server sessions, as separate nodes would have.
    const nodes = [opened.db, ...(await Promise.all([1, 2, 3].map(() => openDatabase({ url: opened.url!, poolSize: 2 }))))];
    try {
      const reports = await Promise.all(nodes.map((node) => migrate(node, packages)));
      const applied = reports.flatMap((r) => r.applied.map((m) => `${m.package} ${m.name}`)).sort();
      expect(applied).toEqual([
        '@keeper/chat 20250101000000_init',
        '@keeper/core 20250101000000_init',
        '@keeper/core 20250101500000_slow',
        '@keeper/core 20250102000000_log',
      ]);
      expect(await opened.db.query('SELECT entry FROM keeper_core.log ORDER BY entry')).toEqual([
        { entry: 'chat 1' },
        { entry: 'core 2' },
        { entry: 'slow' },
      ]);
      expect(await opened.db.query('SELECT count(*)::int AS n FROM keeper_meta.migrations')).toEqual([{ n: 4 }]);
    } finally {
      await Promise.all(nodes.slice(1).map((node) => node.close()));
    }
  });
});

describe('migrate concurrently on one PGlite database', () => {
  it('serialises concurrent calls in one process', async () => {
    const db = await openMemoryDatabase();
    try {
      const packages = await makePackages('pglite-concurrent');
      const reports = await Promise.all([migrate(db, packages), migrate(db, packages)]);
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 3]);
      expect(await db.query('SELECT count(*)::int AS n FROM keeper_core.log')).toEqual([{ n: 2 }]);
    } finally {
      await db.close();
    }
  });
});
