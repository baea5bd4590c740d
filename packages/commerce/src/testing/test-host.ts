import type { EventMap, EventName, Logger, PluginContext, ServiceMap, ServiceRegistry } from '@keeper/sdk';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

/**
 * A minimal stand-in for what @keeper/core hands a plugin (services, hooks, a Fastify scope), so
 * adapter packages can test `setup` and their webhook routes before the core exists in their tests.
 * Pass a Fastify instance as `app`; events emitted are recorded in `emitted`.
 */
export function createTestHost(app: PluginContext['app'], options: { publicUrl?: string; db?: PluginContext['db']; redis?: unknown } = {}) {
  const services = new Map<string, unknown>();
  const emitted: Array<{ name: EventName; payload: EventMap[EventName] }> = [];
  const registry: ServiceRegistry = {
    provide: (name, service) => {
      if (services.has(name)) throw new Error(`service ${String(name)} provided twice`);
      services.set(name, service);
    },
    get: <K extends keyof ServiceMap>(name: K) => {
      if (!services.has(name)) throw new Error(`no plugin provides the "${String(name)}" service`);
      return services.get(name) as ServiceMap[K];
    },
    has: (name) => services.has(name),
  };
  const context = (name: string): PluginContext => ({
    name,
    logger: silent,
    app,
    hooks: {
      emit: (event, payload) => void emitted.push({ name: event, payload }),
      on: () => () => undefined,
      intercept: async (_name, value) => value,
    },
    services: registry,
    db: options.db,
    redis: options.redis,
    settings: { env: 'test', nodeId: 'test-node', publicUrl: options.publicUrl ?? 'http://localhost:3000' },
  });
  return { context, emitted, services: registry };
}
