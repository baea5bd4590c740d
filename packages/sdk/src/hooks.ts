import type { Actor } from './actor.js';
import type { Annotations, AuthorType, ConversationRecord, CustomerRecord, MessageRecord } from './domain.js';

/** A message on its way in, before it is stored. Interceptors may change `body` and `annotations`. */
export interface MessageDraft {
  conversationId: string;
  authorType: AuthorType;
  authorId: string | null;
  body: string;
  annotations: Annotations;
  clientMessageId: string | null;
}

/**
 * Interceptors: run in order inside the request; may return a changed value or throw a
 * `KeeperError` to reject. Plugins add their own by module augmentation:
 *
 * ```ts
 * declare module '@keeper/sdk' {
 *   interface InterceptorMap { 'ticket.beforeCreate': TicketDraft }
 * }
 * ```
 */
export interface InterceptorMap {
  'message.beforeCreate': MessageDraft;
}

/** Events: facts after the commit. Handlers run outside the request path, isolated from each other. */
export interface EventMap {
  'message.created': { message: MessageRecord; conversation: ConversationRecord };
  'conversation.opened': { conversation: ConversationRecord; customer: CustomerRecord };
  'conversation.assigned': { conversation: ConversationRecord; agentId: string | null; previousAgentId: string | null; by: Actor };
  'conversation.transferred': { conversation: ConversationRecord; fromAgentId: string | null; toAgentId: string; by: Actor; note: string | null };
  'conversation.closed': { conversation: ConversationRecord; by: Actor };
  'conversation.reopened': { conversation: ConversationRecord; by: Actor };
  'customer.identified': { customer: CustomerRecord; conversationId: string | null };
  'agent.presenceChanged': { agentId: string; status: 'online' | 'away' | 'offline' };
  /**
   * A session (token) stopped being valid before it expired: the holder logged out, an admin revoked the agent's
   * sessions, or the agent was deactivated. Emitted once per session, on the node that did it, after the commit.
   * By then this node refuses the token and has closed its WebSockets, and the other nodes have been told.
   */
  'auth.sessionRevoked': SessionRevokedEvent;
  /** `customerIds`: the Keeper customers linked to the order's platform customer (may be empty). */
  'order.updated': { system: string; orderId: string; customerExternalId: string | null; customerIds: string[]; status: string; raw?: unknown };
}

export type SessionRevokedReason = 'logout' | 'revoked' | 'agent_deactivated';

export interface SessionRevokedEvent {
  sessionId: string;
  /** Whose session it was. */
  principal: { kind: 'agent' | 'customer'; id: string };
  reason: SessionRevokedReason;
  /** Who revoked it (the holder themselves for a logout). */
  by: Actor;
}

export type InterceptorName = keyof InterceptorMap;
export type EventName = keyof EventMap;

export interface InterceptorContext {
  /** Who caused the action. */
  actor: Actor;
  /** Aborted when the interceptor's time budget runs out; pass it to any I/O you do. */
  signal: AbortSignal;
}

export type InterceptorFn<K extends InterceptorName> = (
  value: InterceptorMap[K],
  ctx: InterceptorContext,
) => InterceptorMap[K] | undefined | Promise<InterceptorMap[K] | undefined>;

export interface InterceptorSpec<K extends InterceptorName> {
  handler: InterceptorFn<K>;
  /** Lower runs first; ties keep plugin setup order. Default 0. */
  order?: number;
  /** Time budget in ms; past it the action is rejected with INTERCEPTOR_TIMEOUT. Default: the core's setting. */
  timeoutMs?: number;
}

export type EventHandler<K extends EventName> = (payload: EventMap[K]) => void | Promise<void>;

export type PluginInterceptors = { [K in InterceptorName]?: InterceptorFn<K> | InterceptorSpec<K> };
export type PluginEvents = { [K in EventName]?: EventHandler<K> };

/** The hook bus as plugins use it from `setup`. */
export interface HookBus {
  /** Runs every interceptor registered for `name` in order and returns the final value. */
  intercept<K extends InterceptorName>(name: K, value: InterceptorMap[K], actor: Actor): Promise<InterceptorMap[K]>;
  /** Emits an event after your own commit. Returns at once; handlers run later. */
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
  /** Subscribes at runtime (most plugins declare `events` instead). Returns an unsubscribe function. */
  on<K extends EventName>(name: K, handler: EventHandler<K>): () => void;
}

/**
 * Whether a hook's (or resolver's) answer is a promise or any thenable, so a synchronous answer can be used
 * as is without a microtask: the hot paths (interceptors, event handlers, fan-out execution) take both.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
