import type { ConversationRecord, MessageRecord } from '@keeper/sdk';

/** Bus payloads cross Redis as JSON: dates travel as ISO strings (DateTime serialises either). */
export type WireMessage = Omit<MessageRecord, 'createdAt'> & { createdAt: string };

export function wireMessage(message: MessageRecord): WireMessage {
  return { ...message, createdAt: message.createdAt.toISOString() };
}

export const TOPICS = {
  conversation: (id: string) => `conversation:${id}`,
  typing: (id: string) => `typing:${id}`,
  inbox: 'inbox',
  presence: 'presence',
} as const;

export interface InboxEvent {
  type: 'opened' | 'assigned' | 'transferred' | 'closed' | 'reopened' | 'message';
  conversationId: string;
  /** Who may see it: the assignee at the time (agents see unassigned ones and their own). */
  assigneeId: string | null;
  agentId: string | null;
  message: WireMessage | null;
  at: string;
}

/** An inbox event; a `message` event passes the wire form its messageAdded event already made (and is dated by it). */
export function inboxEvent(
  type: InboxEvent['type'],
  conversation: ConversationRecord,
  extra: { agentId?: string | null; message?: WireMessage } = {},
): { conversationEvents: InboxEvent } {
  return {
    conversationEvents: {
      type,
      conversationId: conversation.id,
      assigneeId: conversation.assigneeId,
      agentId: extra.agentId ?? null,
      message: extra.message ?? null,
      at: extra.message ? extra.message.createdAt : new Date().toISOString(),
    },
  };
}

/**
 * The JSON of a `message` inbox event made by `inboxEvent`, around its message's JSON (which the messageAdded
 * event already has): the same text `JSON.stringify` gives, without serialising the message again.
 */
export function inboxMessageEventJson(event: { conversationEvents: InboxEvent }, messageJson: string): string {
  const e = event.conversationEvents;
  const s = JSON.stringify;
  return `{"conversationEvents":{"type":${s(e.type)},"conversationId":${s(e.conversationId)},"assigneeId":${s(e.assigneeId)},"agentId":${s(e.agentId)},"message":${messageJson},"at":${s(e.at)}}}`;
}

/**
 * Where an inbox event sits in its conversation's message sequence, for the hub's per-conversation order.
 * Only the inbox feed: a conversation's own topic is ordered per subscriber by seq, with gap repair from
 * the store (which can also fill what never arrived), and must not wait on a node that has just subscribed.
 */
export function messageOrder(topic: string, event: Record<string, unknown>): { key: string; seq: number } | null {
  if (topic !== TOPICS.inbox) return null;
  const inbox = event.conversationEvents as InboxEvent | undefined;
  if (inbox?.type === 'message' && inbox.message) return { key: inbox.conversationId, seq: inbox.message.seq };
  return null;
}
