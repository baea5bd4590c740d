import { uuidv7 } from '../ids.js';
import type { Queryable } from '@keeper/db';
import type { ConversationRecord, MessageDraft, MessageRecord } from '@keeper/sdk';
import { CONVERSATION_COLUMNS, type ConversationRow, conversationFromRow, MESSAGE_COLUMNS, type MessageRow, messageFromRow } from './records.js';

export interface WriteResult {
  message: MessageRecord;
  /** False when the clientMessageId was already stored: the original is returned, nothing written. */
  created: boolean;
  /** The conversation was closed and a shopper's message opened it again. */
  reopened: boolean;
  /** The conversation as this batch left it (read under its row lock, so never older than the write). */
  conversation: ConversationRecord;
}

/** A draft of a batch whose part failed after another part of the same batch committed. */
export interface WriteFailure {
  failed: true;
  error: unknown;
}

export type WriteOutcome = WriteResult | WriteFailure;

/** Where batches are written: single statements outside a transaction, and transactions. */
export interface MessageStore extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

const key = (draft: MessageDraft) => `${draft.conversationId}\u0000${draft.clientMessageId}`;

/**
 * Writes a batch of messages. Seqs are gap-free and unique per conversation even with several nodes
 * writing, because conversations are locked in id order before seqs are handed out; a clientMessageId
 * already stored, or repeated inside the batch, returns the first message instead of writing again.
 *
 * The common case — open conversations, new clientMessageIds — is one atomic statement (one round trip
 * instead of four). Whatever it leaves (a shopper reopening a closed conversation, a clientMessageId that
 * exists, a race on one) goes through the general path in a transaction.
 */
export async function writeMessages(store: MessageStore, drafts: readonly MessageDraft[]): Promise<WriteOutcome[]> {
  const results: Array<WriteOutcome | undefined> = new Array(drafts.length);
  // Repeats inside the batch are answered from the first draft with the same key, after it is written.
  const firstOf = new Map<string, number>();
  const unique: number[] = [];
  drafts.forEach((draft, index) => {
    if (draft.clientMessageId !== null) {
      if (firstOf.has(key(draft))) return;
      firstOf.set(key(draft), index);
    }
    unique.push(index);
  });

  const fast = await writeInOneStatement(store, unique.map((i) => drafts[i]!));
  const rest: number[] = [];
  unique.forEach((index, j) => {
    if (fast[j]) results[index] = fast[j];
    else rest.push(index);
  });
  if (rest.length > 0) {
    try {
      const slow = await store.transaction((tx) => writeLocked(tx, rest.map((i) => drafts[i]!)));
      rest.forEach((index, j) => {
        results[index] = slow[j];
      });
    } catch (error) {
      // Nothing committed yet: the whole batch fails. Otherwise only the drafts of the rolled-back part do:
      // the others are stored and must be answered (and announced) as such.
      if (rest.length === unique.length) throw error;
      for (const index of rest) results[index] = { failed: true, error };
    }
  }
  drafts.forEach((draft, index) => {
    if (results[index]) return;
    const first = results[firstOf.get(key(draft))!]!;
    results[index] = 'failed' in first ? first : { ...first, created: false, reopened: false };
  });
  return results as WriteOutcome[];
}

/**
 * One statement: lock the batch's conversations in id order (an InitPlan, so every lock is taken before any
 * row is updated: no deadlock between concurrent batches), move each conversation's last_seq on by its count,
 * insert the messages with seqs from there. Skips conversations that a shopper's message would reopen and
 * drafts whose clientMessageId is stored; their slots come back undefined. A unique violation (the same
 * clientMessageId committed concurrently) aborts the statement, which writes nothing: all go the general way.
 */
async function writeInOneStatement(db: Queryable, drafts: readonly MessageDraft[]): Promise<Array<WriteResult | undefined>> {
  const out: Array<WriteResult | undefined> = new Array(drafts.length);
  if (drafts.length === 0) return out;
  const ids = drafts.map(() => uuidv7());
  const now = new Date();
  const annotations = drafts.map((d) => JSON.stringify(d.annotations));
  let row: { messages: Array<[string, number]> | string; conversations: Array<ConversationRow & { last_seq: number }> | string } | undefined;
  try {
    [row] = await db.query(
      `WITH d AS (
         SELECT d.* FROM unnest($1::uuid[], $2::uuid[], $3::text[]::keeper_core."AuthorType"[], $4::uuid[], $5::text[], $6::jsonb[], $7::text[], $8::int[])
                AS d(id, conversation_id, author_type, author_id, body, annotations, client_message_id, ord)
           -- A LATERAL probe with LIMIT is an index lookup per draft in every plan. NOT EXISTS here became a
           -- hashed subplan in the generic plan of the prepared statement: a scan of all messages per batch.
           LEFT JOIN LATERAL (
                SELECT true AS stored FROM keeper_core.messages m
                 WHERE m.conversation_id = d.conversation_id AND m.client_message_id = d.client_message_id LIMIT 1) e ON true
          WHERE e.stored IS NULL
       ),
       -- Each conversation's drafts as their positions in the parameter arrays, in batch order: the INSERT below
       -- reads them back by position. Joining the drafts to the updated rows instead (d JOIN moved) was a nested
       -- loop over two CTE scans in the generic plan, batch x conversations comparisons: 40,000 for a batch of
       -- 200, half the statement, and the cost of a batch grew with its square just when a backlog made it big.
       n AS (SELECT conversation_id, count(*)::int AS n, bool_or(author_type = 'customer') AS by_customer, array_agg(ord ORDER BY ord) AS ords
               FROM d GROUP BY conversation_id),
       locked AS MATERIALIZED (
         SELECT id FROM keeper_core.conversations WHERE id IN (SELECT conversation_id FROM n) ORDER BY id FOR UPDATE
       ),
       moved AS (
         UPDATE keeper_core.conversations AS c
            SET last_seq = c.last_seq + n.n, last_message_at = $9::timestamptz, last_activity_at = $9::timestamptz
           FROM n
          WHERE c.id = n.conversation_id AND NOT (c.status = 'closed' AND n.by_customer)
            AND (SELECT count(*) FROM locked) >= 0
         RETURNING c.last_seq, ${CONVERSATION_COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')}, c.last_seq - n.n AS base, n.ords
       ),
       ins AS (
         INSERT INTO keeper_core.messages (${MESSAGE_COLUMNS})
         SELECT ($1::uuid[])[o.ord], moved.id, (moved.base + o.k)::int, (($3::text[])[o.ord])::keeper_core."AuthorType",
                ($4::uuid[])[o.ord], ($5::text[])[o.ord], ($6::jsonb[])[o.ord], ($7::text[])[o.ord], $9::timestamptz
           FROM moved CROSS JOIN LATERAL unnest(moved.ords) WITH ORDINALITY AS o(ord, k)
         RETURNING id, seq
       )
       -- Only what the database decided (the seq); the rest of each message is the draft as sent.
       SELECT (SELECT coalesce(json_agg(json_build_array(ins.id, ins.seq)), '[]'::json) FROM ins) AS messages,
              (SELECT coalesce(json_agg(c), '[]'::json) FROM (SELECT last_seq, ${CONVERSATION_COLUMNS} FROM moved) c) AS conversations`,
      [
        ids,
        drafts.map((d) => d.conversationId),
        drafts.map((d) => d.authorType),
        drafts.map((d) => d.authorId),
        drafts.map((d) => d.body),
        annotations,
        drafts.map((d) => d.clientMessageId),
        drafts.map((_, i) => i + 1), // 1-based: SQL arrays
        now,
      ],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return out; // unique_violation: nothing was written
    throw error;
  }
  const parse = <T>(value: T[] | string): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : value);
  const conversations = new Map(parse(row!.conversations).map((c) => [c.id, conversationFromRow(c)]));
  const seqs = new Map(parse(row!.messages));
  ids.forEach((id, i) => {
    const seq = seqs.get(id);
    if (seq === undefined) return;
    const d = drafts[i]!;
    const message: MessageRecord = {
      id,
      conversationId: d.conversationId,
      seq,
      authorType: d.authorType,
      authorId: d.authorId,
      body: d.body,
      // As stored: what JSON keeps of the draft's annotations.
      annotations: annotations[i] === '{}' ? {} : (JSON.parse(annotations[i]!) as MessageRecord['annotations']),
      clientMessageId: d.clientMessageId,
      createdAt: new Date(now.getTime()),
    };
    out[i] = { message, created: true, reopened: false, conversation: conversations.get(d.conversationId)! };
  });
  return out;
}

/** Parameter casts for one row of MESSAGE_COLUMNS. */
const INSERT_CASTS = ['::uuid', '::uuid', '::int', '::keeper_core."AuthorType"', '::uuid', '::text', '::jsonb', '::text', '::timestamptz'];

type ConversationLockRow = ConversationRow & { last_seq: number };

/** The general path, inside a transaction: lock, look up stored clientMessageIds, hand out seqs, write. */
async function writeLocked(tx: Queryable, drafts: readonly MessageDraft[]): Promise<WriteResult[]> {
  const conversationIds = [...new Set(drafts.map((d) => d.conversationId))].sort();
  const locked = await tx.query<ConversationLockRow>(
    `SELECT last_seq, ${CONVERSATION_COLUMNS} FROM keeper_core.conversations WHERE id IN (${placeholders(conversationIds.length, 1)}) ORDER BY id FOR UPDATE`,
    conversationIds,
  );
  // reopenedBy: the batch index of the shopper message that reopened a closed conversation (it carries the event).
  const state = new Map(locked.map((row) => [row.id, { seq: Number(row.last_seq), status: row.status, reopenedBy: null as number | null, row }]));

  const existing = await findExisting(tx, drafts);
  const stored: Array<MessageRecord | undefined> = drafts.map((d) => (d.clientMessageId === null ? undefined : existing.get(key(d))));
  const inserts: Array<{ index: number; id: string; seq: number; draft: MessageDraft }> = [];
  const now = new Date();

  drafts.forEach((draft, index) => {
    const conversation = state.get(draft.conversationId);
    if (!conversation) throw new Error(`conversation ${draft.conversationId} vanished while sending`);
    if (stored[index]) return;
    conversation.seq += 1;
    if (conversation.status === 'closed' && draft.authorType === 'customer') {
      conversation.status = 'open';
      conversation.reopenedBy = index;
    }
    inserts.push({ index, id: uuidv7(), seq: conversation.seq, draft });
  });

  const written = new Map<number, MessageRecord>();
  if (inserts.length > 0) {
    const params: unknown[] = [];
    const rows = inserts.map(({ id, seq, draft }) => {
      const base = params.length;
      params.push(id, draft.conversationId, seq, draft.authorType, draft.authorId, draft.body, JSON.stringify(draft.annotations), draft.clientMessageId, now);
      return `(${INSERT_CASTS.map((cast, i) => `$${base + i + 1}${cast}`).join(', ')})`;
    });
    // One statement inserts the messages and moves the conversations on (a data-modifying CTE always
    // runs to completion): one round trip instead of two.
    const update = conversationUpdate(state, inserts, now, params);
    const inserted = await tx.query<MessageRow>(
      `WITH inserted AS (INSERT INTO keeper_core.messages (${MESSAGE_COLUMNS}) VALUES ${rows.join(', ')} RETURNING ${MESSAGE_COLUMNS}),
            moved AS (${update} RETURNING 1)
       SELECT ${MESSAGE_COLUMNS} FROM inserted`,
      params,
    );
    const byId = new Map(inserted.map((row) => [row.id, messageFromRow(row)]));
    for (const insert of inserts) written.set(insert.index, byId.get(insert.id)!);
  }

  // Each conversation as the batch left it: what conversationUpdate wrote, where it wrote.
  const touched = new Set(inserts.map((i) => i.draft.conversationId));
  const after = new Map(
    [...state].map(([id, c]) => {
      const record = conversationFromRow(c.row);
      return [id, touched.has(id) ? { ...record, status: c.status as ConversationRecord['status'], lastMessageAt: now, closedAt: c.reopenedBy !== null ? null : record.closedAt } : record];
    }),
  );
  return drafts.map((draft, index) => {
    const conversation = after.get(draft.conversationId)!;
    const message = stored[index];
    if (message) return { message, created: false, reopened: false, conversation };
    return { message: written.get(index)!, created: true, reopened: state.get(draft.conversationId)!.reopenedBy === index, conversation };
  });
}

async function findExisting(tx: Queryable, drafts: readonly MessageDraft[]): Promise<Map<string, MessageRecord>> {
  const keyed = drafts.filter((d) => d.clientMessageId !== null);
  const found = new Map<string, MessageRecord>();
  if (keyed.length === 0) return found;
  const params: unknown[] = [];
  const pairs = keyed.map((d) => {
    params.push(d.conversationId, d.clientMessageId);
    return `($${params.length - 1}::uuid, $${params.length})`;
  });
  const rows = await tx.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM keeper_core.messages WHERE (conversation_id, client_message_id) IN (${pairs.join(', ')})`,
    params,
  );
  for (const row of rows) found.set(`${row.conversation_id}\u0000${row.client_message_id}`, messageFromRow(row));
  return found;
}

/** One UPDATE for every conversation the batch touched, not one per conversation; its parameters go on `params`. */
function conversationUpdate(
  state: Map<string, { seq: number; status: string; reopenedBy: number | null }>,
  inserts: ReadonlyArray<{ draft: MessageDraft }>,
  now: Date,
  params: unknown[],
): string {
  const touched = [...new Set(inserts.map((i) => i.draft.conversationId))];
  params.push(now);
  const at = params.length;
  const rows = touched.map((id) => {
    const conversation = state.get(id)!;
    params.push(id, conversation.seq, conversation.status, conversation.reopenedBy !== null);
    const n = params.length;
    return `($${n - 3}::uuid, $${n - 2}::int, $${n - 1}::keeper_core."ConversationStatus", $${n}::boolean)`;
  });
  return `UPDATE keeper_core.conversations AS c
        SET last_seq = v.last_seq, last_message_at = $${at}::timestamptz, last_activity_at = $${at}::timestamptz, status = v.status,
            closed_at = CASE WHEN v.reopened THEN NULL ELSE c.closed_at END
       FROM (VALUES ${rows.join(', ')}) AS v(id, last_seq, status, reopened)
      WHERE c.id = v.id`;
}

function placeholders(count: number, start: number): string {
  return Array.from({ length: count }, (_, i) => `$${start + i}`).join(', ');
}
