import type { Actor, KeeperPlugin, Logger, PluginContext } from '@keeper/sdk';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { ResolvedConfig } from '../config/schema.js';
import { BootErrors } from '../errors.js';
import { composeSchema, type SchemaContribution } from '../graphql/compose.js';
import { mountGraphQL } from '../graphql/mount.js';
import type { Authenticate } from '../graphql/ws-auth.js';
import { KeeperHookBus } from '../hooks/hook-bus.js';
import { type ReadinessCheck, registerHealthRoutes } from '../http/health.js';
import { CORE_VERSION } from '../version.js';
import { resolvePluginGraph } from './plugin-graph.js';
import { KeeperServiceRegistry } from './service-registry.js';
import { databaseModule } from '../modules/database-module.js';
import { redisModule } from '../modules/redis-module.js';
import { domainModule } from '../domain/domain-module.js';
import { RevocationChannel } from '../auth/revocations.js';

/** A part of the kernel (database, auth, conversation domain) wired in the same way as a plugin. */
export interface CoreModule {
  name: string;
  graphql?: SchemaContribution;
  /** Runs before any plugin's setup. */
  setup?(kernel: Kernel): Promise<void> | void;
  /** Runs after every plugin's teardown. */
  teardown?(kernel: Kernel): Promise<void> | void;
}

/** What core modules see of the platform. */
export interface Kernel {
  readonly config: ResolvedConfig;
  readonly app: FastifyInstance;
  readonly logger: Logger;
  readonly hooks: KeeperHookBus;
  readonly services: KeeperServiceRegistry;
  readonly plugins: readonly KeeperPlugin[];
  /** Revoked sessions, heard on every node (over Redis when configured): caches and sockets listen here. */
  readonly revocations: RevocationChannel;
  setAuthenticator(authenticate: Authenticate): void;
  addReadinessCheck(check: ReadinessCheck): void;
  /** Extra context for a plugin (database handle, redis), filled by core modules. */
  extendPluginContext(extend: (plugin: KeeperPlugin) => Partial<PluginContext>): void;
}

export interface Platform {
  readonly app: FastifyInstance;
  readonly config: ResolvedConfig;
  readonly plugins: readonly KeeperPlugin[];
  readonly hooks: KeeperHookBus;
  /** Listens on the configured port; resolves with the URL. */
  listen(): Promise<string>;
  /** Graceful stop: refuse new work, drain in-flight requests, close sockets with 1001, tear down. */
  close(): Promise<void>;
}

const anonymous: Authenticate = async () => ({ kind: 'anonymous' }) as Actor;

function createLogger(config: ResolvedConfig): pino.Logger {
  return pino({
    level: config.logger.level,
    base: { node: config.nodeId },
    redact: { paths: ['req.headers.authorization', '*.password', '*.token', '*.secret'], censor: '[redacted]' },
    ...(config.logger.pretty ? { transport: { target: 'pino-pretty' } } : {}),
  });
}

/**
 * Builds a platform from a resolved config: orders plugins, composes the schema, mounts
 * GraphQL and health routes, and runs every plugin's setup in its own Fastify scope.
 */
export async function createPlatform(config: ResolvedConfig, extraModules: readonly CoreModule[] = []): Promise<Platform> {
  const database = databaseModule();
  const redis = redisModule();
  const coreModules: CoreModule[] = [database, redis, domainModule(database, redis), ...extraModules];
  const plugins = resolvePluginGraph(config.plugins, CORE_VERSION);
  const logger = createLogger(config);
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.server.trustProxy,
    bodyLimit: config.server.bodyLimit,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const hooks = new KeeperHookBus(logger, config.hooks.interceptorTimeoutMs);
  const services = new KeeperServiceRegistry();
  const revocations = new RevocationChannel(() => redis.client(), logger.child({ module: 'auth' }));
  const readiness: ReadinessCheck[] = [];
  const contextExtenders: Array<(plugin: KeeperPlugin) => Partial<PluginContext>> = [];
  let authenticate: Authenticate = anonymous;
  let draining = false;

  const kernel: Kernel = {
    config,
    app,
    logger,
    hooks,
    services,
    plugins,
    revocations,
    setAuthenticator: (fn) => {
      authenticate = fn;
    },
    addReadinessCheck: (check) => readiness.push(check),
    extendPluginContext: (extend) => contextExtenders.push(extend),
  };

  const contributions: SchemaContribution[] = [coreInfoContribution(plugins)];
  for (const module of coreModules) if (module.graphql) contributions.push(module.graphql);
  for (const plugin of plugins) {
    if (plugin.graphql) contributions.push({ owner: plugin.name, ...plugin.graphql });
  }
  const composed = composeSchema(contributions);

  for (const plugin of plugins) registerHooks(hooks, plugin);
  registerHealthRoutes(app, () => readiness, () => draining);
  for (const module of coreModules) await module.setup?.(kernel);
  await mountGraphQL(app, { config, composed, services, hooks, revocations, authenticate: () => authenticate });

  const contexts = new Map<string, PluginContext>();
  for (const plugin of plugins) {
    await app.register(async (scope) => {
      const context = buildPluginContext(plugin, scope, logger, hooks, services, config, contextExtenders);
      contexts.set(plugin.name, context);
      try {
        await plugin.setup?.(context);
      } catch (error) {
        throw BootErrors.pluginSetup(plugin.name, error);
      }
    });
  }
  await app.ready();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      const force = setTimeout(() => {
        logger.warn({ graceMs: config.shutdown.graceMs }, 'grace period over: closing remaining connections');
        app.server.closeAllConnections();
      }, config.shutdown.graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
      await hooks.drain();
      for (const plugin of [...plugins].reverse()) {
        try {
          await plugin.teardown?.(contexts.get(plugin.name)!);
        } catch (error) {
          logger.error({ plugin: plugin.name, err: error }, 'plugin teardown failed');
        }
      }
      await revocations.close();
      for (const module of [...coreModules].reverse()) await module.teardown?.(kernel);
      logger.flush?.();
    })();
    return closing;
  };

  return {
    app,
    config,
    plugins,
    hooks,
    async listen() {
      await app.listen({ port: config.server.port, host: config.server.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.server.port;
      return config.server.publicUrl ?? `http://localhost:${port}`;
    },
    close,
  };
}

function registerHooks(hooks: KeeperHookBus, plugin: KeeperPlugin): void {
  for (const [name, spec] of Object.entries(plugin.interceptors ?? {})) {
    if (!spec) continue;
    const { handler, ...options } = typeof spec === 'function' ? { handler: spec } : spec;
    hooks.addInterceptor(plugin.name, name as never, handler as never, options);
  }
  for (const [name, handler] of Object.entries(plugin.events ?? {})) {
    if (handler) hooks.addHandler(plugin.name, name as never, handler as never);
  }
}

function buildPluginContext(
  plugin: KeeperPlugin,
  scope: FastifyInstance,
  logger: pino.Logger,
  hooks: KeeperHookBus,
  services: KeeperServiceRegistry,
  config: ResolvedConfig,
  extenders: ReadonlyArray<(plugin: KeeperPlugin) => Partial<PluginContext>>,
): PluginContext {
  const base: PluginContext = {
    name: plugin.name,
    logger: logger.child({ plugin: plugin.name }),
    app: scope,
    hooks: hooks.forPlugin(plugin.name),
    services: services.forOwner(plugin.name),
    settings: {
      env: config.env,
      nodeId: config.nodeId,
      publicUrl: config.server.publicUrl ?? `http://localhost:${config.server.port}`,
    },
  };
  return Object.assign(base, ...extenders.map((extend) => extend(plugin)));
}

function coreInfoContribution(plugins: readonly KeeperPlugin[]): SchemaContribution {
  return {
    owner: '@keeper/core',
    schema: '',
    resolvers: {
      Query: { keeper: () => ({ version: CORE_VERSION }) },
      KeeperInfo: {
        plugins: (_parent, _args, ctx) => {
          if (ctx.actor.kind !== 'agent') return [];
          return plugins.map(({ name, version, core }) => ({ name, version, core }));
        },
      },
    },
  };
}
