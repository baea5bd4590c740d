// The same comparison through a generated Prisma client (the path plugin code uses): prisma.create per row
// vs group commit with prisma.$transaction + createManyAndReturn. Run after bench/group-commit.mjs by
// `pnpm --filter @keeper/db bench`, which generates and compiles bench/prisma/schema.prisma first.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createGroupCommitter, openDatabase } from '../dist/index.js';
import { createThrowawayDatabase } from '../dist/testing/index.js';
import { PrismaClient } from './dist/client.js';
import { compare, drive, MAX_BATCH, MAX_WAIT_MS, ROWS } from './lib.mjs';

const DDL = `CREATE SCHEMA keeper_bench;
CREATE TABLE keeper_bench."BenchMessage" (id BIGSERIAL PRIMARY KEY, conversation INTEGER NOT NULL, body TEXT NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);`;

async function benchPrisma(label, db) {
  await db.exec(DDL);
  const prisma = new PrismaClient({ adapter: db.withSchema('keeper_bench').adapter });
  try {
    const medians = await compare(
      label,
      [
        { name: 'prisma create per row', run: () => drive((i) => prisma.benchMessage.create({ data: { conversation: i % 100, body: `message ${i}` } })) },
        {
          name: 'prisma group commit',
          run: async () => {
            const committer = createGroupCommitter({
              db: { transaction: (fn) => prisma.$transaction(fn) },
              maxBatch: MAX_BATCH,
              maxWaitMs: MAX_WAIT_MS,
              write: (tx, items) =>
                tx.benchMessage.createManyAndReturn({ data: items.map((i) => ({ conversation: i % 100, body: `message ${i}` })), select: { id: true } }),
            });
            const result = await drive((i) => committer.submit(i));
            await committer.close();
            return result;
          },
        },
      ],
      {
        reset: () => db.exec('TRUNCATE keeper_bench."BenchMessage"'),
        check: async (mode) => {
          const n = await prisma.benchMessage.count();
          if (n !== ROWS) throw new Error(`${label} ${mode}: expected ${ROWS} rows, found ${n}`);
        },
      },
    );
    console.log(`  group commit / create per row = ${(medians['prisma group commit'] / medians['prisma create per row']).toFixed(1)}x`);
  } finally {
    await prisma.$disconnect();
  }
}

const dir = await mkdtemp(join(os.tmpdir(), 'keeper-bench-'));
try {
  const lite = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    await benchPrisma('PGlite (file data dir), Prisma', lite);
  } finally {
    await lite.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const throwaway = await createThrowawayDatabase();
try {
  const db = await openDatabase({ url: throwaway.url, poolSize: 10 });
  try {
    await benchPrisma('PostgreSQL (pg pool of 10, loopback), Prisma', db);
  } finally {
    await db.close();
  }
} finally {
  await throwaway.drop();
}
