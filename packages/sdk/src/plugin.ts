import type { FastifyInstance } from 'fastify';
import type { GraphQLScalarType } from 'graphql';
import type { Actor } from './actor.js';
import type { CustomerRecord } from './domain.js';
import { PluginOptionsError } from './errors.js';
import type { HookBus, PluginEvents, PluginInterceptors } from './hooks.js';
import { formatIssuePath, type StandardSchemaV1 } from './standard-schema.js';

/** The logger every plugin receives: pino's API, bound to the plugin's name. */
export interface Logger {
  trace(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  fatal(obj: unknown, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * Services plugins offer each other (`ctx.services.provide('commerce', impl)`). Declare yours by
 * module augmentation so consumers get types:
 * `declare module '@keeper/sdk' { interface ServiceMap { commerce: CommerceService } }`
 */
export interface ServiceMap {
  /** Provided by @keeper/core: the shoppers Keeper knows. */
  customers: CustomersService;
  /** Provided by @keeper/core: publish to GraphQL subscribers on every node (through the realtime hub when installed). */
  realtime: RealtimeService;
}

export interface RealtimeService {
  /** `payload` is the subscription result root, e.g. `{ orderUpdated: {...} }`; JSON-safe (it may cross Redis). */
  publish(topic: string, payload: Record<string, unknown>): Promise<void>;
}

export interface CustomersService {
  get(id: string): Promise<CustomerRecord | null>;
}

export interface ServiceRegistry {
  provide<K extends keyof ServiceMap>(name: K, service: ServiceMap[K]): void;
  /** Throws a clear error naming the service when nobody provides it. */
  get<K extends keyof ServiceMap>(name: K): ServiceMap[K];
  has(name: keyof ServiceMap): boolean;
}

/** Topic-based publish/subscribe for GraphQL subscriptions. */
export interface PubSubContext {
  /** In a subscription's `subscribe` resolver: an iterator of the payloads published to the topics. */
  subscribe(topics: string | string[]): Promise<AsyncIterable<unknown>>;
  publish(event: { topic: string; payload: unknown }): unknown;
}

/** What a resolver receives as its GraphQL context. Plugins may augment it. */
export interface ResolverContext {
  actor: Actor;
  pubsub: PubSubContext;
  services: ServiceRegistry;
  hooks: HookBus;
  /** Present on HTTP requests; absent for WebSocket operations. */
  requestId?: string;
}

export type ResolverFn = (
  parent: unknown,
  args: Record<string, unknown>,
  ctx: ResolverContext,
  info: unknown,
) => unknown;

export interface SubscriptionResolver {
  subscribe: ResolverFn;
  resolve?: ResolverFn;
}

export type GraphQLResolvers = Record<
  string,
  GraphQLScalarType | Record<string, ResolverFn | SubscriptionResolver | string>
>;

/** Batched field loaders (Mercurius loaders): one call per field per request with all parents. */
export type LoaderFn = (queries: Array<{ obj: unknown; params: Record<string, unknown> }>, ctx: ResolverContext) => unknown[] | Promise<unknown[]>;
export type GraphQLLoaders = Record<string, Record<string, LoaderFn>>;

export interface PluginGraphQL {
  /** SDL. Extend the roots with `extend type Query { ... }`; define your own types freely. */
  schema: string;
  resolvers?: GraphQLResolvers;
  loaders?: GraphQLLoaders;
}

export interface PluginDatabase {
  /** Folder with migrations in Prisma's format (`<timestamp>_<name>/migration.sql`). */
  migrationsDir: string;
  /** The package's `schema.prisma`, used by `keeper db diff`. */
  prismaSchema?: string;
}

/** A database handle scoped to the plugin's own PostgreSQL schema. */
export interface DatabaseHandle {
  /** `keeper_<plugin>`; tables your migrations create live here. */
  readonly schema: string;
  readonly dialect: 'pglite' | 'postgres';
  /** A Prisma driver adapter factory for your generated client: `new PrismaClient({ adapter: db.adapter })`. */
  readonly adapter: unknown;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface PluginContext {
  readonly name: string;
  readonly logger: Logger;
  /** The plugin's own encapsulated Fastify scope: add routes and hooks here. */
  readonly app: FastifyInstance;
  readonly hooks: HookBus;
  readonly services: ServiceRegistry;
  /** Present when the plugin declares `database`. */
  readonly db?: DatabaseHandle;
  /** The shared ioredis client when `redis` is configured (typed loosely so the SDK needs no ioredis). */
  readonly redis?: unknown;
  /** Resolved core settings plugins may read. */
  readonly settings: Readonly<{ env: 'development' | 'production' | 'test'; nodeId: string; publicUrl: string }>;
}

export interface PluginBody {
  dependsOn?: readonly string[];
  graphql?: PluginGraphQL;
  database?: PluginDatabase;
  interceptors?: PluginInterceptors;
  events?: PluginEvents;
  setup?(ctx: PluginContext): void | Promise<void>;
  teardown?(ctx: PluginContext): void | Promise<void>;
}

export interface PluginMeta {
  /** The npm package name; unique in a deployment. */
  name: string;
  version: string;
  /** Semver range of @keeper/core this plugin runs on, checked at boot. */
  core: string;
}

export interface KeeperPlugin extends PluginMeta, PluginBody {
  /** Marks a value built by definePlugin, so a config entry that is not a plugin is caught at boot. */
  readonly kind: 'keeper-plugin';
}

type OptionsInput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S> : undefined;
type OptionsOutput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : undefined;

export interface PluginDefinition<S extends StandardSchemaV1 | undefined> extends PluginMeta {
  /** Any Standard Schema (zod, valibot, ...). Use a strict object so unknown options fail. */
  options?: S;
  create(options: OptionsOutput<S>): PluginBody;
}

/** Options may be left out when the plugin has none or every option is optional. */
export type PluginFactory<S extends StandardSchemaV1 | undefined> = S extends StandardSchemaV1
  ? Record<string, never> extends OptionsInput<S>
    ? (options?: OptionsInput<S>) => KeeperPlugin
    : (options: OptionsInput<S>) => KeeperPlugin
  : () => KeeperPlugin;

/**
 * Defines a plugin. The returned factory validates its options first: a bad option throws a
 * `PluginOptionsError` naming the plugin and the option path, before anything boots.
 */
export function definePlugin<S extends StandardSchemaV1 | undefined = undefined>(
  definition: PluginDefinition<S>,
): PluginFactory<S> {
  const { options: schema, create, ...meta } = definition;
  const factory = (input?: unknown): KeeperPlugin => {
    const options = schema ? validateOptions(meta.name, schema, input) : input;
    const body = create(options as OptionsOutput<S>);
    return { ...body, ...meta, kind: 'keeper-plugin' };
  };
  return factory as PluginFactory<S>;
}

function validateOptions(plugin: string, schema: StandardSchemaV1, input: unknown): unknown {
  const result = schema['~standard'].validate(input === undefined ? {} : input);
  if (result instanceof Promise) {
    throw new PluginOptionsError(plugin, [{ path: '', message: 'option schemas must validate synchronously' }]);
  }
  if (result.issues) {
    throw new PluginOptionsError(
      plugin,
      result.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    );
  }
  return result.value;
}

export function isKeeperPlugin(value: unknown): value is KeeperPlugin {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'keeper-plugin';
}
