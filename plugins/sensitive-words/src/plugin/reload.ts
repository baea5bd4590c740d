/**
 * The slice of ioredis the plugin uses, typed here so the package needs no ioredis dependency
 * (the SDK passes the client as `unknown`).
 */
export interface RedisPublisher {
  publish(channel: string, message: string): Promise<unknown>;
  duplicate(): RedisSubscriber;
}

export interface RedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  /** After the first connection, each `ready` is a reconnect (ioredis resubscribes by itself). */
  on(event: 'ready', listener: () => void): unknown;
  quit(): Promise<unknown>;
}

export function isRedisPublisher(value: unknown): value is RedisPublisher {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RedisPublisher).publish === 'function' &&
    typeof (value as RedisPublisher).duplicate === 'function'
  );
}

/** What travels on the reload channel: the whole list, so a node without a database can apply it too. */
export interface ReloadNotice {
  node: string;
  name: string;
  version: number;
  /** TSV content (`word<TAB>category<TAB>action` lines). */
  content: string;
}

export function parseNotice(message: string): ReloadNotice | undefined {
  try {
    const n = JSON.parse(message) as Partial<ReloadNotice>;
    if (typeof n.node === 'string' && typeof n.name === 'string' && typeof n.version === 'number' && typeof n.content === 'string') {
      return n as ReloadNotice;
    }
  } catch {
    // A foreign or corrupt message on the channel is ignored.
  }
  return undefined;
}
