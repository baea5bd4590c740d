import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { ServerOptions, WebSocket } from 'ws';
import { InProcessBus } from './bus/in-process.js';
import type { BusHandlers, HubBus } from './bus/types.js';
import { Connection } from './connection.js';
import { DocumentCache } from './document-cache.js';
import { Executor } from './executor.js';
import { FanoutEngine } from './fanout.js';
import { OperationGate } from './gate.js';
import { renderMetrics } from './metrics.js';
import { OutboxPool } from './outbox.js';
import { CloseCode, GRAPHQL_TRANSPORT_WS } from './protocol.js';
import { type ContextArgs, defaultLimits, type HubLimits, type HubLogger, type HubRuntime } from './runtime.js';
import { type OrderOf, Sequencer } from './sequencer.js';
import { Histogram, HubStats, LATENCY_BUCKETS } from './stats.js';
import type { TopicEvent } from './topic.js';

/** The ws server options the hub needs (no compression: it would defeat shared frames). */
export type WsServerOptions = Pick<ServerOptions, 'maxPayload' | 'perMessageDeflate' | 'handleProtocols'>;

export interface HubOptions<TActor, TContext> {
  schema: GraphQLSchema;
  /** Resolves the connection_init payload (e.g. `{ authorization: 'Bearer …' }`) to an actor; throw to refuse (4403). */
  authenticate: (connectionParams: Record<string, unknown>, request: unknown) => TActor | Promise<TActor>;
  /** Builds the per-connection GraphQL context (created once per connection). Default `{ actor }`. */
  context?: (args: ContextArgs<TActor>) => TContext | Promise<TContext>;
  /** Cross-node bus. Default: an in-process bus owned (and closed) by the hub. */
  bus?: HubBus;
  limits?: Partial<HubLimits>;
  logger?: HubLogger;
  /**
   * Per-key order of events several nodes publish (a conversation's message seqs): an event that arrives
   * ahead of a missing seq waits for it, at most `limits.orderHoldMs`, before fan-out. Default: arrival order.
   */
  order?: OrderOf;
  /** Called with the context after connection_ack (e.g. `presence.hold(agentId)`); errors are logged. */
  onConnect?: (context: TContext) => void;
  /** Called when an acknowledged connection ends, however it ends (e.g. `presence.release(agentId)`). */
  onDisconnect?: (context: TContext) => void;
}

export interface HubSnapshot {
  connections: number;
  subscriptions: number;
  topics: number;
  queuedBytes: number;
  /** Bytes handed to sockets but not yet written to the kernel (ws.bufferedAmount summed). */
  socketBufferedBytes: number;
  /** Queries and mutations executing over WebSocket now, and the sockets not read meanwhile (`maxOperationsInFlight`). */
  operationsInFlight: number;
  pausedSockets: number;
  queueDrops: number;
  stats: Readonly<HubStats>;
}

export interface Hub<TContext = unknown> {
  /** Fastify plugin: registers @fastify/websocket (if absent) and a GET websocket route at `path` (default /graphql). */
  plugin: (app: FastifyInstance, opts: { path?: string }) => Promise<void>;
  /**
   * Shares an HTTP GET route someone else declares (Mercurius' GET /graphql): the upgrade requests on it go
   * to the hub, plain GETs to the route's handler. Call before that route exists and before
   * @fastify/websocket is registered (its onRoute hook must run after ours); registers it if needed.
   */
  attach: (app: FastifyInstance, path?: string) => Promise<void>;
  /** The websocket handler, for a route you declare yourself (`wsHandler` / `{ websocket: true }`). */
  handler: (socket: WebSocket, request: FastifyRequest) => void;
  /** Options for `@fastify/websocket`'s `options` when you register it yourself. */
  wsServerOptions: WsServerOptions;
  /**
   * Publishes an event to a topic on the bus (reaches every node's subscribers). `json`, when the caller has it,
   * is the event's JSON (exactly `JSON.stringify(event)`): a bus that crosses processes sends it as is.
   */
  publish(topic: string, event: TopicEvent, json?: string): Promise<void>;
  /** Prometheus text for /metrics. */
  metrics(): string;
  snapshot(): HubSnapshot;
  /** The contexts of the acknowledged connections (e.g. to recheck their sessions). */
  contexts(): TContext[];
  /** Closes the connections whose context matches (logout, revoked session); returns how many. Default 4403. */
  closeWhere(predicate: (context: TContext) => boolean, code?: number, reason?: string): number;
  /** Closes every socket (default 1001 going away) and detaches from the bus. */
  close(code?: number, reason?: string): Promise<void>;
}

/** Ticks per keep-alive round: each pings its share of the connections. */
const KEEPALIVE_SLICES = 16;

export function createHub<TActor, TContext = { actor: TActor }>(options: HubOptions<TActor, TContext>): Hub<TContext> {
  const limits: HubLimits = { ...defaultLimits, ...options.limits };
  const logger = options.logger ?? {};
  const ownsBus = !options.bus;
  const bus: HubBus = options.bus ?? new InProcessBus();
  const stats = new HubStats();
  const latency = new Histogram(LATENCY_BUCKETS);
  const pool = new OutboxPool(limits);
  const gate = new OperationGate(limits.maxOperationsInFlight, stats);
  const connections = new Set<Connection>();
  const contextFactory = options.context ?? ((args: ContextArgs<TActor>) => ({ actor: args.actor }) as TContext);

  const executor = new Executor(options.schema);
  const fanout = new FanoutEngine(
    executor,
    stats,
    {
      topicOpened: (topic) => bus.subscribe(topic),
      topicClosed: (topic) => bus.unsubscribe(topic),
      subscriberFailed: (sub, error) => (sub.conn as Connection).failSubscription(sub, error),
    },
    { maxPendingEvents: limits.maxPendingEvents, maxRounds: limits.maxReplayRounds },
  );

  const runtime: HubRuntime = {
    schema: options.schema,
    documents: new DocumentCache(options.schema),
    executor,
    fanout,
    pool,
    gate,
    stats,
    limits,
    logger,
    connections,
    authenticate: options.authenticate,
    createContext: contextFactory as (args: ContextArgs<unknown>) => unknown,
    onConnect: options.onConnect as ((context: unknown) => void) | undefined,
    onDisconnect: options.onDisconnect as ((context: unknown) => void) | undefined,
  };

  // Fan-out latency: from an event's arrival to the flush that hands its frames to the sockets.
  let starts: number[] = [];
  pool.onAfterFlush(() => {
    if (starts.length === 0) return;
    const now = performance.now();
    for (const t0 of starts) latency.observe((now - t0) / 1000);
    starts = [];
  });

  const deliver = (topic: string, event: TopicEvent) => {
    const queuedBefore = stats.framesQueued;
    const t0 = performance.now();
    try {
      fanout.deliver(topic, event);
    } catch (error) {
      logger.error?.({ err: error, topic }, 'realtime-hub: delivery failed');
    }
    if (stats.framesQueued !== queuedBefore) starts.push(t0);
  };
  const sequencer = options.order ? new Sequencer(options.order, deliver, limits.orderHoldMs, stats) : undefined;

  const handlers: BusHandlers = {
    message(topic, event) {
      if (sequencer) sequencer.push(topic, event);
      else deliver(topic, event);
    },
    resync() {
      stats.busReconnects++;
      fanout.resyncAll();
    },
  };
  bus.attach(handlers);

  // Keep-alive in slices: each connection is pinged once per keepAliveMs, a sixteenth of them per tick, so a node's
  // 20,000 sockets are not 20,000 writes (and then as many pongs to read) in one event-loop turn.
  let round: IterableIterator<Connection> | undefined;
  let perTick = 1;
  const keepAlive = setInterval(
    () => {
      if (!round) {
        round = connections.values();
        perTick = Math.max(1, Math.ceil(connections.size / KEEPALIVE_SLICES));
      }
      for (let i = 0; i < perTick; i++) {
        const next = round.next();
        if (next.done) {
          round = undefined;
          return;
        }
        const conn = next.value;
        // A socket the gate stopped reading has its pong unread, not missing.
        if (conn.ws.isPaused) continue;
        if (conn.awaitingPong) {
          stats.keepAliveTimeouts++;
          conn.terminate();
          continue;
        }
        conn.awaitingPong = true;
        if (conn.ws.readyState === 1) conn.ws.ping();
      }
    },
    Math.max(1, Math.floor(limits.keepAliveMs / KEEPALIVE_SLICES)),
  );
  keepAlive.unref();

  const handler = (socket: WebSocket, request: FastifyRequest): void => {
    releaseUpgradeResponse(socket);
    new Connection(socket, request, runtime);
  };

  const wsServerOptions: WsServerOptions = {
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    // Pick our subprotocol if offered; otherwise none, and the connection is closed with 4406.
    handleProtocols: (protocols) => (protocols.has(GRAPHQL_TRANSPORT_WS) ? GRAPHQL_TRANSPORT_WS : false),
  };

  const snapshot = (): HubSnapshot => {
    let subscriptions = 0;
    let socketBufferedBytes = 0;
    for (const conn of connections) {
      subscriptions += conn.subscriptionCount;
      socketBufferedBytes += conn.ws.bufferedAmount;
    }
    return {
      connections: connections.size,
      subscriptions,
      topics: fanout.topicCount,
      queuedBytes: pool.totalBytes,
      socketBufferedBytes,
      operationsInFlight: gate.inFlight,
      pausedSockets: gate.pausedSockets,
      queueDrops: pool.drops,
      stats,
    };
  };

  let closed = false;
  let hubClose: (code?: number, reason?: string) => Promise<void> = async () => undefined;
  const closeOnShutdown = async () => hubClose();
  const hub: Hub<TContext> = {
    handler,
    wsServerOptions,
    async attach(app, path = '/graphql') {
      app.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        if (route.url === path && methods.includes('GET') && !route.websocket && !route.wsHandler) {
          (route as { wsHandler?: typeof handler }).wsHandler = handler;
        }
      });
      app.addHook('preClose', closeOnShutdown);
      if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: wsServerOptions });
    },
    async plugin(app, opts) {
      // Registered before @fastify/websocket so this preClose runs first: clients see 1001, not 1005.
      app.addHook('preClose', closeOnShutdown);
      if (!app.hasDecorator('websocketServer')) await app.register(websocket, { options: wsServerOptions });
      app.get(opts.path ?? '/graphql', { websocket: true }, handler);
    },
    publish(topic, event, json) {
      stats.eventsPublished++;
      return bus.publish(topic, event, json);
    },
    metrics: () => renderMetrics({ ...snapshot(), stats, fanoutLatency: latency }),
    snapshot,
    contexts() {
      const out: TContext[] = [];
      for (const conn of connections) if (conn.context !== undefined) out.push(conn.context as TContext);
      return out;
    },
    closeWhere(predicate, code = CloseCode.Forbidden, reason = 'Forbidden') {
      let closed = 0;
      for (const conn of [...connections]) {
        if (conn.context !== undefined && predicate(conn.context as TContext)) {
          conn.close(code, reason);
          closed++;
        }
      }
      return closed;
    },
    async close(code = CloseCode.GoingAway, reason = 'Server shutting down') {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      bus.detach(handlers);
      // Events still waiting for a missing seq go out (in order) before the sockets close.
      sequencer?.close();
      for (const conn of [...connections]) conn.close(code, reason);
      if (ownsBus) await bus.close();
    },
  };
  hubClose = (code, reason) => hub.close(code, reason);
  return hub;
}

/**
 * @fastify/websocket routes the upgrade through a ServerResponse it never finishes and keeps Fastify's
 * request/reply reachable from the socket for its whole life (about 2 KB per connection, measured with a
 * heap snapshot). Detach them once the upgrade is done: memory per socket is the held-connection budget.
 */
function releaseUpgradeResponse(socket: WebSocket): void {
  // Its per-socket 'error' listener closes over Fastify's request and reply; the connection installs its own.
  socket.removeAllListeners('error');
  const raw = (socket as unknown as { _socket?: { _httpMessage?: { detachSocket?(s: unknown): void } | null } })._socket;
  const response = raw?._httpMessage;
  if (raw && response?.detachSocket) response.detachSocket(raw);
}
