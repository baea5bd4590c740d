import type { DatabaseHandle, MessageDraft } from '@keeper/sdk';
import type { AppliedHit } from './policy.js';

export interface AuditRecord {
  id: string;
  createdAt: string;
  conversationId: string;
  clientMessageId: string | null;
  authorType: string;
  authorId: string | null;
  word: string;
  category: string;
  action: string;
  matched: string;
}

export interface AuditQuery {
  first: number;
  /** Cursor: the id of the last record of the previous page (records come newest first). */
  after?: string | null;
  conversationId?: string | null;
  authorId?: string | null;
  word?: string | null;
  action?: string | null;
  since?: string | null;
}

/** Where audit records go: PostgreSQL/PGlite through ctx.db, or memory when the plugin has no database. */
export interface AuditLog {
  record(draft: MessageDraft, hits: readonly AppliedHit[]): Promise<void>;
  list(query: AuditQuery): Promise<{ items: AuditRecord[]; nextCursor: string | null }>;
}

/** Quotes the plugin's schema name for SQL (the name comes from the core, never from users). */
function table(db: DatabaseHandle, name: string): string {
  return `"${db.schema.replaceAll('"', '""')}"."${name}"`;
}

interface HitRow {
  id: string | number;
  created_at: Date | string;
  conversation_id: string;
  client_message_id: string | null;
  author_type: string;
  author_id: string | null;
  word: string;
  category: string;
  action: string;
  matched: string;
}

function toRecord(r: HitRow): AuditRecord {
  return {
    id: String(r.id),
    createdAt: (r.created_at instanceof Date ? r.created_at : new Date(r.created_at)).toISOString(),
    conversationId: r.conversation_id,
    clientMessageId: r.client_message_id,
    authorType: r.author_type,
    authorId: r.author_id,
    word: r.word,
    category: r.category,
    action: r.action,
    matched: r.matched,
  };
}

export function databaseAuditLog(db: DatabaseHandle): AuditLog {
  return {
    async record(draft, hits) {
      if (hits.length === 0) return;
      const values: string[] = [];
      const params: unknown[] = [];
      for (const h of hits) {
        const b = params.length;
        values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`);
        params.push(draft.conversationId, draft.clientMessageId, draft.authorType, draft.authorId, h.word, h.category, h.action, h.text);
      }
      await db.query(
        `INSERT INTO ${table(db, 'hit')} (conversation_id, client_message_id, author_type, author_id, word, category, action, matched) VALUES ${values.join(', ')}`,
        params,
      );
    },
    async list(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (q.after) add('id < ?::bigint', q.after);
      if (q.conversationId) add('conversation_id = ?', q.conversationId);
      if (q.authorId) add('author_id = ?', q.authorId);
      if (q.word) add('word = ?', q.word);
      if (q.action) add('action = ?', q.action);
      if (q.since) add('created_at >= ?::timestamptz', q.since);
      params.push(q.first + 1);
      const rows = await db.query<HitRow>(
        `SELECT id, created_at, conversation_id, client_message_id, author_type, author_id, word, category, action, matched FROM ${table(db, 'hit')}` +
          `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, q.first).map(toRecord);
      return { items, nextCursor: rows.length > q.first ? (items[items.length - 1]?.id ?? null) : null };
    },
  };
}

/** For deployments without a database (and tests): keeps the newest `limit` records in memory. */
export function memoryAuditLog(limit = 10_000): AuditLog & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  let seq = 0;
  return {
    records,
    async record(draft, hits) {
      for (const h of hits) {
        records.push({
          id: String(++seq),
          createdAt: new Date().toISOString(),
          conversationId: draft.conversationId,
          clientMessageId: draft.clientMessageId,
          authorType: draft.authorType,
          authorId: draft.authorId,
          word: h.word,
          category: h.category,
          action: h.action,
          matched: h.text,
        });
      }
      if (records.length > limit) records.splice(0, records.length - limit);
    },
    async list(q) {
      const matches = records
        .filter(
          (r) =>
            (!q.after || Number(r.id) < Number(q.after)) &&
            (!q.conversationId || r.conversationId === q.conversationId) &&
            (!q.authorId || r.authorId === q.authorId) &&
            (!q.word || r.word === q.word) &&
            (!q.action || r.action === q.action) &&
            (!q.since || r.createdAt >= new Date(q.since).toISOString()),
        )
        .reverse();
      const items = matches.slice(0, q.first);
      return { items, nextCursor: matches.length > q.first ? (items[items.length - 1]?.id ?? null) : null };
    },
  };
}
