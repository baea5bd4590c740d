export type { Actor, AgentActor, AgentRole, AnonymousActor, CustomerActor, SystemActor } from './actor.js';
export type { Annotations, AuthorType, ConversationRecord, ConversationStatus, CustomerRecord, MessageRecord } from './domain.js';
export * from './errors.js';
export type {
  EventHandler,
  EventMap,
  EventName,
  HookBus,
  InterceptorContext,
  InterceptorFn,
  InterceptorMap,
  InterceptorName,
  InterceptorSpec,
  MessageDraft,
  SessionRevokedEvent,
  SessionRevokedReason,
  PluginEvents,
  PluginInterceptors,
} from './hooks.js';
export { isThenable } from './hooks.js';
export {
  definePlugin,
  isKeeperPlugin,
  type DatabaseHandle,
  type GraphQLLoaders,
  type GraphQLResolvers,
  type KeeperPlugin,
  type LoaderFn,
  type CustomersService,
  type Logger,
  type PluginBody,
  type PluginContext,
  type PluginDatabase,
  type PluginDefinition,
  type PluginFactory,
  type PluginGraphQL,
  type PluginMeta,
  type PubSubContext,
  type RealtimeService,
  type ResolverContext,
  type ResolverFn,
  type ServiceMap,
  type ServiceRegistry,
  type SubscriptionResolver,
} from './plugin.js';
export { formatIssuePath, type StandardSchemaV1 } from './standard-schema.js';
