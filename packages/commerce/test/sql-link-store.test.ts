import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlLinkStore } from '../src/service/link-store.js';
import { servicesAvailable } from '@keeper/tooling/services';

// Real PostgreSQL (DATABASE_URL or the local test database); the migration is applied as Prisma would,
// inside the plugin's own schema.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 2 });
const schema = `keeper_commerce_test_${randomUUID().slice(0, 8)}`;
const db = { schema, query: async <Row>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[] };

beforeAll(async () => {
  const sql = await readFile(new URL('../prisma/migrations/20261126000000_init/migration.sql', import.meta.url), 'utf8');
  const client = await pool.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(sql);
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

describe.skipIf(!(await servicesAvailable('postgres')))('SqlLinkStore (real PostgreSQL)', () => {
  it('stores links; an explicit link is never downgraded by an automatic match', async () => {
    const store = new SqlLinkStore(db);
    await store.link({ customerId: 'c1', system: 'shopify', externalId: 'C1', matchedBy: 'explicit' });
    await store.link({ customerId: 'c1', system: 'shopify', externalId: 'C1', matchedBy: 'email' });
    await store.link({ customerId: 'c1', system: 'erp', externalId: 'E1', matchedBy: 'phone' });
    const links = await store.links('c1');
    expect(links.map((l) => [l.system, l.externalId, l.matchedBy])).toEqual([
      ['shopify', 'C1', 'explicit'],
      ['erp', 'E1', 'phone'],
    ]);
    expect(links[0]?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await store.link({ customerId: 'c9', system: 'shopify', externalId: 'C1', matchedBy: 'email' });
    expect(await store.customersFor('shopify', 'C1')).toEqual(['c1', 'c9']);
    expect(await store.customersFor('shopify', 'nobody')).toEqual([]);
    expect(await store.unlink('c1', 'erp', 'E1')).toBe(true);
    expect(await store.unlink('c1', 'erp', 'E1')).toBe(false);
    expect(await store.links('c1')).toHaveLength(1);
  });

  it('keeps known contact details when a later event lacks them', async () => {
    const store = new SqlLinkStore(db);
    await store.saveIdentity({ customerId: 'c2', email: 'ann@example.com', phone: null, name: 'Ann' });
    await store.saveIdentity({ customerId: 'c2', email: null, phone: '+15550001', name: null });
    expect(await store.identity('c2')).toEqual({ customerId: 'c2', email: 'ann@example.com', phone: '+15550001', name: 'Ann' });
    expect(await store.identity('nobody')).toBeNull();
  });

  it('rejects an unknown match kind at the database', async () => {
    await expect(db.query(`INSERT INTO "${schema}".customer_link (customer_id, system, external_id, matched_by) VALUES ('x','y','z','guess')`)).rejects.toThrow(/check/);
  });
});
