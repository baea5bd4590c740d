import { ContentRejectedError, definePlugin, type EventMap, type MessageDraft, type ResolverContext } from '@keeper/sdk';

/** A plugin whose mutation runs the message interceptors and emits `message.created`, as the domain does. */
export const echoPlugin = definePlugin({
  name: 'test-echo',
  version: '1.0.0',
  core: '>=0.1.0',
  create: () => ({
    graphql: {
      schema: /* GraphQL */ `
        extend type Mutation {
          post(body: String!): String!
        }
        extend type Subscription {
          posted: String!
        }
      `,
      resolvers: {
        Mutation: {
          post: async (_parent, args, ctx: ResolverContext) => {
            const draft: MessageDraft = {
              conversationId: 'c1',
              authorType: 'customer',
              authorId: null,
              body: String(args.body),
              annotations: {},
              clientMessageId: null,
            };
            const final = await ctx.hooks.intercept('message.beforeCreate', draft, ctx.actor);
            await ctx.pubsub.publish({ topic: 'posted', payload: { posted: final.body } });
            ctx.hooks.emit('message.created', fakeCreated(final.body));
            return final.body;
          },
        },
        Subscription: {
          posted: { subscribe: (_parent, _args, ctx: ResolverContext) => ctx.pubsub.subscribe('posted') },
        },
      },
    },
  }),
});

export function fakeCreated(body: string): EventMap['message.created'] {
  const now = new Date();
  return {
    message: { id: 'm1', conversationId: 'c1', seq: 1, authorType: 'customer', authorId: null, body, annotations: {}, clientMessageId: null, createdAt: now },
    conversation: { id: 'c1', customerId: 'u1', status: 'open', assigneeId: null, channel: 'web', subject: null, tags: [], createdAt: now, lastMessageAt: now, closedAt: null },
  };
}

export const upperPlugin = definePlugin({
  name: 'test-upper',
  version: '1.0.0',
  core: '>=0.1.0',
  create: () => ({
    interceptors: { 'message.beforeCreate': (draft) => ({ ...draft, body: draft.body.toUpperCase() }) },
  }),
});

export const rejectPlugin = definePlugin({
  name: 'test-reject',
  version: '1.0.0',
  core: '>=0.1.0',
  create: () => ({
    interceptors: {
      'message.beforeCreate': {
        order: -10,
        handler: (draft) => {
          if (draft.body.includes('forbidden')) throw new ContentRejectedError('The message contains a forbidden word');
          return undefined;
        },
      },
    },
  }),
});

export const slowPlugin = definePlugin({
  name: 'test-slow',
  version: '1.0.0',
  core: '>=0.1.0',
  create: () => ({
    interceptors: {
      'message.beforeCreate': {
        timeoutMs: 50,
        handler: async (draft, { signal }) => {
          if (!draft.body.includes('slow')) return draft;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 1000);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              resolve();
            });
          });
          return draft;
        },
      },
    },
  }),
});

export const crashPlugin = definePlugin({
  name: 'test-crash',
  version: '1.0.0',
  core: '>=0.1.0',
  create: () => ({
    interceptors: {
      'message.beforeCreate': (draft) => {
        if (draft.body.includes('crash')) throw new Error('boom (internal detail)');
        return draft;
      },
    },
  }),
});
