/**
 * The plugin's SQL against a real PostgreSQL: runs the migration in a throw-away copy of the schema
 * and drives the audit log and list persistence through a DatabaseHandle like the core's.
 * Uses KEEPER_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test), like every package's tests.
 */
import { readFileSync } from 'node:fs';
import type { DatabaseHandle } from '@keeper/sdk';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DictionaryStore } from '../src/dictionary/store.js';
import { databaseAuditLog } from '../src/plugin/audit.js';
import { ListService } from '../src/plugin/lists.js';
import { draft } from './support/fakes.js';
import { servicesAvailable } from '@keeper/tooling/services';

const url = process.env.KEEPER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `keeper_sensitive_words_t${process.pid}`;

describe.skipIf(!(await servicesAvailable('postgres')))('PostgreSQL', () => {
  let pool: pg.Pool;
  let db: DatabaseHandle;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: url, max: 2 });
    const sql = readFileSync(new URL('../prisma/migrations/20261126000000_init/migration.sql', import.meta.url), 'utf8');
    await pool.query(sql.replaceAll('keeper_sensitive_words', schema));
    db = {
      schema,
      dialect: 'postgres',
      adapter: undefined,
      async query<Row>(text: string, params: unknown[] = []) {
        return (await pool.query(text, params)).rows as Row[];
      },
    };
  });

  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
  });

  it('stores audit records and pages through them with filters', async () => {
    const audit = databaseAuditLog(db);
    const hit = (word: string, action: 'mask' | 'reject' | 'flag') => ({ word, category: 'c', action, start: 0, end: 2, text: word });
    await audit.record(draft('a'), [hit('傻逼', 'mask'), hit('加微信', 'reject')]);
    await audit.record({ ...draft('b'), conversationId: 'c2' }, [hit('骗子', 'flag')]);
    const first = await audit.list({ first: 2 });
    expect(first.items.map((r) => r.word)).toEqual(['骗子', '加微信']);
    const second = await audit.list({ first: 2, after: first.nextCursor });
    expect(second.items.map((r) => r.word)).toEqual(['傻逼']);
    expect(second.nextCursor).toBeNull();
    expect((await audit.list({ first: 10, conversationId: 'c2' })).items).toHaveLength(1);
    expect((await audit.list({ first: 10, action: 'reject', since: new Date(Date.now() - 60_000).toISOString() })).items).toMatchObject([
      { word: '加微信', authorType: 'customer', authorId: 'cust-1', clientMessageId: 'm-1', conversationId: 'c1' },
    ]);
  });

  it('persists replaced lists with increasing versions and loads them back', async () => {
    const service = new ListService(new DictionaryStore(new Map()), 'ch', () => 'n1', () => undefined);
    service.db = db;
    expect(await service.replace('shop', [{ word: '水货', category: 'fraud', action: 'reject' }], 'admin-1')).toBe(1);
    expect(await service.replace('shop', [{ word: '山寨', category: 'fraud', action: 'flag' }], 'admin-1')).toBe(2);
    const fresh = new ListService(new DictionaryStore(new Map()), 'ch', () => 'n2', () => undefined);
    fresh.db = db;
    await fresh.loadPersisted();
    expect(fresh.store.matcher.scan('山寨货').map((h) => h.word)).toEqual(['山寨']);
    expect(fresh.status().lists).toEqual([{ name: 'shop', words: 1, version: 2 }]);
  });
});
