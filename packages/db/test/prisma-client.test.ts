import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCommitter, isPostgresDatabase } from '../src/index.js';
import { migrate } from '../src/migrate/index.js';
import { Prisma, PrismaClient } from './fixtures/notes/src/generated/prisma/client.js';
import { dialects, type OpenedTestDatabase } from './dialects.js';

const migrationsDir = fileURLToPath(new URL('./fixtures/notes/prisma/migrations/', import.meta.url));

describe.each(dialects)('generated Prisma client on $name', (dialect) => {
  let opened: OpenedTestDatabase;
  let prisma: PrismaClient;
  beforeAll(async () => {
    opened = await dialect.open();
    // Tables come from the package's committed migrations, exactly as `keeper migrate` would apply them.
    await migrate(opened.db, [{ name: 'notes', schema: 'keeper_notes', migrationsDir }]);
    prisma = new PrismaClient({ adapter: opened.db.withSchema('keeper_notes').adapter });
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await opened.cleanup();
  });

  it('creates and finds rows in a model that lives in a non-public schema', async () => {
    const author = await prisma.author.create({
      data: { email: 'ann@example.com', notes: { create: [{ body: 'first', meta: { tags: ['a'] } }] } },
    });
    const found = await prisma.author.findUnique({ where: { email: 'ann@example.com' }, include: { notes: true } });
    expect(found?.id).toBe(author.id);
    expect(found?.notes).toHaveLength(1);
    expect(found?.notes[0]).toMatchObject({ body: 'first', views: 0n, meta: { tags: ['a'] } });
    expect(found?.notes[0]?.createdAt).toBeInstanceOf(Date);
    // The rows are really in keeper_notes, visible to raw SQL through the same database.
    const raw = await opened.db.query<{ n: string }>('SELECT count(*) AS n FROM keeper_notes."Note"');
    expect(raw).toEqual([{ n: '1' }]);
  });

  it('maps a unique violation to P2002', async () => {
    await expect(prisma.author.create({ data: { email: 'ann@example.com' } })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('keeps BigInt values above 2^53 exact', async () => {
    const author = await prisma.author.create({ data: { email: 'big@example.com' } });
    const note = await prisma.note.create({ data: { authorId: author.id, body: 'big', views: 9007199254740993n } });
    expect((await prisma.note.findUniqueOrThrow({ where: { id: note.id } })).views).toBe(9007199254740993n);
  });

  it('rolls back an interactive transaction that throws', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.author.create({ data: { email: 'gone@example.com' } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await prisma.author.findUnique({ where: { email: 'gone@example.com' } })).toBeNull();
  });

  it('commits an interactive transaction while other queries run concurrently', async () => {
    const tx = prisma.$transaction(async (t) => {
      const a = await t.author.create({ data: { email: 'tx@example.com' } });
      await t.note.create({ data: { authorId: a.id, body: 'in tx' } });
      return a.id;
    });
    const others = Promise.all(Array.from({ length: 10 }, () => prisma.note.count()));
    const [id, counts] = await Promise.all([tx, others]);
    expect(counts.every((n) => n >= 2)).toBe(true);
    expect(await prisma.note.count({ where: { authorId: id } })).toBe(1);
  });

  it('shares the one pool: many clients and raw queries never open more connections than poolSize', async () => {
    const clients = Array.from({ length: 4 }, () => new PrismaClient({ adapter: opened.db.withSchema('keeper_notes').adapter }));
    await Promise.all(clients.flatMap((c) => Array.from({ length: 10 }, () => c.note.count())));
    await Promise.all(Array.from({ length: 20 }, () => opened.db.query('SELECT pg_sleep(0.01)')));
    if (isPostgresDatabase(opened.db)) expect(opened.db.pool.totalCount).toBeLessThanOrEqual(5);
    // Disconnecting a client must not end the shared pool or close PGlite.
    await Promise.all(clients.map((c) => c.$disconnect()));
    expect(await opened.db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    expect(await prisma.note.count()).toBeGreaterThan(0);
  });

  it('completes 100 concurrent interactive transactions (serialised on PGlite: no lost read-modify-write)', async () => {
    const author = await prisma.author.create({ data: { email: 'rmw@example.com' } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        prisma.$transaction(async (tx) => {
          const n = await tx.note.count({ where: { authorId: author.id } });
          await tx.note.create({ data: { authorId: author.id, body: `note ${n}` } });
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const bodies = new Set((await prisma.note.findMany({ where: { authorId: author.id } })).map((n) => n.body));
    // PGlite runs them one after another, so every count saw the previous insert. PostgreSQL (READ
    // COMMITTED) may interleave them; there the point is only that none failed.
    if (dialect.name === 'pglite') expect(bodies.size).toBe(100);
  });

  it('group-commits through Prisma: concurrent creates share transactions, each answered after COMMIT', async () => {
    const author = await prisma.author.create({ data: { email: 'gc@example.com' } });
    const committer = createGroupCommitter({
      db: { transaction: (fn) => prisma.$transaction(fn) },
      maxBatch: 50,
      write: (tx: Prisma.TransactionClient, bodies: readonly string[]) =>
        tx.note.createManyAndReturn({ data: bodies.map((body) => ({ authorId: author.id, body })), select: { id: true, body: true } }),
    });
    const notes = await Promise.all(Array.from({ length: 120 }, (_, i) => committer.submit(`grouped ${i}`)));
    expect(notes.map((n) => n.body)).toEqual(Array.from({ length: 120 }, (_, i) => `grouped ${i}`));
    expect(committer.stats().batches).toBeLessThan(20);
    expect(await prisma.note.count({ where: { authorId: author.id } })).toBe(120);
    await committer.close();
  });

  it('runs a batch transaction atomically', async () => {
    await expect(
      prisma.$transaction([
        prisma.author.create({ data: { email: 'b1@example.com' } }),
        prisma.author.create({ data: { email: 'b1@example.com' } }),
      ]),
    ).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(await prisma.author.count({ where: { email: 'b1@example.com' } })).toBe(0);
  });
});
