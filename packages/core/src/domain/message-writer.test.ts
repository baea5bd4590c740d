import { randomUUID } from 'node:crypto';
import type { Database } from '@keeper/db';
import { openDatabase } from '@keeper/db';
import { migrate } from '@keeper/db/migrate';
import { createThrowawayDatabase, openMemoryDatabase, type ThrowawayDatabase } from '@keeper/db/testing';
import type { MessageDraft } from '@keeper/sdk';
import { servicesAvailable } from '@keeper/tooling/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_MIGRATIONS_DIR } from '../modules/database-module.js';
import { type WriteOutcome, type WriteResult, writeMessages } from './message-writer.js';
import { MESSAGE_COLUMNS, type MessageRow, messageFromRow } from './records.js';

const postgres = await servicesAvailable('postgres');

const ok = (outcome: WriteOutcome | undefined): WriteResult => {
  if (!outcome || 'failed' in outcome) throw new Error(`expected a written message, got ${JSON.stringify(outcome)}`);
  return outcome;
};

function draft(conversationId: string, authorType: 'customer' | 'agent', body: string, clientMessageId: string | null = null): MessageDraft {
  return { conversationId, authorType, authorId: null, body, annotations: { n: body }, clientMessageId };
}

describe.each([
  { name: 'pglite', enabled: true },
  { name: 'postgres', enabled: postgres },
])('writeMessages on $name', ({ name, enabled }) => {
  let db: Database;
  let throwaway: ThrowawayDatabase | undefined;

  beforeAll(async () => {
    if (!enabled) return;
    if (name === 'pglite') db = await openMemoryDatabase();
    else {
      throwaway = await createThrowawayDatabase();
      db = await openDatabase({ url: throwaway.url, poolSize: 8 });
    }
    await migrate(db, [{ name: '@keeper/core', schema: 'keeper_core', migrationsDir: CORE_MIGRATIONS_DIR }]);
  });
  afterAll(async () => {
    await db?.close();
    await throwaway?.drop();
  });

  async function conversation(status: 'open' | 'closed' = 'open'): Promise<string> {
    const customer = randomUUID();
    const id = randomUUID();
    await db.query('INSERT INTO keeper_core.customers (id) VALUES ($1::uuid)', [customer]);
    await db.query(
      `INSERT INTO keeper_core.conversations (id, customer_id, status, closed_at) VALUES ($1::uuid, $2::uuid, $3::keeper_core."ConversationStatus", $4::timestamptz)`,
      [id, customer, status, status === 'closed' ? new Date() : null],
    );
    return id;
  }

  const stored = (id: string) =>
    db.query<{ seq: number; body: string }>('SELECT seq, body FROM keeper_core.messages WHERE conversation_id = $1::uuid ORDER BY seq', [id]);

  it.skipIf(!enabled)('mixes the one-statement and the locked path in one batch with gap-free seqs in submission order', async () => {
    const open = await conversation();
    const closed = await conversation('closed');
    const first = ok((await writeMessages(db, [draft(open, 'customer', 'a', 'cid-x')]))[0]);
    expect(first.message.seq).toBe(1);

    const results = await writeMessages(db, [
      draft(open, 'customer', 'b'),
      draft(closed, 'agent', 'to closed'),
      draft(open, 'customer', 'retry of a', 'cid-x'), // stored already: the original comes back
      draft(open, 'agent', 'c', 'cid-y'),
      draft(closed, 'customer', 'reopens'),
      draft(open, 'agent', 'c again', 'cid-y'), // repeated inside the batch
      draft(open, 'customer', 'd'),
    ]);
    const r = results.map(ok);
    expect(r.map((x) => [x.message.body, x.message.seq, x.created, x.reopened])).toEqual([
      ['b', 2, true, false],
      ['to closed', 1, true, false],
      ['a', 1, false, false],
      ['c', 3, true, false],
      ['reopens', 2, true, true],
      ['c', 3, false, false],
      ['d', 4, true, false],
    ]);
    expect(r[0]!.message.annotations).toEqual({ n: 'b' });
    expect(r[4]!.conversation).toMatchObject({ id: closed, status: 'open', closedAt: null });
    expect(r[6]!.conversation).toMatchObject({ id: open, status: 'open' });
    expect(r[6]!.conversation.lastMessageAt).toBeInstanceOf(Date);
    expect((await stored(open)).map((m) => m.body)).toEqual(['a', 'b', 'c', 'd']);
    expect((await stored(closed)).map((m) => m.seq)).toEqual([1, 2]);
    // Each message as answered (the one-statement path builds it from the draft and the seq) is the stored row.
    for (const x of [first, ...r]) {
      const [again] = await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM keeper_core.messages WHERE id = $1::uuid`, [x.message.id]);
      expect(x.message).toEqual(messageFromRow(again!));
    }
    const [row] = await db.query<{ last_seq: number; status: string }>('SELECT last_seq, status FROM keeper_core.conversations WHERE id = $1::uuid', [open]);
    expect(row).toEqual({ last_seq: 4, status: 'open' });
  });

  it.skipIf(!enabled)('answers a committed part as written when the rest of its batch fails', async () => {
    const open = await conversation();
    const results = await writeMessages(db, [draft(open, 'customer', 'kept'), draft(randomUUID(), 'customer', 'nowhere')]);
    expect(ok(results[0]).message.seq).toBe(1);
    expect(results[1]).toMatchObject({ failed: true });
    expect(String((results[1] as { error: Error }).error.message)).toMatch(/vanished/);
    expect((await stored(open)).map((m) => m.body)).toEqual(['kept']);
  });

  it.skipIf(!enabled)('fails the whole batch, storing nothing, when nothing of it could be written', async () => {
    await expect(writeMessages(db, [draft(randomUUID(), 'customer', 'nowhere')])).rejects.toThrow(/vanished/);
  });

  /** The one-statement write's generic plan (what a prepared statement settles on), as the writer sends it. */
  async function genericPlan(id: string): Promise<string> {
    return db.session(async (session) => {
      let text: string | undefined;
      // The statement's text, as the writer sends it (a store that records and answers nothing).
      const recorder = {
        query: async (sql: string) => {
          text ??= sql;
          return [{ messages: [], conversations: [] }];
        },
        exec: async () => {},
        transaction: async () => [],
      };
      await writeMessages(recorder as never, [draft(id, 'customer', 'x', 'cid-x')]).catch(() => undefined); // nothing was written by the fake: the rest of the write fails
      await session.query('SET plan_cache_mode = force_generic_plan');
      const rows = await session.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, [[], [], [], [], [], [], [], [], new Date()]);
      await session.query('RESET plan_cache_mode');
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it.skipIf(!enabled || name !== 'postgres')('looks stored clientMessageIds up by index in the generic plan a prepared statement gets', async () => {
    const id = await conversation();
    // A table of some size (at a few pages a scan per probe is the cheaper plan, and right).
    await db.query(
      `INSERT INTO keeper_core.messages (id, conversation_id, seq, author_type, body, annotations, client_message_id, created_at)
       SELECT gen_random_uuid(), $1::uuid, n, 'customer', 'm' || n, '{}'::jsonb, 'cid-' || n, now() FROM generate_series(1, 20000) AS n`,
      [id],
    );
    await db.query('UPDATE keeper_core.conversations SET last_seq = 20000 WHERE id = $1::uuid', [id]);
    await db.query('ANALYZE keeper_core.messages');
    const plan = await genericPlan(id);
    expect(plan).toContain('Index Only Scan using messages_conversation_id_client_message_id_key');
    expect(plan).not.toMatch(/Seq Scan on messages|hashed SubPlan/);
  });

  it.skipIf(!enabled || name !== 'postgres')('costs linear time in the batch size: no join in the generic plan compares every draft with every conversation', async () => {
    // The generic plan thinks a batch is a row or so, so a join of two of the statement's CTEs becomes a nested
    // loop with a join filter: batch x conversations comparisons (the drafts joined to the updated conversations
    // did that, 40,000 comparisons for a batch of 200). Each draft is read back by its position instead.
    const plan = await genericPlan(await conversation());
    expect(plan).toContain('Update on conversations');
    expect(plan).not.toMatch(/Join Filter/);
  });

  it.skipIf(!enabled || name !== 'postgres')('moves a conversation on with HOT updates while its activity stays in one 10-second slot', async () => {
    const id = await conversation();
    const hot = await db.session(async (session) => {
      await session.query('BEGIN');
      try {
        // The backend's counter includes its earlier, unreported transactions: compare with where it starts.
        const read = async () =>
          Number((await session.query<{ n: string }>(`SELECT pg_stat_get_xact_tuples_hot_updated('keeper_core.conversations'::regclass) AS n`))[0]!.n);
        const start = await read();
        const counts: number[] = [];
        // The columns a message moves (as the writer sets them): from now into a 2030 slot (a new slot), again
        // within it, then into the next one.
        for (const at of ['2030-01-01T00:00:00.001Z', '2030-01-01T00:00:09.999Z', '2030-01-01T00:00:10.000Z']) {
          await session.query(
            'UPDATE keeper_core.conversations SET last_seq = last_seq + 1, last_message_at = $2::timestamptz, last_activity_at = $2::timestamptz WHERE id = $1::uuid',
            [id, at],
          );
          counts.push((await read()) - start);
        }
        return counts;
      } finally {
        await session.query('ROLLBACK');
      }
    });
    // Only the second is HOT: the others move activity_slot, which indexes cover; nothing indexed covers the rest.
    expect(hot).toEqual([0, 1, 1]);
  });

  it.skipIf(!enabled || name !== 'postgres')('stays gap-free and deadlock-free with concurrent batches over the same conversations', async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => conversation()));
    // 40 batches at once, each touching the conversations in a different order, with racing clientMessageIds.
    const batches = Array.from({ length: 40 }, (_, b) =>
      writeMessages(
        db,
        ids.map((_, i) => draft(ids[(i + b) % ids.length]!, 'customer', `b${b}`, b % 4 === 0 ? `race-${(i + b) % ids.length}` : null)),
      ),
    );
    const started = Date.now();
    const outcomes = (await Promise.all(batches)).flat().map(ok);
    expect(Date.now() - started).toBeLessThan(900); // a deadlock would wait deadlock_timeout (1 s) first
    for (const id of ids) {
      const seqs = (await stored(id)).map((m) => m.seq);
      // 30 plain messages + one for the clientMessageId 10 batches race on (one wins).
      expect(seqs).toHaveLength(31);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    const raced = outcomes.filter((o) => o.message.clientMessageId !== null);
    expect(raced.filter((o) => o.created)).toHaveLength(ids.length);
    for (const o of raced) expect(o.message.id).toBe(raced.find((x) => x.created && x.message.clientMessageId === o.message.clientMessageId)!.message.id);
  });
});
