import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/index.js';
import type { Database } from '../src/types.js';
import { dialects, type OpenedTestDatabase } from './dialects.js';

describe.each(dialects)('Database on $name', (dialect) => {
  let opened: OpenedTestDatabase;
  let db: Database;
  beforeAll(async () => {
    opened = await dialect.open();
    db = opened.db;
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await db.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(() => opened.cleanup());

  it('reports its dialect and answers ping', async () => {
    expect(db.dialect).toBe(dialect.name);
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('binds parameters and returns int8/numeric as lossless strings on both dialects', async () => {
    const rows = await db.query<{ big: unknown; n: unknown; i: unknown; p: unknown }>(
      'SELECT 9007199254740993::int8 AS big, 1.50::numeric AS n, 7::int4 AS i, $1::text AS p',
      ['x'],
    );
    expect(rows).toEqual([{ big: '9007199254740993', n: '1.50', i: 7, p: 'x' }]);
    const arrays = await db.query('SELECT ARRAY[1, 9007199254740993]::int8[] AS bigs, ARRAY[1, 2]::int4[] AS ints');
    expect(arrays).toEqual([{ bigs: ['1', '9007199254740993'], ints: [1, 2] }]);
  });

  it('commits a transaction and returns its result', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1, $1)', ['a']);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await db.query('SELECT v FROM t WHERE id = 1')).toEqual([{ v: 'a' }]);
  });

  it('rolls back everything when the callback throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (2, $1)', ['b']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('SELECT * FROM t WHERE id = 2')).toEqual([]);
  });

  it('rolls back when a statement fails, even if the callback swallows the error', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (3, $1)', ['c']);
        await tx.query('INSERT INTO t VALUES (3, $1)', ['dup']).catch(() => undefined);
      }),
    ).rejects.toThrow();
    expect(await db.query('SELECT * FROM t WHERE id = 3')).toEqual([]);
  });

  it('never shows uncommitted rows to queries outside the transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const tx = db.transaction(async (q) => {
      await q.query('INSERT INTO t VALUES (4, $1)', ['d']);
      inserted();
      await gate;
    });
    await insertedSignal;
    // On PostgreSQL this runs now and sees nothing; on PGlite it waits for COMMIT and then sees the row.
    const outside = db.query('SELECT v FROM t WHERE id = 4');
    const raced = await Promise.race([outside.then((rows) => rows.length), new Promise((r) => setTimeout(() => r('waiting'), 50))]);
    expect(raced).toBe(dialect.name === 'pglite' ? 'waiting' : 0);
    release();
    await tx;
    expect(await outside).toHaveLength(dialect.name === 'pglite' ? 1 : 0);
  });

  it('holds one connection for a session', async () => {
    const pids = await db.session(async (s) => {
      const a = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await s.transaction((tx) => tx.query('SELECT 1'));
      const b = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      return [a[0]?.pid, b[0]?.pid];
    });
    expect(pids[0]).toBe(pids[1]);
  });

  it('produces schema handles bound to the shared adapter', async () => {
    const handle = db.withSchema('keeper_demo');
    expect(handle.schema).toBe('keeper_demo');
    expect(handle.dialect).toBe(dialect.name);
    expect(handle.adapter).toBe(db.adapterFactory({ schema: 'keeper_demo' }));
    expect(handle.adapter.provider).toBe('postgres');
    expect(await handle.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    expect(() => db.withSchema('Bad-Name; DROP')).toThrow(/Invalid schema name/);
  });

  if (dialect.name === 'postgres') {
    it("names its sessions 'keeper' in pg_stat_activity", async () => {
      expect(await db.query('SELECT current_setting($1) AS name', ['application_name'])).toEqual([{ name: 'keeper' }]);
    });
  }

  if (dialect.name === 'pglite') {
    it('serialises transactions: 50 concurrent read-modify-write transactions lose no update', async () => {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          db.transaction(async (tx) => {
            const [row] = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
            await new Promise((r) => setImmediate(r));
            await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [(row?.n ?? 0) + 1]);
          }),
        ),
      );
      expect(await db.query('SELECT n FROM counter')).toEqual([{ n: 50 }]);
    });

    it('fails fast instead of deadlocking when the database is used inside its own transaction', async () => {
      await expect(db.transaction(() => db.query('SELECT 1'))).rejects.toThrow(/Use the tx argument/);
      await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toThrow(/Use the tx argument/);
      expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    });
  }
});

describe('openDatabase', () => {
  it('keeps PGlite data in its data folder across reopen, and guards the folder against a second user', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keeper-db-'));
    const dataDir = join(dir, 'nested', 'data');
    try {
      const first = await openDatabase({ dataDir });
      await first.query('CREATE TABLE kept (v text)');
      await first.query("INSERT INTO kept VALUES ('still here')");
      // One process, one PGlite per folder: a second open would corrupt it.
      await expect(openDatabase({ dataDir })).rejects.toThrow(/already open in this process/);
      await first.close();
      await first.close();
      expect(existsSync(`${dataDir}.lock`)).toBe(false);

      // Another live process holds the folder: refuse, naming it.
      const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
      await writeFile(`${dataDir}.lock`, String(other.pid));
      await expect(openDatabase({ dataDir })).rejects.toThrow(new RegExp(`in use by process ${other.pid}`));
      other.kill();
      await once(other, 'exit');

      // Its owner is gone: the stale lock is taken over.
      const second = await openDatabase({ dataDir });
      expect(await second.query('SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the server and hides the password when PostgreSQL is unreachable', async () => {
    await expect(openDatabase({ url: 'postgres://u:secret@127.0.0.1:1/x' })).rejects.toThrow(
      /Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x/,
    );
  });

  it('rejects a bad pool size', async () => {
    await expect(openDatabase({ url: 'postgres://127.0.0.1/x', poolSize: 0 })).rejects.toThrow(/poolSize/);
  });
});

describe.skipIf(!dialects.some((d) => d.name === 'postgres'))('PostgreSQL connection failures', () => {
  const postgres = dialects.find((d) => d.name === 'postgres')!;

  it('reports a COMMIT on a killed connection as a failure and never reuses that connection', async () => {
    const opened = await postgres.open();
    try {
      const db = opened.db;
      const pids = new Set<number>();
      await expect(
        db.transaction(async (tx) => {
          const [me] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          pids.add(me!.pid);
          // Another session kills ours: the COMMIT cannot succeed.
          const killer = await openDatabase({ url: opened.url!, poolSize: 1 });
          await killer.query('SELECT pg_terminate_backend($1)', [me!.pid]);
          await killer.close();
        }),
      ).rejects.toThrow();
      // The pool recovers with fresh connections.
      const rows = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(pids.has(rows[0]!.pid)).toBe(false);
    } finally {
      await opened.cleanup();
    }
  });
});

describe.each(dialects.filter((d) => d.name === 'postgres'))('prepared statements on $name', (dialect) => {
  let opened: OpenedTestDatabase;
  beforeAll(async () => {
    opened = await dialect.open();
    await opened.db.query('CREATE TABLE p (id int PRIMARY KEY, v text)');
  });
  afterAll(() => opened.cleanup());

  const prepared = (db: Database) =>
    db.session(async (s) => {
      const sql = 'SELECT v FROM p WHERE id = $1';
      const first = await s.query(sql, [1]);
      await s.query(sql, [1]);
      // The session's own connection: what PostgreSQL holds prepared for it.
      const names = await s.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
      return { first, names };
    });

  it('prepares a repeated statement on the connection and still answers it the same', async () => {
    await opened.db.query('INSERT INTO p VALUES (1, $1)', ['one']);
    const { first, names } = await prepared(opened.db);
    expect(first).toEqual([{ v: 'one' }]);
    expect(names).toEqual([{ name: expect.stringMatching(/^keeper_/), statement: 'SELECT v FROM p WHERE id = $1' }]);
    expect(await opened.db.query('SELECT v FROM p WHERE id = $1', [1])).toEqual([{ v: 'one' }]);
  });

  it('keeps working after a transaction that used a prepared statement rolled back', async () => {
    const sql = 'INSERT INTO p VALUES ($1, $2)';
    for (let i = 0; i < 3; i++) {
      await expect(
        opened.db.transaction(async (tx) => {
          await tx.query(sql, [10 + i, 'x']);
          await tx.query(sql, [10 + i, 'duplicate']);
        }),
      ).rejects.toThrow(/duplicate key/);
    }
    await opened.db.query(sql, [20, 'kept']);
    expect(await opened.db.query('SELECT id FROM p WHERE id >= $1 ORDER BY id', [10])).toEqual([{ id: 20 }]);
  });

  it('prepares nothing with preparedStatements: false', async () => {
    const db = await openDatabase({ url: opened.url!, poolSize: 1, preparedStatements: false });
    try {
      expect((await prepared(db)).names).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
