import type { GraphQLSchema } from 'graphql';
import type { Connection } from './connection.js';
import type { DocumentCache } from './document-cache.js';
import type { Executor } from './executor.js';
import type { FanoutEngine } from './fanout.js';
import type { OperationGate } from './gate.js';
import type { OutboxPool } from './outbox.js';
import type { HubStats } from './stats.js';

/** Minimal logger shape; Fastify's (pino) logger fits. */
export interface HubLogger {
  debug?(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  error?(obj: object, msg?: string): void;
}

export interface HubLimits {
  /** Close with 4408 when no connection_init arrives in time. Default 3000. */
  connectionInitTimeoutMs: number;
  /** Subscriptions per connection; more get an error frame (TOO_MANY_SUBSCRIPTIONS). Default 100. */
  maxSubscriptionsPerConnection: number;
  /** WebSocket frame size limit for client messages (ws closes with 1009 beyond). Default 64 KiB. */
  maxPayloadBytes: number;
  /** ws.bufferedAmount at which the hub stops writing to a socket and queues instead. Default 16 KiB. */
  highWaterBytes: number;
  /** Per-connection queue bound; beyond it the client is closed with 4290 (slow consumer). Default 512 KiB. */
  maxQueueBytes: number;
  /** Bound on all queues together; beyond it connections over `fairShareBytes` are closed. Default 128 MiB. */
  maxTotalQueueBytes: number;
  fairShareBytes: number;
  /** WebSocket ping interval; a connection that has not answered the previous ping is terminated. Default 30 s. */
  keepAliveMs: number;
  /** After a server-initiated close, terminate the TCP socket if the peer has not completed the close. */
  closeGraceMs: number;
  /**
   * Queries and mutations executing at once over this node's sockets; at the bound, a socket that sends another
   * is not read until half of them are done (its frames wait in TCP, not on the heap). Default 1000.
   */
  maxOperationsInFlight: number;
  /** Live events buffered per subscriber during replay before falling back to another replay round. */
  maxPendingEvents: number;
  maxReplayRounds: number;
  /**
   * With an `order` function: how long an event waits for a missing earlier seq of its key (and the first
   * event of a key seen mid-stream waits for earlier ones). Only a publish that never comes costs this.
   * Default 1000 ms.
   */
  orderHoldMs: number;
}

export const defaultLimits: HubLimits = {
  connectionInitTimeoutMs: 3000,
  maxSubscriptionsPerConnection: 100,
  maxPayloadBytes: 64 * 1024,
  highWaterBytes: 16 * 1024,
  maxQueueBytes: 512 * 1024,
  maxTotalQueueBytes: 128 * 1024 * 1024,
  fairShareBytes: 32 * 1024,
  keepAliveMs: 30_000,
  closeGraceMs: 2000,
  maxOperationsInFlight: 1000,
  maxPendingEvents: 1000,
  maxReplayRounds: 3,
  orderHoldMs: 1000,
};

export interface ContextArgs<TActor> {
  actor: TActor;
  /** The connection_init payload. */
  connectionParams: Record<string, unknown>;
  /** The upgrade request (a FastifyRequest when mounted through Fastify); not retained after init. */
  request: unknown;
}

/** Shared state the connections of one hub use. */
export interface HubRuntime {
  readonly schema: GraphQLSchema;
  readonly documents: DocumentCache;
  readonly executor: Executor;
  readonly fanout: FanoutEngine;
  readonly pool: OutboxPool;
  readonly gate: OperationGate;
  readonly stats: HubStats;
  readonly limits: HubLimits;
  readonly logger: HubLogger;
  readonly connections: Set<Connection>;
  authenticate(payload: Record<string, unknown>, request: unknown): unknown;
  createContext(args: ContextArgs<unknown>): unknown;
  /** After connection_ack / when an acknowledged connection ends (presence tracking hangs off these). */
  onConnect?(context: unknown): void;
  onDisconnect?(context: unknown): void;
}
