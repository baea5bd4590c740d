/** Who is calling. Resolved once per request (HTTP) or per connection (WebSocket). */
export type AgentRole = 'admin' | 'supervisor' | 'agent';

export interface AgentActor {
  kind: 'agent';
  id: string;
  role: AgentRole;
  /** The session (token) id, so logout can revoke exactly this one. */
  sessionId: string;
}

export interface CustomerActor {
  kind: 'customer';
  id: string;
  /** The conversations this shopper token may read and write. */
  conversationIds: readonly string[];
  sessionId: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

/** A plugin or the system itself acting on its own behalf (jobs, webhooks). */
export interface SystemActor {
  kind: 'system';
  plugin: string;
}

export type Actor = AgentActor | CustomerActor | AnonymousActor | SystemActor;
