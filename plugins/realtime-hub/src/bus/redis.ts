import { randomBytes } from 'node:crypto';
import { Cluster, type ClusterNode, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import type { HubLogger } from '../runtime.js';
import type { TopicEvent } from '../topic.js';
import type { BusHandlers, HubBus } from './types.js';

export interface RedisBusOptions {
  /** Standalone Redis: a URL or ioredis options. */
  redis?: string | RedisOptions;
  /** Redis Cluster: seed nodes. Uses sharded pub/sub (SSUBSCRIBE/SPUBLISH) so a message stays on its shard. */
  cluster?: { nodes: ClusterNode[]; options?: ClusterOptions };
  /** Prefix of every channel name. Default `keeper:hub:`. */
  channelPrefix?: string;
  logger?: HubLogger;
}

/** The ioredis surface both modes share. */
interface PubSubClient {
  on(event: string, listener: (...args: never[]) => void): unknown;
  quit(): Promise<unknown>;
}

/** Length of the origin tag that starts every bus message: 12 hex characters and a `|`. */
const ORIGIN_LENGTH = 13;
/** Events of one channel batched into one bus message at most (a turn's batch is split beyond it). */
const MAX_EVENTS_PER_MESSAGE = 256;

/**
 * Cross-node bus on Redis pub/sub. One publishing connection (so one node's events to a topic keep their
 * order), one subscriber connection (or, on a cluster, ioredis' per-shard sharded subscribers). After a
 * reconnect the channels are resubscribed and `resync` lets subscribers replay what was missed by seq.
 *
 * A node's own events are delivered to its handlers at once, in publish order, without the round trip
 * through Redis (which would cost a JSON parse and the receive path per event, and stop local delivery
 * while Redis is down); each message carries its origin, so the copy Redis sends back is dropped unread.
 */
export class RedisBus implements HubBus {
  readonly #handlers = new Set<BusHandlers>();
  readonly #prefix: string;
  readonly #pub: Redis | Cluster;
  readonly #sub: Redis | Cluster;
  readonly #sharded: boolean;
  readonly #topics = new Set<string>();
  readonly #logger: HubLogger;
  /** `<12 hex>|`: marks this bus's messages, so their echo from Redis is recognised by a prefix compare. */
  readonly #origin = `${randomBytes(6).toString('hex')}|`;
  readonly #originBytes = Buffer.from(this.#origin);
  /** Channel → JSON of the events published to it in this event-loop turn, not yet sent. */
  #outgoing = new Map<string, string[]>();
  #flushing: Promise<void> | null = null;
  #readyOnce = false;
  #closed = false;

  constructor(options: RedisBusOptions) {
    this.#prefix = options.channelPrefix ?? 'keeper:hub:';
    this.#logger = options.logger ?? {};
    if (options.cluster) {
      this.#sharded = true;
      const base: ClusterOptions = { ...options.cluster.options };
      // No auto-pipelining (see the single-Redis case below): a turn's publishes leave in one write per shard
      // because #flushSoon corks every primary's socket while it queues them.
      this.#pub = new Cluster(options.cluster.nodes, { ...base, enableAutoPipelining: false });
      this.#sub = new Cluster(options.cluster.nodes, { ...base, shardedSubscribers: true });
      this.#sub.on('smessageBuffer', (channel: Buffer, message: Buffer) => this.#onMessage(channel, message));
      this.#sub.on('subscribersReady', () => this.#onReady());
    } else {
      this.#sharded = false;
      const redis = options.redis ?? {};
      // No auto-pipelining: a turn's publishes are written together by corking the socket (see #flushSoon).
      // ioredis' pipelines (auto or explicit) keep their commands reachable long enough that V8 promotes them
      // to the old generation: at 9,000 messages/s that was 3.6 MB per young-generation collection (8-10 ms
      // each) and a steadily growing old space; corked plain commands, 0.45 MB (3-4 ms).
      this.#pub = typeof redis === 'string' ? new Redis(redis) : new Redis({ ...redis, enableAutoPipelining: false });
      this.#sub = typeof redis === 'string' ? new Redis(redis) : new Redis(redis);
      // Buffers, not strings: our own echo (every message we publish comes back) is dropped by its first bytes
      // without being decoded; a turn's inbox batch can be hundreds of KB.
      this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#onMessage(channel, message));
      this.#sub.on('ready', () => this.#onReady());
    }
    for (const client of [this.#pub, this.#sub] as PubSubClient[]) {
      client.on('error', (error: never) => this.#logger.warn?.({ err: error }, 'realtime-hub: redis bus error'));
    }
  }

  attach(handlers: BusHandlers): void {
    this.#handlers.add(handlers);
  }

  detach(handlers: BusHandlers): void {
    this.#handlers.delete(handlers);
  }

  publish(topic: string, event: TopicEvent, eventJson?: string): Promise<void> {
    const channel = this.#prefix + topic;
    const json = eventJson ?? JSON.stringify(event);
    const list = this.#outgoing.get(channel);
    if (list) list.push(json);
    else this.#outgoing.set(channel, [json]);
    const sent = this.#flushSoon();
    for (const handlers of this.#handlers) {
      try {
        handlers.message(topic, event);
      } catch (error) {
        this.#logger.error?.({ err: error, topic }, 'realtime-hub: local delivery failed');
      }
    }
    return sent;
  }

  /**
   * The events of one event-loop turn leave together: one PUBLISH per channel (the inbox channel gets every
   * message's preview, so at thousands of messages per second a turn holds dozens), in publish order.
   * Redis then carries, and every node decodes, one message where it carried dozens.
   */
  #flushSoon(): Promise<void> {
    this.#flushing ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const outgoing = this.#outgoing;
        this.#outgoing = new Map();
        this.#flushing = null;
        const sends: Promise<unknown>[] = [];
        // The turn's publishes queue on corked sockets (each primary's, on a cluster) and leave in one write
        // per socket at uncork.
        const streams = this.#sharded ? (this.#pub as Cluster).nodes('master').map((node) => node.stream) : [(this.#pub as Redis).stream];
        for (const stream of streams) stream?.cork();
        try {
          for (const [channel, list] of outgoing) {
            for (let i = 0; i < list.length; i += MAX_EVENTS_PER_MESSAGE) {
              const chunk = list.length === 1 ? list[0]! : `[${list.slice(i, i + MAX_EVENTS_PER_MESSAGE).join(',')}]`;
              const message = this.#origin + chunk;
              sends.push(this.#sharded ? (this.#pub as Cluster).spublish(channel, message) : this.#pub.publish(channel, message));
            }
          }
        } finally {
          for (const stream of streams) stream?.uncork();
        }
        Promise.all(sends).then(() => resolve(), reject);
      });
    });
    return this.#flushing;
  }

  subscribe(topic: string): void {
    this.#topics.add(topic);
    const channel = this.#prefix + topic;
    const done = this.#sharded ? (this.#sub as Cluster).ssubscribe(channel) : this.#sub.subscribe(channel);
    done.catch((error: unknown) => this.#logger.warn?.({ err: error, topic }, 'realtime-hub: subscribe failed'));
  }

  unsubscribe(topic: string): void {
    this.#topics.delete(topic);
    const channel = this.#prefix + topic;
    const done = this.#sharded ? (this.#sub as Cluster).sunsubscribe(channel) : this.#sub.unsubscribe(channel);
    done.catch((error: unknown) => this.#logger.warn?.({ err: error, topic }, 'realtime-hub: unsubscribe failed'));
  }

  /** Resolves once both connections are usable (tests and boot checks). */
  async ready(): Promise<void> {
    await Promise.all([this.#pub.ping?.() ?? Promise.resolve(), this.#sharded ? (this.#sub as Cluster).ping() : Promise.resolve()]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
    // What this turn published still goes out before the connections close.
    await this.#flushing?.catch(() => undefined);
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()]);
  }

  #onMessage(channelBytes: Buffer, message: Buffer): void {
    // Our own event, delivered when it was published.
    if (message.length >= ORIGIN_LENGTH && message.compare(this.#originBytes, 0, ORIGIN_LENGTH, 0, ORIGIN_LENGTH) === 0) return;
    const channel = channelBytes.toString();
    if (!channel.startsWith(this.#prefix)) return;
    const topic = channel.slice(this.#prefix.length);
    // `<origin>{event}` or `<origin>[event,...]` (a turn's batch); a bare `{event}` from an older node.
    const body = message.toString('utf8', message[0] === 0x7b /* { */ ? 0 : ORIGIN_LENGTH);
    let events: TopicEvent[];
    try {
      const parsed = JSON.parse(body) as TopicEvent | TopicEvent[];
      events = Array.isArray(parsed) ? parsed : [parsed];
    } catch (error) {
      this.#logger.warn?.({ err: error, topic }, 'realtime-hub: undecodable bus message');
      return;
    }
    for (const event of events) {
      for (const handlers of this.#handlers) handlers.message(topic, event);
    }
  }

  #onReady(): void {
    if (!this.#readyOnce) {
      this.#readyOnce = true;
      return;
    }
    if (this.#closed) return;
    // Reconnected. ioredis resubscribes on its own; subscribing again is idempotent and, being queued
    // after its resubscribe, resolves only when the channels are live again. Then replay what was missed.
    const topics = [...this.#topics];
    const channels = topics.map((t) => this.#prefix + t);
    const resubscribed = this.#sharded
      ? Promise.all(channels.map((c) => (this.#sub as Cluster).ssubscribe(c)))
      : channels.length > 0
        ? this.#sub.subscribe(...channels)
        : Promise.resolve();
    void Promise.resolve(resubscribed)
      .catch((error: unknown) => this.#logger.warn?.({ err: error }, 'realtime-hub: resubscribe failed'))
      .then(() => {
        this.#logger.info?.({ topics: topics.length }, 'realtime-hub: bus reconnected, resyncing');
        for (const handlers of this.#handlers) handlers.resync();
      });
  }
}

export function createRedisBus(options: RedisBusOptions): RedisBus {
  return new RedisBus(options);
}
