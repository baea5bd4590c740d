import {
  type Actor,
  type AuthorType,
  type ConversationRecord,
  BadUserInputError,
  type MessageDraft,
  type MessageRecord,
  NotFoundError,
} from '@keeper/sdk';
import type { Database } from '@keeper/db';
import { assertConversationAccess, requireCustomerOrAgent } from '../auth/access.js';
import type { KeeperHookBus } from '../hooks/hook-bus.js';
import { CONVERSATION_COLUMNS, type ConversationRow, conversationFromRow, MESSAGE_COLUMNS, type MessageRow, messageFromRow } from './records.js';
import { createTickBatcher, type TickBatcher } from './tick-batcher.js';
import { assertId, optionalText, pageSize } from './validation.js';
import type { WriteOutcome } from './message-writer.js';

/** Something that batches concurrent writes into one transaction and resolves after COMMIT. */
export interface MessageCommitter {
  submit(draft: MessageDraft): Promise<WriteOutcome>;
}

export interface MessageLimits {
  messageBodyMaxLength: number;
  pageSizeDefault: number;
  pageSizeMax: number;
}

export interface MessagePage {
  messages: MessageRecord[];
  hasNextPage: boolean;
}

/**
 * The main path of a message: authorise → validate → idempotency check → interceptors → group
 * commit → `message.created`. The caller is answered only after the commit.
 */
export class MessageService {
  /** Conversation reads of one event-loop turn share one query (every send does one). */
  private readonly conversations: TickBatcher<string, ConversationRecord>;

  constructor(
    private readonly db: Database,
    private readonly committer: MessageCommitter,
    private readonly hooks: KeeperHookBus,
    private readonly limits: MessageLimits,
  ) {
    this.conversations = createTickBatcher(async (ids) => {
      const rows = await this.db.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM keeper_core.conversations WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      return new Map(rows.map((row) => [row.id, conversationFromRow(row)]));
    });
  }

  async send(actor: Actor, conversationIdInput: unknown, bodyInput: unknown, clientMessageIdInput: unknown): Promise<MessageRecord> {
    const author = requireCustomerOrAgent(actor);
    const conversationId = assertId('Conversation', conversationIdInput);
    const body = this.validBody(bodyInput);
    const clientMessageId = optionalText(clientMessageIdInput, 'clientMessageId', 100);
    // A shopper's token lists its conversations: that is the access check, no read needed (the writer locks
    // and reads the row anyway). Anyone else, or a conversation not on the list, is checked against the row.
    if (!(actor.kind === 'customer' && actor.conversationIds.includes(conversationId))) {
      const conversation = await this.findConversation(conversationId);
      if (!conversation) throw new NotFoundError('Conversation', conversationId);
      assertConversationAccess(actor, conversation);
    }

    // A repeated clientMessageId (a client retrying) needs no read here: the writer finds the stored message
    // in the same statement that would insert it, and answers with it, announcing nothing.
    const authorType: AuthorType = author.kind === 'agent' ? 'agent' : 'customer';
    const draft = await this.hooks.intercept(
      'message.beforeCreate',
      { conversationId, authorType, authorId: author.id, body, annotations: {}, clientMessageId },
      actor,
    );
    // An interceptor may rewrite the body, never past the limits or onto another conversation.
    const final: MessageDraft = { ...draft, conversationId, authorType, authorId: author.id, clientMessageId, body: this.validBody(draft.body) };
    return this.commit(final, actor);
  }

  /** Posts a system or bot message (plugins, automations); same path without an author check. */
  async post(conversationIdInput: string, authorType: Extract<AuthorType, 'system' | 'bot'>, body: string, actor: Actor): Promise<MessageRecord> {
    const conversationId = assertId('Conversation', conversationIdInput);
    const conversation = await this.findConversation(conversationId);
    if (!conversation) throw new NotFoundError('Conversation', conversationId);
    const draft = await this.hooks.intercept(
      'message.beforeCreate',
      { conversationId, authorType, authorId: null, body: this.validBody(body), annotations: {}, clientMessageId: null },
      actor,
    );
    return this.commit({ ...draft, conversationId, authorType, authorId: null, clientMessageId: null, body: this.validBody(draft.body) }, actor);
  }

  /** Group-commits a final draft and, once committed, announces it with the conversation as the commit left it. */
  private async commit(draft: MessageDraft, actor: Actor): Promise<MessageRecord> {
    const result = await this.committer.submit(draft);
    if ('failed' in result) throw result.error;
    if (result.created) {
      if (result.reopened) this.hooks.emit('conversation.reopened', { conversation: result.conversation, by: actor });
      this.hooks.emit('message.created', { message: result.message, conversation: result.conversation });
    }
    return result.message;
  }

  async list(actor: Actor, conversationIdInput: unknown, afterSeqInput: unknown, firstInput: unknown): Promise<MessagePage> {
    requireCustomerOrAgent(actor);
    const conversationId = assertId('Conversation', conversationIdInput);
    const conversation = await this.findConversation(conversationId);
    if (!conversation) throw new NotFoundError('Conversation', conversationId);
    assertConversationAccess(actor, conversation);
    const first = pageSize(firstInput, this.limits);
    const afterSeq = afterSeqInput === undefined || afterSeqInput === null ? 0 : Number(afterSeqInput);
    if (!Number.isInteger(afterSeq) || afterSeq < 0) throw new BadUserInputError('afterSeq must be a non-negative integer', 'afterSeq');
    const messages = await this.listAfter(conversationId, afterSeq, first + 1);
    return { messages: messages.slice(0, first), hasNextPage: messages.length > first };
  }

  /** Stored messages after `afterSeq`, ascending; no access check (callers check). Used for replay. */
  async listAfter(conversationId: string, afterSeq: number, limit: number): Promise<MessageRecord[]> {
    const rows = await this.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM keeper_core.messages WHERE conversation_id = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3`,
      [conversationId, afterSeq, limit],
    );
    return rows.map(messageFromRow);
  }

  /** The hot path's read: raw SQL, batched per event-loop turn, since every send does it. */
  private findConversation(id: string): Promise<ConversationRecord | undefined> {
    return this.conversations.get(id);
  }

  private validBody(body: unknown): string {
    if (typeof body !== 'string') throw new BadUserInputError('body must be a string', 'body');
    const trimmed = body.trim();
    if (trimmed.length === 0) throw new BadUserInputError('body must not be empty', 'body');
    if (codePointsOver(trimmed, this.limits.messageBodyMaxLength)) {
      throw new BadUserInputError(`body must be at most ${this.limits.messageBodyMaxLength} characters`, 'body', {
        maxLength: this.limits.messageBodyMaxLength,
      });
    }
    return trimmed;
  }
}

/**
 * Whether `text` has more than `max` code points (what users count as characters; an emoji is one), without
 * spreading it into an array per message. UTF-16 length is an upper bound, half of it a lower one.
 */
export function codePointsOver(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++count > max) return true;
  }
  return false;
}
