import type { Actor } from '@keeper/sdk';
import type { WebSocket } from 'ws';
import type { SessionRevocation } from '../auth/revocations.js';

export type Authenticate = (authorization: string | undefined) => Promise<Actor>;

/** Close codes of the graphql-transport-ws protocol that Keeper uses. */
export const WsCloseCodes = {
  GOING_AWAY: 1001,
  /** The session was revoked while connected (logout, signed out by an admin, agent deactivated); fatal for graphql-ws clients. */
  UNAUTHORIZED: 4401,
  FORBIDDEN: 4403,
  INIT_TIMEOUT: 4408,
} as const;

/**
 * Authenticates WebSocket connections from the `connection_init` payload
 * (`{ authorization: "Bearer <token>" }`). A bad token closes the socket with 4403; no
 * `connection_init` within the timeout closes it with 4408, as the protocol says.
 */
export class WsAuthenticator {
  private readonly actors = new WeakMap<WebSocket, Promise<Actor>>();
  /** Authenticated sockets by session id, so a revocation closes them. */
  private readonly sessions = new Map<string, { kind: 'agent' | 'customer'; id: string; sockets: Set<WebSocket> }>();

  constructor(
    private readonly authenticate: () => Authenticate,
    private readonly initTimeoutMs = 10_000,
  ) {}

  /** Call before the protocol handler attaches its own listeners, so this one sees connection_init first. */
  watch(socket: WebSocket): void {
    const timer = setTimeout(() => socket.close(WsCloseCodes.INIT_TIMEOUT, 'Connection initialisation timeout'), this.initTimeoutMs);
    const onMessage = (data: unknown) => {
      let message: { type?: unknown; payload?: { authorization?: unknown; Authorization?: unknown } | null };
      try {
        message = JSON.parse(String(data));
      } catch {
        return; // the protocol handler reports malformed frames
      }
      if (message.type !== 'connection_init') return;
      socket.off('message', onMessage);
      clearTimeout(timer);
      const header = message.payload?.authorization ?? message.payload?.Authorization;
      const actor = this.authenticate()(typeof header === 'string' ? header : undefined);
      actor.then(
        (resolved) => this.track(socket, resolved),
        () => socket.close(WsCloseCodes.FORBIDDEN, 'Forbidden'),
      );
      this.actors.set(socket, actor);
    };
    socket.on('message', onMessage);
    socket.once('close', () => clearTimeout(timer));
  }

  /** Closes this node's sockets of revoked sessions with 4401. Returns how many. */
  revoked(revocation: SessionRevocation): number {
    let closed = 0;
    const { kind, id } = revocation.principal;
    for (const [sessionId, session] of this.sessions) {
      const match = revocation.sessionIds.includes(sessionId) || (revocation.allSessions && session.kind === kind && session.id === id);
      if (!match) continue;
      this.sessions.delete(sessionId);
      for (const socket of session.sockets) socket.close(WsCloseCodes.UNAUTHORIZED, 'Session revoked: sign in again');
      closed += session.sockets.size;
    }
    return closed;
  }

  private track(socket: WebSocket, actor: Actor): void {
    if ((actor.kind !== 'agent' && actor.kind !== 'customer') || socket.readyState > 1) return;
    const sessionId = actor.sessionId;
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { kind: actor.kind, id: actor.id, sockets: new Set() };
      this.sessions.set(sessionId, session);
    }
    const tracked = session;
    tracked.sockets.add(socket);
    socket.once('close', () => {
      tracked.sockets.delete(socket);
      if (tracked.sockets.size === 0 && this.sessions.get(sessionId) === tracked) this.sessions.delete(sessionId);
    });
  }

  /** The actor of a connection whose `connection_init` has arrived; rejects (and closes 4403) when it was refused. */
  async actorOf(socket: WebSocket): Promise<Actor> {
    const actor = this.actors.get(socket);
    if (!actor) return { kind: 'anonymous' };
    return actor;
  }
}
