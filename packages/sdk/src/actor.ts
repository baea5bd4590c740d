/** Who is calling. Resolved once per request (HTTP) or per connection (WebSocket). */
export type AgentRole = 'admin' | 'supervisor' | 'agent';

export interface AgentActor {
  kind: 'agent';
  id: string;
  role: AgentRole;
  /** The session (token) id, so logout can revoke exactly this one. */
  sessionId: string;
  /** When the session expires (epoch ms): a realtime transport closes the connection then (the hub: 4401). */
  sessionExpiresAt?: number;
}

export interface CustomerActor {
  kind: 'customer';
  id: string;
  /** The conversations this shopper token may read and write. */
  conversationIds: readonly string[];
  sessionId: string;
  /** When the session expires (epoch ms): a realtime transport closes the connection then (the hub: 4401). */
  sessionExpiresAt?: number;
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
