import websocket from '@fastify/websocket';
import type { Actor, HookBus, ResolverContext } from '@keeper/sdk';
import type { RevocationChannel } from '../auth/revocations.js';
import type { KeeperServiceRegistry } from '../kernel/service-registry.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ExecutionResult, GraphQLError } from 'graphql';
import mercurius from 'mercurius';
import type { WebSocket } from 'ws';
import type { ResolvedConfig } from '../config/schema.js';
import type { ComposedSchema } from './compose.js';
import { flattenErrors, formatGraphQLError, hasInternalError } from './format-error.js';
import { maxFieldsRule } from './limits.js';
import type { WebSocketHandler } from './transport.js';
import { type Authenticate, WsAuthenticator, WsCloseCodes } from './ws-auth.js';

export interface MountOptions {
  config: ResolvedConfig;
  composed: ComposedSchema;
  services: KeeperServiceRegistry;
  hooks: HookBus;
  /** Read at request time, so the auth module can be installed after the schema. */
  authenticate: () => Authenticate;
  revocations: RevocationChannel;
}

/**
 * A bad token on HTTP makes the caller anonymous rather than failing the request, so public fields
 * still answer and protected ones say UNAUTHENTICATED with the reason logged.
 */
async function httpActor(authenticate: Authenticate, request: FastifyRequest): Promise<Actor> {
  try {
    return await authenticate(bearer(request));
  } catch (error) {
    request.log.info({ reason: (error as Error).message }, 'request token refused');
    return { kind: 'anonymous' };
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? header : undefined;
}

/**
 * Mounts GraphQL at /graphql: HTTP queries and mutations, and subscriptions over
 * @fastify/websocket with graphql-transport-ws as the default subprotocol.
 */
export async function mountGraphQL(app: FastifyInstance, options: MountOptions): Promise<void> {
  const { config, composed, services, hooks } = options;
  const production = config.env === 'production';
  const wsAuth = new WsAuthenticator(options.authenticate);
  // Mercurius' own sockets; a realtime plugin that took WebSockets over closes its own (onSessionRevoked).
  options.revocations.onRevoked((revocation) => wsAuth.revoked(revocation));
  let override: WebSocketHandler | undefined;
  let publisher: ((topic: string, payload: Record<string, unknown>) => Promise<void>) | undefined;
  const publish = async (topic: string, payload: Record<string, unknown>) => {
    if (publisher) return publisher(topic, payload);
    await app.graphql.pubsub.publish({ topic, payload });
  };

  // Mercurius declares GET /graphql with its wsHandler; wrap it (before @fastify/websocket sees the
  // route) so a realtime plugin can take the WebSocket side over at runtime.
  app.addHook('onRoute', (route) => {
    const original = route.wsHandler as WebSocketHandler | undefined;
    if (route.url !== '/graphql' || !original) return;
    route.wsHandler = function dispatch(this: FastifyInstance, socket: WebSocket, request: FastifyRequest) {
      if (override) return override(socket, request);
      wsAuth.watch(socket);
      return original.call(this, socket, request);
    } as typeof route.wsHandler;
  });

  const baseContext = (actor: Actor): Omit<ResolverContext, 'pubsub'> => ({ actor, services, hooks });
  services.provide('transport', {
    schema: () => app.graphql.schema,
    authenticate: (authorization) => options.authenticate()(authorization),
    context: baseContext,
    useWebSocketHandler: (handler) => {
      override = handler;
    },
    onSessionRevoked: (listener) => options.revocations.onRevoked(listener),
    usePublisher: (fn) => {
      publisher = fn;
      // Resolvers' ctx.pubsub.publish over HTTP is Mercurius' pubsub: send it where subscribers now listen.
      const pubsub = app.graphql.pubsub as unknown as { publish(event: { topic: string; payload: unknown }, done?: (error?: unknown) => void): void };
      pubsub.publish = (event, done) => {
        fn(event.topic, event.payload as Record<string, unknown>).then(() => done?.(), (error: unknown) => done?.(error));
      };
    },
  });
  services.provide('realtime', { publish });

  await app.register(websocket, {
    options: { maxPayload: config.limits.wsMaxPayloadBytes },
    // Clients see "going away" on shutdown and reconnect elsewhere.
    preClose(this: FastifyInstance, done: () => void) {
      for (const client of this.websocketServer.clients) client.close(WsCloseCodes.GOING_AWAY, 'Server shutting down');
      this.websocketServer.close(() => done());
    },
  });

  await app.register(mercurius, {
    schema: composed.schema,
    resolvers: composed.resolvers as never,
    path: '/graphql',
    graphiql: config.server.graphiql ?? config.env === 'development',
    queryDepth: config.limits.queryDepth,
    validationRules: [maxFieldsRule(config.limits.queryComplexity)],
    context: async (request: FastifyRequest) => ({
      ...baseContext(await httpActor(options.authenticate(), request)),
      requestId: request.id,
    }),
    subscription: {
      wsDefaultSubprotocol: 'graphql-transport-ws',
      fullWsTransport: true,
      keepAlive: 15_000,
      context: async (socket: WebSocket) => {
        try {
          return baseContext(await wsAuth.actorOf(socket));
        } catch (error) {
          socket.close(WsCloseCodes.FORBIDDEN, 'Forbidden');
          throw error;
        }
      },
    },
    errorFormatter: (execution: ExecutionResult & { statusCode?: number }, context: { reply?: { log: FastifyInstance['log'] }; app: FastifyInstance }) => {
      const log = context.reply?.log ?? context.app.log;
      const raw = flattenErrors((execution.errors ?? []) as GraphQLError[]);
      const errors = raw.map((e) => formatGraphQLError(e, production));
      if (hasInternalError(errors)) {
        for (const e of raw) if (e.originalError) log.error({ err: e.originalError, path: e.path }, 'resolver failed');
      }
      const statusCode = execution.data ? 200 : (execution.statusCode ?? 200);
      return { statusCode, response: { data: execution.data ?? null, errors } };
    },
  } as never);
}
