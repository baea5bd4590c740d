import { randomUUID } from 'node:crypto';
import type { MessageDraft, MessageRecord } from '@keeper/sdk';
import type { Queryable } from '@keeper/db';
import { MESSAGE_COLUMNS, type MessageRow, messageFromRow } from './records.js';

export interface WriteResult {
  message: MessageRecord;
  /** False when the clientMessageId was already stored: the original is returned, nothing written. */
  created: boolean;
  /** The conversation was closed and a shopper's message opened it again. */
  reopened: boolean;
}

/** Parameter casts for one row of MESSAGE_COLUMNS. */
const INSERT_CASTS = ['::uuid', '::uuid', '::int', '::keeper_core."AuthorType"', '::uuid', '::text', '::jsonb', '::text', '::timestamptz'];

interface ConversationLockRow {
  id: string;
  last_seq: number;
  status: 'open' | 'pending' | 'closed';
}

/**
 * Writes a batch of messages in one transaction. Conversations are locked (FOR UPDATE) before seqs
 * are handed out, so seqs stay gap-free and unique even with several nodes writing; a clientMessageId
 * already stored, or repeated inside the batch, returns the first message instead of writing again.
 */
export async function writeMessages(tx: Queryable, drafts: readonly MessageDraft[]): Promise<WriteResult[]> {
  const conversationIds = [...new Set(drafts.map((d) => d.conversationId))].sort();
  const locked = await tx.query<ConversationLockRow>(
    `SELECT id, last_seq, status FROM keeper_core.conversations WHERE id IN (${placeholders(conversationIds.length, 1)}) ORDER BY id FOR UPDATE`,
    conversationIds,
  );
  // reopenedBy: the batch index of the shopper message that reopened a closed conversation (it carries the event).
  const state = new Map(locked.map((row) => [row.id, { seq: Number(row.last_seq), status: row.status, reopenedBy: null as number | null }]));

  const existing = await findExisting(tx, drafts);
  const results: Array<WriteResult | undefined> = new Array(drafts.length);
  const inserts: Array<{ index: number; id: string; seq: number; draft: MessageDraft }> = [];
  const claimed = new Map<string, number>();
  const now = new Date();

  drafts.forEach((draft, index) => {
    const conversation = state.get(draft.conversationId);
    if (!conversation) throw new Error(`conversation ${draft.conversationId} vanished while sending`);
    if (draft.clientMessageId !== null) {
      const key = `${draft.conversationId}\u0000${draft.clientMessageId}`;
      const stored = existing.get(key);
      if (stored) {
        results[index] = { message: stored, created: false, reopened: false };
        return;
      }
      if (claimed.has(key)) return; // filled in below from the first draft with this key
      claimed.set(key, index);
    }
    conversation.seq += 1;
    if (conversation.status === 'closed' && draft.authorType === 'customer') {
      conversation.status = 'open';
      conversation.reopenedBy = index;
    }
    inserts.push({ index, id: randomUUID(), seq: conversation.seq, draft });
  });

  if (inserts.length > 0) {
    const params: unknown[] = [];
    const rows = inserts.map(({ id, seq, draft }) => {
      const base = params.length;
      params.push(id, draft.conversationId, seq, draft.authorType, draft.authorId, draft.body, JSON.stringify(draft.annotations), draft.clientMessageId, now);
      return `(${INSERT_CASTS.map((cast, i) => `$${base + i + 1}${cast}`).join(', ')})`;
    });
    const inserted = await tx.query<MessageRow>(
      `INSERT INTO keeper_core.messages (${MESSAGE_COLUMNS}) VALUES ${rows.join(', ')} RETURNING ${MESSAGE_COLUMNS}`,
      params,
    );
    const byId = new Map(inserted.map((row) => [row.id, messageFromRow(row)]));
    for (const insert of inserts) {
      const reopened = state.get(insert.draft.conversationId)!.reopenedBy === insert.index;
      results[insert.index] = { message: byId.get(insert.id)!, created: true, reopened };
    }
    await updateConversations(tx, state, inserts, now);
  }

  // Duplicates inside the batch share the first draft's message.
  drafts.forEach((draft, index) => {
    if (results[index] || draft.clientMessageId === null) return;
    const first = results[claimed.get(`${draft.conversationId}\u0000${draft.clientMessageId}`)!]!;
    results[index] = { message: first.message, created: false, reopened: false };
  });
  return results as WriteResult[];
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

/** One UPDATE for every conversation the batch touched, not one per conversation. */
async function updateConversations(
  tx: Queryable,
  state: Map<string, { seq: number; status: string; reopenedBy: number | null }>,
  inserts: ReadonlyArray<{ draft: MessageDraft }>,
  now: Date,
): Promise<void> {
  const touched = [...new Set(inserts.map((i) => i.draft.conversationId))];
  const params: unknown[] = [now];
  const rows = touched.map((id) => {
    const conversation = state.get(id)!;
    params.push(id, conversation.seq, conversation.status, conversation.reopenedBy !== null);
    const n = params.length;
    return `($${n - 3}::uuid, $${n - 2}::int, $${n - 1}::keeper_core."ConversationStatus", $${n}::boolean)`;
  });
  await tx.query(
    `UPDATE keeper_core.conversations AS c
        SET last_seq = v.last_seq, last_message_at = $1, last_activity_at = $1, status = v.status,
            closed_at = CASE WHEN v.reopened THEN NULL ELSE c.closed_at END
       FROM (VALUES ${rows.join(', ')}) AS v(id, last_seq, status, reopened)
      WHERE c.id = v.id`,
    params,
  );
}

function placeholders(count: number, start: number): string {
  return Array.from({ length: count }, (_, i) => `$${start + i}`).join(', ');
}
