import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff, migrate } from '../src/migrate/index.js';
import { dialects } from './dialects.js';
import { PrismaClient } from './fixtures/plain/src/generated/prisma/client.js';

// The other way to place a package's tables: no `schemas`/@@schema in the Prisma schema at all. diff()
// writes unqualified SQL, migrate() runs it with the package schema first on the search_path, and the
// handle's adapter tells Prisma the schema — the same on both dialects.
const schemaPath = fileURLToPath(new URL('./fixtures/plain/prisma/schema.prisma', import.meta.url));

describe('a Prisma schema without @@schema, placed by the schema handle', () => {
  let migrationsDir: string;
  beforeAll(async () => {
    migrationsDir = await mkdtemp(join(tmpdir(), 'keeper-plain-'));
  });
  afterAll(() => rm(migrationsDir, { recursive: true, force: true }));

  it('diff writes unqualified SQL and then sees no change', { timeout: 120_000 }, async () => {
    const created = await diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'init', schema: 'keeper_plain' });
    expect(created.status).toBe('created');
    if (created.status === 'created') expect(created.sql).toContain('CREATE TABLE "Item"');
    const again = await diff({ prismaSchemaPath: schemaPath, migrationsDir, name: 'again', schema: 'keeper_plain' });
    expect(again.status).toBe('no-changes');
  });

  it.each(dialects)('migrate puts the table in the package schema and the client finds it on $name', async (dialect) => {
    const opened = await dialect.open();
    const prisma = new PrismaClient({ adapter: opened.db.withSchema('keeper_plain').adapter });
    try {
      await migrate(opened.db, [{ name: 'plain', schema: 'keeper_plain', migrationsDir }]);
      expect(await opened.db.query(`SELECT to_regclass('keeper_plain."Item"') IS NOT NULL AS here, to_regclass('public."Item"') IS NULL AS not_public`)).toEqual([
        { here: true, not_public: true },
      ]);
      const item = await prisma.item.create({ data: { name: 'pink XL down jacket' } });
      expect(await prisma.item.findUnique({ where: { id: item.id } })).toEqual(item);
    } finally {
      await prisma.$disconnect();
      await opened.cleanup();
    }
  });
});
