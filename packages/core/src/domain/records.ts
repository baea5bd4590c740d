import type { Annotations, ConversationRecord, CustomerRecord, MessageRecord } from '@keeper/sdk';
import type { Conversation, Customer } from '../generated/prisma/client.js';

export function toConversationRecord(row: Conversation): ConversationRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    status: row.status,
    assigneeId: row.assigneeId,
    channel: row.channel,
    subject: row.subject,
    tags: row.tags,
    createdAt: row.createdAt,
    lastMessageAt: row.lastMessageAt,
    closedAt: row.closedAt,
  };
}

export function toCustomerRecord(row: Customer): CustomerRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    externalIds: (row.externalIds ?? {}) as Record<string, string>,
  };
}

/** A message row from raw SQL (snake_case) or Prisma (camelCase). */
export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  author_type: MessageRecord['authorType'];
  author_id: string | null;
  body: string;
  annotations: Annotations | string | null;
  client_message_id: string | null;
  created_at: Date | string;
}

export function messageFromRow(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    authorType: row.author_type,
    authorId: row.author_id,
    body: row.body,
    annotations: typeof row.annotations === 'string' ? (JSON.parse(row.annotations) as Annotations) : (row.annotations ?? {}),
    clientMessageId: row.client_message_id,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}

/** The conversation columns the hot paths read with raw SQL (no Prisma round through its query engine). */
export const CONVERSATION_COLUMNS =
  'id, customer_id, status, assignee_id, channel, subject, tags, created_at, last_message_at, closed_at';

export interface ConversationRow {
  id: string;
  customer_id: string;
  status: ConversationRecord['status'];
  assignee_id: string | null;
  channel: string;
  subject: string | null;
  tags: string[];
  created_at: Date | string;
  last_message_at: Date | string | null;
  closed_at: Date | string | null;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export function conversationFromRow(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    assigneeId: row.assignee_id,
    channel: row.channel,
    subject: row.subject,
    tags: row.tags,
    createdAt: asDate(row.created_at),
    lastMessageAt: row.last_message_at === null ? null : asDate(row.last_message_at),
    closedAt: row.closed_at === null ? null : asDate(row.closed_at),
  };
}

export const MESSAGE_COLUMNS = 'id, conversation_id, seq, author_type, author_id, body, annotations, client_message_id, created_at';
