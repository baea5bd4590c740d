import type { ConversationsApi } from '@keeper/core';
import { requireAgent, requireCustomerOrAgent } from '@keeper/core';
import { BadUserInputError, ForbiddenError, type GraphQLResolvers, NotFoundError, type ResolverContext } from '@keeper/sdk';
import type { Hub } from '../hub.js';
import type { PresenceEntry } from '../presence/types.js';
import { topicSubscription } from '../topic.js';
import { type InboxEvent, TOPICS, type WireMessage, wireMessage } from './payloads.js';
import type { Presence } from './presence.js';

export interface HubParts {
  hub(): Hub;
  conversations(): ConversationsApi;
  presence(): Presence;
  replayBatch: number;
}

async function visibleConversation(parts: HubParts, ctx: ResolverContext, id: unknown) {
  requireCustomerOrAgent(ctx.actor);
  if (typeof id !== 'string') throw new BadUserInputError('conversationId must be an id', 'conversationId');
  const conversation = await parts.conversations().find(ctx.actor, id);
  if (!conversation) throw new ForbiddenError('You do not have access to this conversation, or it does not exist');
  return conversation;
}

export function hubResolvers(parts: HubParts): GraphQLResolvers {
  return {
    Subscription: {
      messageAdded: {
        subscribe: async (_p, args, ctx) => {
          // Only its id and seq outlive this call: the closures below would otherwise keep the whole
          // conversation row (and its dates) for as long as the subscription lives.
          const { id: conversationId, lastSeq } = await visibleConversation(parts, ctx, args.conversationId);
          const afterSeq = args.afterSeq === undefined || args.afterSeq === null ? null : Number(args.afterSeq);
          if (afterSeq !== null && (!Number.isInteger(afterSeq) || afterSeq < 0)) throw new BadUserInputError('afterSeq must be a non-negative integer', 'afterSeq');
          const actor = ctx.actor;
          return topicSubscription({
            topic: TOPICS.conversation(conversationId),
            // A message reads the same for everyone allowed to subscribe: one execution per event.
            scope: 'shared',
            seqOf: (event) => (event.messageAdded as WireMessage).seq,
            afterSeq,
            // Live from the seq the conversation had when authorised: a message another node committed
            // just before one of this node's is repaired from the store, not skipped.
            liveAfterSeq: afterSeq === null ? lastSeq : null,
            replay: async (after) => {
              const stored = await parts.conversations().messagesAfter(actor, conversationId, after, parts.replayBatch);
              return stored.map((m) => ({ messageAdded: wireMessage(m) }));
            },
          });
        },
      },
      conversationEvents: {
        subscribe: (_p, _a, ctx) => {
          requireAgent(ctx.actor);
          return topicSubscription<ResolverContext>({
            topic: TOPICS.inbox,
            scope: 'shared',
            filter: (event, c) => {
              const e = event.conversationEvents as InboxEvent;
              return parts.conversations().canAccess(c.actor, { id: e.conversationId, assigneeId: e.assigneeId });
            },
          });
        },
      },
      typing: {
        subscribe: async (_p, args, ctx) => {
          const conversation = await visibleConversation(parts, ctx, args.conversationId);
          return topicSubscription<ResolverContext>({
            topic: TOPICS.typing(conversation.id),
            scope: 'shared',
            // Nobody needs their own typing echoed back.
            filter: (event, c) => (event.typing as { authorId: string | null }).authorId !== (c.actor as { id?: string }).id,
          });
        },
      },
      agentPresence: {
        subscribe: (_p, _a, ctx) => {
          requireAgent(ctx.actor);
          return topicSubscription({ topic: TOPICS.presence, scope: 'shared' });
        },
      },
    },
    Mutation: {
      setTyping: async (_p, args, ctx) => {
        const conversation = await visibleConversation(parts, ctx, args.conversationId);
        const actor = requireCustomerOrAgent(ctx.actor);
        await parts.hub().publish(TOPICS.typing(conversation.id), {
          typing: { conversationId: conversation.id, authorType: actor.kind, authorId: actor.id, typing: Boolean(args.typing), at: new Date().toISOString() },
        });
        return true;
      },
      setPresence: async (_p, args, ctx) => {
        const agent = requireAgent(ctx.actor);
        const status = args.status;
        if (status !== 'online' && status !== 'away' && status !== 'offline') throw new BadUserInputError('status must be online, away or offline', 'status');
        return parts.presence().set(agent.id, status);
      },
    },
    Query: {
      agentPresences: async (_p, _a, ctx) => {
        requireAgent(ctx.actor);
        return parts.presence().all();
      },
    },
    ConversationEvent: {
      conversation: async (parent, _a, ctx) => {
        const id = (parent as InboxEvent).conversationId;
        const conversation = await parts.conversations().find(ctx.actor, id);
        if (!conversation) throw new NotFoundError('Conversation', id);
        return conversation;
      },
    },
  };
}

export type { PresenceEntry };
