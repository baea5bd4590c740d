import type { Actor } from '@keeper/sdk';
import type { WebSocket } from 'ws';

export type Authenticate = (authorization: string | undefined) => Promise<Actor>;

/** Close codes of the graphql-transport-ws protocol that Keeper uses. */
export const WsCloseCodes = {
  GOING_AWAY: 1001,
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
      actor.catch(() => socket.close(WsCloseCodes.FORBIDDEN, 'Forbidden'));
      this.actors.set(socket, actor);
    };
    socket.on('message', onMessage);
    socket.once('close', () => clearTimeout(timer));
  }

  /** The actor of a connection whose `connection_init` has arrived; rejects (and closes 4403) when it was refused. */
  async actorOf(socket: WebSocket): Promise<Actor> {
    const actor = this.actors.get(socket);
    if (!actor) return { kind: 'anonymous' };
    return actor;
  }
}
