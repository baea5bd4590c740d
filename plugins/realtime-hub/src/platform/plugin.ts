import type { ConversationsApi, SessionRevocation, SessionsApi } from '@keeper/core';
import { type Actor, definePlugin, type PluginContext, type ResolverContext } from '@keeper/sdk';
import type { Cluster, ClusterNode, Redis } from 'ioredis';
import { z } from 'zod';
import { createRedisBus, type RedisBus } from '../bus/redis.js';
import { createHub, type Hub } from '../hub.js';
import { MemoryPresenceStore } from '../presence/memory.js';
import { RedisPresenceStore } from '../presence/redis.js';
import { CloseCode } from '../protocol.js';
import { defaultLimits } from '../runtime.js';
import { topicSubscription } from '../topic.js';
import { inboxEvent, inboxMessageEventJson, messageOrder, TOPICS, wireMessage } from './payloads.js';
import { Presence } from './presence.js';
import { hubResolvers } from './resolvers.js';
import { hubSDL } from './schema.js';

const limitsSchema = z
  .strictObject({
    connectionInitTimeoutMs: z.number().int().positive(),
    maxSubscriptionsPerConnection: z.number().int().positive(),
    maxPayloadBytes: z.number().int().positive(),
    highWaterBytes: z.number().int().positive(),
    maxQueueBytes: z.number().int().positive(),
    maxTotalQueueBytes: z.number().int().positive(),
    fairShareBytes: z.number().int().positive(),
    keepAliveMs: z.number().int().positive(),
    maxOperationsInFlight: z.number().int().positive(),
    closeGraceMs: z.number().int().positive(),
    maxPendingEvents: z.number().int().positive(),
    maxReplayRounds: z.number().int().positive(),
  })
  .partial();

const options = z.strictObject({
  /** Transport limits; see the README for defaults and close codes. */
  limits: limitsSchema.default({}),
  /** Presence entries expire this long after their node's last heartbeat. */
  presenceTtlMs: z.number().int().min(1000).default(30_000),
  /** How often every node looks for expired presence entries; an expiry is announced within TTL + this. */
  presenceSweepMs: z.number().int().min(100).default(5000),
  /** How often connections whose session has expired are looked for and closed (4401, `Session expired`). */
  sessionSweepMs: z.number().int().min(100).default(5000),
  /**
   * How often every open connection's session is checked against the database, closing those revoked
   * (4401): the backstop for a revocation notice that never reached this node (Redis down at that moment).
   */
  sessionRecheckMs: z.number().int().min(100).default(60_000),
  /** Messages per replay round for `messageAdded(afterSeq:)`. */
  replayBatch: z.number().int().min(10).max(10_000).default(500),
  /** Prometheus text path; false to not serve it. */
  metricsPath: z.union([z.string().startsWith('/'), z.literal(false)]).default('/metrics'),
});

export type RealtimeHubOptions = z.input<typeof options>;

function isCluster(client: unknown): client is Cluster {
  return typeof client === 'object' && client !== null && 'isCluster' in client && (client as Cluster).isCluster === true;
}

/** A bus on the same Redis as the platform's (it opens its own publisher and subscriber connections). */
function redisBusFor(ctx: PluginContext): RedisBus | undefined {
  const client = ctx.redis as Redis | Cluster | undefined;
  if (!client) return undefined;
  if (isCluster(client)) {
    // ioredis keeps the seed nodes private; the bus needs them to open its own sharded subscribers.
    const nodes = (client as unknown as { startupNodes: ClusterNode[] }).startupNodes;
    return createRedisBus({ cluster: { nodes, options: client.options }, logger: ctx.logger });
  }
  return createRedisBus({ redis: { ...(client as Redis).options, lazyConnect: false }, logger: ctx.logger });
}

/** Which connections' actors lost their session in a revocation. */
function revokedBy(revocation: SessionRevocation): (actor: Actor) => boolean {
  const ids = new Set(revocation.sessionIds);
  const { kind, id } = revocation.principal;
  return (actor) => {
    if (actor.kind !== 'agent' && actor.kind !== 'customer') return false;
    return ids.has(actor.sessionId) || (revocation.allSessions && actor.kind === kind && actor.id === id);
  };
}

/** Whether a connection's actor holds a session that has expired by `now`. */
function sessionExpired(actor: Actor, now: number): boolean {
  return (actor.kind === 'agent' || actor.kind === 'customer') && actor.sessionExpiresAt !== undefined && actor.sessionExpiresAt <= now;
}

/** The session of a connection's actor, when it has one. */
function sessionOf(actor: Actor): string | null {
  return actor.kind === 'agent' || actor.kind === 'customer' ? actor.sessionId : null;
}

/** Asks the database which sessions of the open connections are no longer valid, and closes those connections. */
async function recheckSessions(hub: Hub, sessions: SessionsApi): Promise<number> {
  const ids = new Set<string>();
  for (const context of hub.contexts()) {
    const id = sessionOf((context as ResolverContext).actor);
    if (id !== null) ids.add(id);
  }
  const all = [...ids];
  const invalid = new Set<string>();
  for (let i = 0; i < all.length; i += 1000) {
    for (const id of await sessions.invalid(all.slice(i, i + 1000))) invalid.add(id);
  }
  if (invalid.size === 0) return 0;
  return hub.closeWhere((c) => {
    const id = sessionOf((c as ResolverContext).actor);
    return id !== null && invalid.has(id);
  }, CloseCode.Unauthorized, 'Session revoked: sign in again');
}

/**
 * The realtime hub as a Keeper plugin: serves GraphQL over WebSocket at /graphql in place of
 * Mercurius' subscriptions, fans events out once per distinct selection, crosses nodes on Redis,
 * and adds messageAdded, conversationEvents, typing and agentPresence.
 */
export const realtimeHub = definePlugin({
  name: '@keeper/plugin-realtime-hub',
  version: '0.1.0',
  core: '^0.1.0',
  options,
  create: (opts) => {
    let hub: Hub | undefined;
    let bus: RedisBus | undefined;
    let presence: Presence | undefined;
    let conversations: ConversationsApi | undefined;
    let stopRevocations = () => {};
    let expirySweep: NodeJS.Timeout | undefined;
    let sessionRecheck: NodeJS.Timeout | undefined;
    const need = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`realtime hub: ${what} used before setup`);
      return value;
    };
    let log: PluginContext['logger'] | undefined;
    const publish = (topic: string, event: Record<string, unknown>, json?: string) => {
      // Local subscribers have it already; a bus that gave up (Redis down past its retries) loses it for the
      // other nodes, whose subscribers recover it by seq. Never an unhandled rejection.
      hub?.publish(topic, event, json).catch((error: unknown) => log?.warn({ err: error, topic }, 'realtime-hub: publish to the bus failed'));
    };
    return {
      graphql: {
        schema: hubSDL,
        resolvers: hubResolvers({
          hub: () => need(hub, 'hub'),
          conversations: () => need(conversations, 'conversations service'),
          presence: () => need(presence, 'presence'),
          replayBatch: opts.replayBatch,
        }),
      },
      events: {
        'message.created': ({ message, conversation }) => {
          const wire = wireMessage(message);
          // Both events carry the message: serialised once for the bus.
          const messageJson = JSON.stringify(wire);
          publish(TOPICS.conversation(conversation.id), { messageAdded: wire }, `{"messageAdded":${messageJson}}`);
          const inbox = inboxEvent('message', conversation, { message: wire });
          publish(TOPICS.inbox, inbox, inboxMessageEventJson(inbox, messageJson));
        },
        'conversation.opened': ({ conversation }) => publish(TOPICS.inbox, inboxEvent('opened', conversation)),
        'conversation.assigned': ({ conversation, agentId }) => publish(TOPICS.inbox, inboxEvent('assigned', conversation, { agentId })),
        'conversation.transferred': ({ conversation, toAgentId }) => publish(TOPICS.inbox, inboxEvent('transferred', conversation, { agentId: toAgentId })),
        'conversation.closed': ({ conversation }) => publish(TOPICS.inbox, inboxEvent('closed', conversation)),
        'conversation.reopened': ({ conversation }) => publish(TOPICS.inbox, inboxEvent('reopened', conversation)),
      },
      async setup(ctx) {
        log = ctx.logger;
        const transport = ctx.services.get('transport');
        conversations = ctx.services.get('conversations');
        const agents = ctx.services.get('agents');
        bus = redisBusFor(ctx);
        const redis = ctx.redis as Redis | Cluster | undefined;
        presence = new Presence({
          store: redis ? new RedisPresenceStore(redis) : new MemoryPresenceStore(),
          hub: () => need(hub, 'hub'),
          activeAgentIds: () => agents.activeIds(),
          ttlMs: opts.presenceTtlMs,
          sweepMs: opts.presenceSweepMs,
          node: ctx.settings.nodeId,
          changed: (change) => ctx.hooks.emit('agent.presenceChanged', change),
          logger: ctx.logger,
        });
        const present = need(presence, 'presence');
        hub = createHub<Actor, ResolverContext>({
          schema: transport.schema(),
          authenticate: (params) => {
            const header = params.authorization ?? params.Authorization;
            return transport.authenticate(typeof header === 'string' ? header : undefined);
          },
          context: ({ actor }) => ({
            ...transport.context(actor),
            // Plugins written against ctx.pubsub keep working over the hub.
            pubsub: {
              subscribe: async (topics) => topicSubscription({ topic: Array.isArray(topics) ? topics[0]! : topics, scope: 'connection' }),
              publish: (event) => need(hub, 'hub').publish(event.topic, event.payload as Record<string, unknown>),
            },
          }),
          bus,
          // Messages of one conversation committed on different nodes can cross on the bus: the inbox feed's
          // previews are put back in seq order per conversation.
          order: messageOrder,
          limits: { ...defaultLimits, ...opts.limits },
          logger: ctx.logger,
          onConnect: (context) => {
            if (context.actor.kind === 'agent') void present.connected(context.actor.id);
          },
          onDisconnect: (context) => {
            if (context.actor.kind === 'agent') void present.disconnected(context.actor.id);
          },
        });
        transport.useWebSocketHandler(hub.handler);
        const live = hub;
        stopRevocations = transport.onSessionRevoked((revocation) => {
          const revoked = revokedBy(revocation);
          const closed = live.closeWhere((c) => revoked((c as ResolverContext).actor), CloseCode.Unauthorized, 'Session revoked: sign in again');
          if (closed > 0) ctx.logger.info({ closed, reason: revocation.reason }, 'closed the connections of revoked sessions');
        });
        // A token that simply runs out while its socket is open: the socket goes within a sweep of the expiry,
        // as a revoked one does (HTTP refuses the token from the expiry on).
        expirySweep = setInterval(() => {
          const now = Date.now();
          const closed = live.closeWhere((c) => sessionExpired((c as ResolverContext).actor, now), CloseCode.Unauthorized, 'Session expired: sign in again');
          if (closed > 0) ctx.logger.info({ closed }, 'closed the connections of expired sessions');
        }, opts.sessionSweepMs);
        expirySweep.unref();
        const sessions = ctx.services.get('sessions');
        let rechecking = false;
        sessionRecheck = setInterval(() => {
          if (rechecking) return;
          rechecking = true;
          recheckSessions(live, sessions)
            .then((closed) => {
              if (closed > 0) ctx.logger.info({ closed }, 'closed the connections of sessions revoked without a notice reaching this node');
            })
            .catch((error: unknown) => ctx.logger.warn({ err: error }, 'realtime-hub: session recheck failed'))
            .finally(() => {
              rechecking = false;
            });
        }, opts.sessionRecheckMs);
        sessionRecheck.unref();
        transport.usePublisher((topic, payload) => live.publish(topic, payload));
        if (opts.metricsPath) {
          const liveHub = hub;
          ctx.app.get(opts.metricsPath, async (_request, reply) => reply.type('text/plain; version=0.0.4').send(liveHub.metrics()));
        }
      },
      async teardown() {
        stopRevocations();
        clearInterval(expirySweep);
        clearInterval(sessionRecheck);
        await hub?.close(1001, 'Server shutting down');
        await presence?.close();
        await bus?.close();
      },
    };
  },
});
