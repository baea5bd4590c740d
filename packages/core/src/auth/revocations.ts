import { randomUUID } from 'node:crypto';
import type { Logger, SessionRevokedReason } from '@keeper/sdk';

/** What every node learns when sessions stop being valid: enough to drop cached sessions and close sockets. */
export interface SessionRevocation {
  sessionIds: readonly string[];
  principal: { kind: 'agent' | 'customer'; id: string };
  reason: SessionRevokedReason;
  /**
   * No session of the principal is valid any more (the agent was deactivated): match connections and cache
   * entries by principal too, not only by the listed ids.
   */
  allSessions: boolean;
}

export type RevocationListener = (revocation: SessionRevocation) => void;

/** The slice of ioredis used here (the shared command connection). */
export interface RevocationRedis {
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): RevocationSubscriber;
}

export interface RevocationSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  quit(): Promise<unknown>;
}

export const REVOCATION_CHANNEL = 'keeper:auth:revoked';

/**
 * Carries revocations to every node. Listeners on this node run synchronously inside `revoked()` (before the
 * mutation answers); other nodes hear it on a Redis channel. Notices published while this node's subscriber was
 * disconnected are lost, so after a reconnect the `gap` listeners run (the session cache forgets everything).
 */
export class RevocationChannel {
  readonly #listeners = new Set<RevocationListener>();
  readonly #gapListeners = new Set<() => void>();
  /** Not the configured node id: two nodes configured with the same one must still hear each other. */
  readonly #instance = randomUUID();
  #subscriber: RevocationSubscriber | undefined;
  #connectedOnce = false;

  constructor(
    /** Read at start and on each revocation: the Redis module connects after the platform creates this. */
    private readonly redisClient: () => RevocationRedis | undefined,
    private readonly logger: Logger,
    private readonly channel = REVOCATION_CHANNEL,
  ) {}

  /** Runs for every revocation, made on this node or another one. Returns an unsubscribe function. */
  onRevoked(listener: RevocationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs when revocations may have been missed (the Redis subscriber reconnected). */
  onGap(listener: () => void): () => void {
    this.#gapListeners.add(listener);
    return () => this.#gapListeners.delete(listener);
  }

  async start(): Promise<void> {
    const redis = this.redisClient();
    if (!redis || this.#subscriber) return;
    const subscriber = redis.duplicate();
    this.#subscriber = subscriber;
    subscriber.on('error', (error) => this.logger.warn({ err: error }, 'revocation subscriber: redis connection error'));
    subscriber.on('message', (channel, message) => {
      if (channel === this.channel) this.#receive(message);
    });
    subscriber.on('ready', () => {
      if (!this.#connectedOnce) {
        this.#connectedOnce = true;
        return;
      }
      this.logger.warn('revocation subscriber reconnected: forgetting cached sessions');
      this.#run(this.#gapListeners, undefined);
    });
    await subscriber.subscribe(this.channel);
  }

  /** Tells this node's listeners at once, then the other nodes. A failed publish is logged, not thrown: the revocation is committed. */
  async revoked(revocation: SessionRevocation): Promise<void> {
    if (revocation.sessionIds.length === 0 && !revocation.allSessions) return;
    this.#run(this.#listeners, revocation);
    const redis = this.redisClient();
    if (!redis) return;
    try {
      await redis.publish(this.channel, JSON.stringify({ from: this.#instance, ...revocation }));
    } catch (error) {
      // Other nodes still refuse the token within the session cache's 10 s; their open sockets stay open.
      this.logger.error({ err: error, sessionIds: revocation.sessionIds }, 'could not tell the other nodes about a revoked session');
    }
  }

  async close(): Promise<void> {
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    await subscriber?.quit().catch(() => undefined);
  }

  #receive(message: string): void {
    const notice = parseNotice(message);
    if (!notice) {
      this.logger.warn({ channel: this.channel }, 'ignored a malformed revocation notice');
      return;
    }
    if (notice.from === this.#instance) return;
    this.#run(this.#listeners, notice.revocation);
  }

  #run<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error({ err: error }, 'revocation listener failed');
      }
    }
  }
}

const REASONS: readonly SessionRevokedReason[] = ['logout', 'revoked', 'agent_deactivated'];

export function parseNotice(message: string): { from: string; revocation: SessionRevocation } | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const principal = value.principal as { kind?: unknown; id?: unknown } | null | undefined;
  if (
    typeof value.from !== 'string' ||
    !Array.isArray(value.sessionIds) ||
    !value.sessionIds.every((id) => typeof id === 'string') ||
    typeof principal !== 'object' ||
    principal === null ||
    (principal.kind !== 'agent' && principal.kind !== 'customer') ||
    typeof principal.id !== 'string' ||
    !REASONS.includes(value.reason as SessionRevokedReason) ||
    typeof value.allSessions !== 'boolean'
  ) {
    return undefined;
  }
  return {
    from: value.from,
    revocation: {
      sessionIds: value.sessionIds as string[],
      principal: { kind: principal.kind, id: principal.id },
      reason: value.reason as SessionRevokedReason,
      allSessions: value.allSessions,
    },
  };
}
