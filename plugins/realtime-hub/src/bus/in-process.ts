import type { TopicEvent } from '../topic.js';
import type { BusHandlers, HubBus } from './types.js';

/**
 * The bus without Redis: delivery is synchronous within publish, in publish order. Several hubs in one
 * process may share one instance (tests use that to model nodes). Events are passed by reference, not
 * copied: treat them as immutable, and keep them JSON-safe so the same code works on the Redis bus.
 */
export class InProcessBus implements HubBus {
  readonly #handlers = new Set<BusHandlers>();

  attach(handlers: BusHandlers): void {
    this.#handlers.add(handlers);
  }

  detach(handlers: BusHandlers): void {
    this.#handlers.delete(handlers);
  }

  async publish(topic: string, event: TopicEvent): Promise<void> {
    for (const handlers of this.#handlers) handlers.message(topic, event);
  }

  subscribe(_topic: string): void {}

  unsubscribe(_topic: string): void {}

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}

export function createInProcessBus(): InProcessBus {
  return new InProcessBus();
}
