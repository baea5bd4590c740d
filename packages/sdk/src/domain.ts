/**
 * The shapes of core records as plugins see them in hooks. These are the stable contract;
 * the database rows behind them may carry more.
 */
export type AuthorType = 'customer' | 'agent' | 'system' | 'bot';
export type ConversationStatus = 'open' | 'pending' | 'closed';

/** Free-form data plugins attach to a message, keyed by plugin name (e.g. `sensitive-words`). */
export type Annotations = Record<string, unknown>;

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  authorType: AuthorType;
  authorId: string | null;
  body: string;
  annotations: Annotations;
  clientMessageId: string | null;
  createdAt: Date;
}

export interface ConversationRecord {
  id: string;
  customerId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  channel: string;
  subject: string | null;
  tags: string[];
  createdAt: Date;
  lastMessageAt: Date | null;
  closedAt: Date | null;
}

export interface CustomerRecord {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  externalIds: Record<string, string>;
}
