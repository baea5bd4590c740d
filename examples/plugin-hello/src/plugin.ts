import { BadUserInputError, definePlugin, type ResolverContext } from '@keeper/sdk';
import { z } from 'zod';
import type { Greeting, GreetingDraft } from './hooks.js';
import './hooks.js';

const options = z.strictObject({
  /** The word in front of every greeting. */
  greeting: z.string().min(1).max(40).default('Hello'),
  /** Names longer than this are refused with BAD_USER_INPUT. */
  maxNameLength: z.number().int().positive().default(64),
});

export type HelloOptions = z.input<typeof options>;

const GREETED_TOPIC = 'hello.greeted';

const schema = /* GraphQL */ `
  type Greeting {
    name: String!
    text: String!
    at: DateTime!
  }

  type HelloStats {
    "Messages this node has seen since it started (from the message.created event)."
    messagesSeen: Int!
    greetingsSent: Int!
  }

  extend type Query {
    hello(name: String): String!
    helloStats: HelloStats!
  }

  extend type Mutation {
    "Greets someone: runs the hello.beforeGreet interceptors, then emits hello.greeted."
    greet(name: String!): Greeting!
  }

  extend type Subscription {
    greeted: Greeting!
  }
`;

/** The template plugin: copy this package to start your own. */
export const helloPlugin = definePlugin({
  name: '@keeper-examples/plugin-hello',
  version: '0.1.0',
  core: '^0.1.0',
  options,
  create: (opts) => {
    const stats = { messagesSeen: 0, greetingsSent: 0 };
    return {
      graphql: {
        schema,
        resolvers: {
          Query: {
            hello: (_parent, args) => `${opts.greeting}, ${typeof args.name === 'string' ? args.name : 'world'}!`,
            helloStats: () => ({ ...stats }),
          },
          Mutation: {
            greet: async (_parent, args, ctx: ResolverContext) => {
              const name = String(args.name).trim();
              if (name.length === 0 || name.length > opts.maxNameLength) {
                throw new BadUserInputError(`name must be 1 to ${opts.maxNameLength} characters`, 'name');
              }
              const draft: GreetingDraft = await ctx.hooks.intercept(
                'hello.beforeGreet',
                { name, text: `${opts.greeting}, ${name}!` },
                ctx.actor,
              );
              const greeting: Greeting = { ...draft, at: new Date() };
              stats.greetingsSent++;
              await ctx.pubsub.publish({ topic: GREETED_TOPIC, payload: { greeted: greeting } });
              ctx.hooks.emit('hello.greeted', { greeting });
              return greeting;
            },
          },
          Subscription: {
            greeted: { subscribe: (_parent, _args, ctx: ResolverContext) => ctx.pubsub.subscribe(GREETED_TOPIC) },
          },
        },
      },
      interceptors: {
        // Marks friendly messages so agents see it; never blocks.
        'message.beforeCreate': (draft) => {
          if (!/\b(hello|hi)\b|你好/i.test(draft.body)) return undefined;
          return { ...draft, annotations: { ...draft.annotations, hello: { friendly: true } } };
        },
      },
      events: {
        'message.created': () => {
          stats.messagesSeen++;
        },
      },
      setup(ctx) {
        // A route in this plugin's own encapsulated Fastify scope.
        ctx.app.get('/hello/stats', async () => ({ ...stats }));
        ctx.logger.info({ greeting: opts.greeting }, 'hello plugin ready');
      },
    };
  },
});
