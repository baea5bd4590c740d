import type { Hub } from '../hub.js';
import { PresenceTracker } from '../presence/tracker.js';
import type { PresenceStore } from '../presence/types.js';
import type { HubLogger } from '../runtime.js';
import { TOPICS } from './payloads.js';

export interface AgentPresenceView {
  agentId: string;
  status: 'online' | 'away' | 'offline';
  at: string | null;
}

export interface PresenceOptions {
  store: PresenceStore;
  hub: () => Hub;
  activeAgentIds: () => Promise<string[]>;
  ttlMs: number;
  /** How often this node looks for expired entries (every node does; each expiry is announced by one). */
  sweepMs: number;
  node: string;
  /** Each announced change, once across the cluster (the `agent.presenceChanged` event). */
  changed: (change: { agentId: string; status: AgentPresenceView['status'] }) => void;
  logger: HubLogger;
}

/** Expired entries taken per store call; a sweep keeps taking until fewer come back. */
const CLAIM_BATCH = 100;

/**
 * Agent presence: an agent is online while one of their sockets is connected on some node. Entries
 * carry a TTL refreshed by each node's heartbeat, so a crashed node's agents go offline by themselves;
 * every node sweeps for expired entries and whichever claims one announces it (retrying on later sweeps
 * while the bus refuses the publish). Changes are published on the `presence` topic.
 */
export class Presence {
  private readonly store: PresenceStore;
  private readonly tracker: PresenceTracker;
  private readonly sweeper: NodeJS.Timeout;
  private sweeping: Promise<number> | undefined;
  /**
   * Expiries this node claimed and has not announced yet (the bus refused the publish). A claim is handed to one
   * node only, so nobody else will announce them: each sweep tries again until it goes out, or the agent is back.
   */
  private readonly unannounced = new Set<string>();

  constructor(private readonly options: PresenceOptions) {
    const { store, ttlMs, node, logger } = options;
    this.store = store;
    this.tracker = new PresenceTracker({
      store,
      ttlMs,
      node,
      onError: (error) => logger.warn?.({ err: error }, 'realtime-hub: presence heartbeat failed'),
      onRevived: (agentId, status) => void this.announce(agentId, status).catch(() => undefined),
    });
    this.sweeper = setInterval(() => void this.sweep(), options.sweepMs);
    this.sweeper.unref();
  }

  /**
   * An agent's socket opened on this node. Never rejects (a socket opening or closing is not a request anyone could
   * be answered about): a store or bus failure is logged, and the TTL and the sweep put presence right later.
   */
  async connected(agentId: string): Promise<void> {
    try {
      const before = await this.store.get(agentId);
      await this.tracker.hold(agentId, before?.status === 'away' ? 'away' : 'online');
      if (!before) await this.announce(agentId, 'online');
    } catch (error) {
      this.options.logger.warn?.({ err: error, agentId }, 'realtime-hub: presence update for a connected agent failed');
    }
  }

  /** An agent's socket on this node closed. Never rejects, as `connected`. */
  async disconnected(agentId: string): Promise<void> {
    try {
      await this.tracker.release(agentId);
      if (!(await this.store.get(agentId))) await this.announce(agentId, 'offline');
    } catch (error) {
      this.options.logger.warn?.({ err: error, agentId }, 'realtime-hub: presence update for a disconnected agent failed');
    }
  }

  async set(agentId: string, status: AgentPresenceView['status']): Promise<AgentPresenceView> {
    if (status === 'offline') {
      await this.store.delete(agentId);
    } else {
      await this.tracker.setStatus(agentId, status);
      // An agent setting a status over HTTP with no socket on this node still shows until the TTL.
      if (!(await this.store.get(agentId))) await this.store.set(agentId, { status, at: Date.now() }, this.options.ttlMs);
    }
    return this.announce(agentId, status);
  }

  async all(): Promise<AgentPresenceView[]> {
    const ids = await this.options.activeAgentIds();
    const entries = await this.store.getMany(ids);
    return ids.map((agentId, i) => {
      const entry = entries[i];
      return { agentId, status: entry?.status ?? 'offline', at: entry ? new Date(entry.at).toISOString() : null };
    });
  }

  /** Announces every expired entry this node claims; resolves with how many. One sweep at a time. */
  sweep(): Promise<number> {
    this.sweeping ??= this.claimAndAnnounce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.tracker.stop();
    await this.sweeping;
    await this.store.close();
  }

  private async claimAndAnnounce(): Promise<number> {
    let announced = 0;
    try {
      for (const agentId of [...this.unannounced]) {
        // Back meanwhile (its online was announced by whoever holds it now): the old offline would be wrong.
        if (await this.store.get(agentId)) this.unannounced.delete(agentId);
        else if (await this.announceExpiry(agentId)) announced++;
        else return announced;
      }
      for (;;) {
        const expired = await this.store.claimExpired(CLAIM_BATCH);
        // Owned from here on: kept until announced, whatever fails below.
        for (const agentId of expired) this.unannounced.add(agentId);
        for (const agentId of expired) {
          if (await this.announceExpiry(agentId)) announced++;
          else return announced;
        }
        if (expired.length < CLAIM_BATCH) return announced;
      }
    } catch (error) {
      this.options.logger.warn?.({ err: error }, 'realtime-hub: presence sweep failed');
      return announced;
    }
  }

  /** Announces a claimed expiry; false (kept for the next sweep) when the publish failed. */
  private async announceExpiry(agentId: string): Promise<boolean> {
    try {
      await this.announce(agentId, 'offline');
    } catch (error) {
      this.options.logger.warn?.({ err: error, agentId }, 'realtime-hub: announcing an expired presence failed; retrying on the next sweep');
      return false;
    }
    this.unannounced.delete(agentId);
    return true;
  }

  private async announce(agentId: string, status: AgentPresenceView['status']): Promise<AgentPresenceView> {
    const view = { agentId, status, at: new Date().toISOString() };
    await this.options.hub().publish(TOPICS.presence, { agentPresence: view });
    this.options.changed({ agentId, status });
    return view;
  }
}
