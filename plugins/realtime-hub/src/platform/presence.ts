import type { Hub } from '../hub.js';
import type { PresenceStore } from '../presence/types.js';
import { PresenceTracker } from '../presence/tracker.js';
import { TOPICS } from './payloads.js';

export interface AgentPresenceView {
  agentId: string;
  status: 'online' | 'away' | 'offline';
  at: string | null;
}

/**
 * Agent presence: an agent is online while one of their sockets is connected on some node. Entries
 * carry a TTL refreshed by each node's heartbeat, so a crashed node's agents go offline by
 * themselves; changes this node sees are published on the `presence` topic.
 */
export class Presence {
  private readonly tracker: PresenceTracker;

  constructor(
    private readonly store: PresenceStore,
    private readonly hub: () => Hub,
    private readonly activeAgentIds: () => Promise<string[]>,
    ttlMs: number,
    node: string,
  ) {
    this.tracker = new PresenceTracker({ store, ttlMs, node });
  }

  async connected(agentId: string): Promise<void> {
    const before = await this.store.get(agentId);
    await this.tracker.hold(agentId, before?.status === 'away' ? 'away' : 'online');
    if (!before) await this.announce(agentId, 'online');
  }

  async disconnected(agentId: string): Promise<void> {
    await this.tracker.release(agentId);
    if (!(await this.store.get(agentId))) await this.announce(agentId, 'offline');
  }

  async set(agentId: string, status: AgentPresenceView['status']): Promise<AgentPresenceView> {
    if (status === 'offline') {
      await this.store.delete(agentId);
    } else {
      await this.tracker.setStatus(agentId, status);
      // An agent setting a status over HTTP with no socket on this node still shows until the TTL.
      if (!(await this.store.get(agentId))) await this.store.set(agentId, { status, at: Date.now() }, 60_000);
    }
    return this.announce(agentId, status);
  }

  async all(): Promise<AgentPresenceView[]> {
    const ids = await this.activeAgentIds();
    const entries = await this.store.getMany(ids);
    return ids.map((agentId, i) => {
      const entry = entries[i];
      return { agentId, status: entry?.status ?? 'offline', at: entry ? new Date(entry.at).toISOString() : null };
    });
  }

  async close(): Promise<void> {
    this.tracker.stop();
    await this.store.close();
  }

  private async announce(agentId: string, status: AgentPresenceView['status']): Promise<AgentPresenceView> {
    const view = { agentId, status, at: new Date().toISOString() };
    await this.hub().publish(TOPICS.presence, { agentPresence: view });
    return view;
  }
}
