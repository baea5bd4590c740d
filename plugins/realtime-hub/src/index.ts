export { createHub, type Hub, type HubOptions, type HubSnapshot } from './hub.js';
export { topicSubscription, isTopicSubscription, type TopicEvent, type TopicSubscription, type TopicSubscriptionOptions, type ReplaySource } from './topic.js';
export { CloseCode, GRAPHQL_TRANSPORT_WS } from './protocol.js';
export { defaultLimits, type HubLimits, type HubLogger, type ContextArgs } from './runtime.js';
export type { BusHandlers, HubBus } from './bus/types.js';
export { InProcessBus, createInProcessBus } from './bus/in-process.js';
