import type { DatabaseHandle } from '@keeper/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { openMemoryDatabase } from '../src/testing/index.js';
import type { SchemaHandle } from '../src/types.js';

describe('SDK contract', () => {
  it('a schema handle is what the SDK promises plugins as ctx.db', async () => {
    // Checked by `tsc` (pnpm typecheck): core can pass withSchema() results to plugins unchanged.
    expectTypeOf<SchemaHandle>().toExtend<DatabaseHandle>();
    const db = await openMemoryDatabase();
    try {
      const handle: DatabaseHandle = db.withSchema('keeper_plugin');
      expect(handle.schema).toBe('keeper_plugin');
      expect(await handle.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
