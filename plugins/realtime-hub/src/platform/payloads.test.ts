import type { ConversationRecord, MessageRecord } from '@keeper/sdk';
import { describe, expect, it } from 'vitest';
import { inboxEvent, inboxMessageEventJson, wireMessage } from './payloads.js';

const conversation = (assigneeId: string | null): ConversationRecord => ({
  id: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  customerId: '0196f0a4-7c1e-7d2a-9b3c-4d5e6f708192',
  status: 'open',
  assigneeId,
  channel: 'web',
  subject: null,
  tags: [],
  createdAt: new Date('2026-11-27T04:00:00Z'),
  lastMessageAt: null,
  closedAt: null,
});

const message: MessageRecord = {
  id: '0196f0a4-7c1e-7d2a-9b3c-4d5e6f708193',
  conversationId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  seq: 7,
  authorType: 'customer',
  authorId: null,
  body: 'quote " backslash \\ newline \n 退货 😀 \u2028',
  annotations: { products: [{ sku: 'A-1' }] },
  clientMessageId: 'c-7',
  createdAt: new Date('2026-11-27T04:39:32.123Z'),
};

describe('inboxMessageEventJson', () => {
  it('is exactly JSON.stringify of the inbox event, around the message JSON made once', () => {
    for (const assignee of [null, '11111111-2222-4333-8444-555555555555']) {
      const wire = wireMessage(message);
      const event = inboxEvent('message', conversation(assignee), { message: wire });
      expect(inboxMessageEventJson(event, JSON.stringify(wire))).toBe(JSON.stringify(event));
    }
  });
});
