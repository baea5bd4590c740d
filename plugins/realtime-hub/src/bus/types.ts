import type { TopicEvent } from '../topic.js';

export interface BusHandlers {
  /** An event for a topic this node subscribed to, in publish order per topic. */
  message(topic: string, event: TopicEvent): void;
  /**
   * The bus lost its connection and is back (subscriptions restored). Events published meanwhile may be
   * lost: subscribers that can replay catch up from their last seq.
   */
  resync(): void;
}

/**
 * Carries events between hubs (nodes). The hub subscribes a topic when its first local subscriber arrives
 * and unsubscribes when the last leaves, so a node only receives topics it serves.
 */
export interface HubBus {
  attach(handlers: BusHandlers): void;
  detach(handlers: BusHandlers): void;
  /** `json`: the event's JSON if the caller has it (exactly `JSON.stringify(event)`), so it is not made again. */
  publish(topic: string, event: TopicEvent, json?: string): Promise<void>;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  close(): Promise<void>;
}
