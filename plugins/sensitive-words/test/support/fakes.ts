import type { Actor, DatabaseHandle, Logger, MessageDraft, PluginContext, ServiceMap, ServiceRegistry } from '@keeper/sdk';
import type { RedisPublisher, RedisSubscriber } from '../../src/plugin/reload.js';

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child() {
    return silentLogger;
  },
};

export function fakeServices(): ServiceRegistry & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    provide(name, service) {
      map.set(name, service);
    },
    get<K extends keyof ServiceMap>(name: K) {
      if (!map.has(name)) throw new Error(`no service ${name}`);
      return map.get(name) as ServiceMap[K];
    },
    has: (name) => map.has(name),
  };
}

/** A database handle that records queries and answers from a handler. */
export function fakeDb(answer: (sql: string, params: unknown[]) => unknown[] = () => []): DatabaseHandle & { calls: Array<{ sql: string; params: unknown[] }> } {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  return {
    calls,
    schema: 'keeper_sensitive_words',
    dialect: 'postgres',
    adapter: undefined,
    async query<Row>(sql: string, params: unknown[] = []) {
      calls.push({ sql, params });
      return answer(sql, params) as Row[];
    },
  };
}

/** An in-memory pub/sub shared by several fake ioredis clients (one per "node"). */
export class FakeRedisBus {
  private readonly subs = new Set<{ channels: Set<string>; listeners: Map<string, (...args: string[]) => void> }>();

  client(): RedisPublisher {
    const bus = this;
    return {
      async publish(channel, message) {
        for (const s of bus.subs) if (s.channels.has(channel)) s.listeners.get('message')?.(channel, message);
        return 1;
      },
      duplicate(): RedisSubscriber {
        const sub = { channels: new Set<string>(), listeners: new Map<string, (...args: string[]) => void>() };
        bus.subs.add(sub);
        return {
          async subscribe(channel: string) {
            sub.channels.add(channel);
            sub.listeners.get('ready')?.();
          },
          on(event: string, listener: (...args: string[]) => void) {
            sub.listeners.set(event, listener);
          },
          async quit() {
            bus.subs.delete(sub);
          },
        } as RedisSubscriber;
      },
    };
  }

  /** Every subscriber connection drops and comes back (ioredis emits `ready` again and resubscribes). */
  reconnect(): void {
    for (const s of this.subs) s.listeners.get('ready')?.();
  }
}

export function fakeContext(overrides: { db?: DatabaseHandle; redis?: unknown; nodeId?: string } = {}): PluginContext & { services: ReturnType<typeof fakeServices> } {
  return {
    name: '@keeper/plugin-sensitive-words',
    logger: silentLogger,
    app: {} as PluginContext['app'],
    hooks: {} as PluginContext['hooks'],
    services: fakeServices(),
    db: overrides.db,
    redis: overrides.redis,
    settings: { env: 'test', nodeId: overrides.nodeId ?? 'node-1', publicUrl: 'http://localhost' },
  };
}

export const customer: Actor = { kind: 'customer', id: 'cust-1', conversationIds: ['c1'], sessionId: 's1' };
export const agent = (role: 'admin' | 'supervisor' | 'agent'): Actor => ({ kind: 'agent', id: `agent-${role}`, role, sessionId: 's2' });

export function draft(body: string, authorType: MessageDraft['authorType'] = 'customer'): MessageDraft {
  return { conversationId: 'c1', authorType, authorId: authorType === 'customer' ? 'cust-1' : 'agent-1', body, annotations: {}, clientMessageId: 'm-1' };
}
