import type { Actor, ResolverContext } from '@keeper/sdk';
import type { FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { WebSocket } from 'ws';
import type { SessionRevocation } from '../auth/revocations.js';

export type WebSocketHandler = (socket: WebSocket, request: FastifyRequest) => void;

/**
 * What a realtime plugin needs to serve GraphQL over WebSocket itself at /graphql, in place of
 * Mercurius' built-in subscription transport (`ctx.services.get('transport')`).
 */
export interface TransportApi {
  /** The executable schema, resolvers attached (available once the platform is ready). */
  schema(): GraphQLSchema;
  /** Resolves `Bearer <token>` to an actor; throws UNAUTHENTICATED for a bad, expired or revoked token. */
  authenticate(authorization: string | undefined): Promise<Actor>;
  /** The resolver context for an actor (without `pubsub`, which the transport supplies). */
  context(actor: Actor): Omit<ResolverContext, 'pubsub'>;
  /** Takes over WebSocket connections at /graphql. HTTP GET/POST stay with Mercurius. */
  useWebSocketHandler(handler: WebSocketHandler): void;
  /**
   * Runs on every node, synchronously, for each revocation (logout, an agent's sessions revoked, agent
   * deactivated), wherever it happened: close the connections authenticated by those sessions (Keeper uses 4401).
   * Returns an unsubscribe function.
   */
  onSessionRevoked(listener: (revocation: SessionRevocation) => void): () => void;
  /** Routes the `realtime` service's publishes (and ctx.pubsub.publish over HTTP) to the transport's bus. */
  usePublisher(publish: (topic: string, payload: Record<string, unknown>) => Promise<void>): void;
}

declare module '@keeper/sdk' {
  interface ServiceMap {
    transport: TransportApi;
  }
}
