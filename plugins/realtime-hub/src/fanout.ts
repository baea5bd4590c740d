import type { DocumentNode, ExecutionResult } from 'graphql';
import { isThenable } from '@keeper/sdk';
import type { Executor } from './executor.js';
import type { Outbox } from './outbox.js';
import { ReplayCoordinator, type ReplayLimits } from './replay.js';
import type { HubStats } from './stats.js';
import type { TopicEvent, TopicSubscriptionOptions } from './topic.js';

export interface FanoutHooks {
  /** First local subscriber of a topic: subscribe on the bus. */
  topicOpened(topic: string): void;
  /** Last local subscriber left: unsubscribe on the bus. */
  topicClosed(topic: string): void;
  /** A replay failed: the subscription ends with an error so the client resubscribes. */
  subscriberFailed(sub: Subscriber, error: Error): void;
}

/** What fan-out needs from a connection. */
export interface FanoutConnection {
  readonly uid: number;
  readonly context: unknown;
  readonly outbox: Outbox;
}

export interface Subscriber {
  readonly conn: FanoutConnection;
  readonly id: string;
  /** `<json-escaped id>"}`: appended to the shared frame head, so only the id differs per subscriber. */
  readonly tail: Buffer;
  readonly group: Group;
  readonly options: TopicSubscriptionOptions<unknown>;
  lastSeq: number | undefined;
  /** Non-null while a replay runs: live events wait here (bounded) and are merged by seq afterwards. */
  pending: TopicEvent[] | null;
  /** Live events were dropped from `pending` (overflow): another replay round must re-read them. */
  overflowed: boolean;
  active: boolean;
}

export interface Group {
  readonly key: string;
  readonly topic: Topic;
  readonly document: DocumentNode;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
  context: unknown;
  readonly subscribers: Set<Subscriber>;
}

interface Topic {
  readonly name: string;
  readonly groups: Map<string, Group>;
  size: number;
  /** Set while an async execution for this topic runs; later events chain behind it to keep order. */
  chain: Promise<void> | null;
}

export interface SubscribeRequest {
  conn: FanoutConnection;
  id: string;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
  options: TopicSubscriptionOptions<unknown>;
}

const NEXT_HEAD = '{"type":"next","payload":';

/** `{"type":"next","payload":<result>,"id":"` — one serialisation per event per group. */
export function nextHead(result: ExecutionResult): Buffer {
  return Buffer.from(NEXT_HEAD + JSON.stringify(result) + ',"id":"');
}

export function idTail(id: string): Buffer {
  return Buffer.from(JSON.stringify(id).slice(1) + '}');
}

/**
 * Topic registry and shared fan-out: an event published to a topic is executed once per group (same
 * document, operation, variables and scope), serialised once, and the same bytes are queued on every
 * subscriber's outbox with only the id tail differing.
 */
export class FanoutEngine {
  readonly #topics = new Map<string, Topic>();
  readonly #documentIds = new WeakMap<DocumentNode, number>();
  #nextDocumentId = 1;
  readonly replay: ReplayCoordinator;

  constructor(
    private readonly executor: Executor,
    private readonly stats: HubStats,
    private readonly hooks: FanoutHooks,
    replayLimits: ReplayLimits,
  ) {
    this.replay = new ReplayCoordinator(this, stats, replayLimits);
  }

  get topicCount(): number {
    return this.#topics.size;
  }

  topics(): IterableIterator<string> {
    return this.#topics.keys();
  }

  add(req: SubscribeRequest): Subscriber {
    const { options } = req;
    let topic = this.#topics.get(options.topic);
    if (!topic) {
      topic = { name: options.topic, groups: new Map(), size: 0, chain: null };
      this.#topics.set(options.topic, topic);
      this.hooks.topicOpened(options.topic);
    }
    const scope = options.scope ?? 'connection';
    const scopeKey =
      scope === 'shared' ? 's' : scope === 'connection' ? `c${req.conn.uid}` : `f${scope(req.conn.context)}`;
    // Documents come from the shared parse cache, so identity stands for the query text (a short id in the
    // key instead of a copy of the query per group).
    let docId = this.#documentIds.get(req.document);
    if (docId === undefined) {
      docId = this.#nextDocumentId++;
      this.#documentIds.set(req.document, docId);
    }
    const key = `${scopeKey}\u0000${req.operationName ?? ''}\u0000${docId}\u0000${
      req.variables ? JSON.stringify(req.variables) : ''
    }`;
    let group = topic.groups.get(key);
    if (!group) {
      group = {
        key,
        topic,
        document: req.document,
        operationName: req.operationName,
        variables: req.variables,
        context: req.conn.context,
        subscribers: new Set(),
      };
      topic.groups.set(key, group);
    }
    const sub: Subscriber = {
      conn: req.conn,
      id: req.id,
      tail: idTail(req.id),
      group,
      options,
      lastSeq: options.afterSeq ?? options.liveAfterSeq ?? undefined,
      pending: null,
      overflowed: false,
      active: true,
    };
    group.subscribers.add(sub);
    topic.size++;
    if (options.afterSeq != null) this.replay.start(sub);
    return sub;
  }

  remove(sub: Subscriber): void {
    if (!sub.active) return;
    sub.active = false;
    sub.pending = null;
    const group = sub.group;
    const topic = group.topic;
    group.subscribers.delete(sub);
    topic.size--;
    if (group.subscribers.size === 0) {
      topic.groups.delete(group.key);
    } else if (group.context === sub.conn.context) {
      // Don't execute on behalf of a connection that has gone; any member's context is equivalent.
      group.context = group.subscribers.values().next().value!.conn.context;
    }
    if (topic.size === 0) {
      this.#topics.delete(topic.name);
      this.hooks.topicClosed(topic.name);
    }
  }

  /** Delivers one event, in per-topic order even when resolvers are asynchronous. */
  deliver(topicName: string, event: TopicEvent): void {
    const topic = this.#topics.get(topicName);
    if (!topic) return;
    this.stats.eventsReceived++;
    if (topic.chain) {
      const chained: Promise<void> = topic.chain.then(() => this.#deliverNow(topic, event));
      topic.chain = chained;
      void chained.then(() => {
        if (topic.chain === chained) topic.chain = null;
      });
      return;
    }
    const pending = this.#deliverNow(topic, event);
    if (pending) {
      topic.chain = pending;
      void pending.then(() => {
        if (topic.chain === pending) topic.chain = null;
      });
    }
  }

  #deliverNow(topic: Topic, event: TopicEvent): Promise<void> | undefined {
    let waits: Promise<void>[] | undefined;
    for (const group of topic.groups.values()) {
      let recipients: Subscriber[] | undefined;
      for (const sub of group.subscribers) {
        if (!this.replay.admitLive(sub, event)) continue;
        const filter = sub.options.filter;
        if (filter && !filter(event, sub.conn.context)) continue;
        if (recipients) recipients.push(sub);
        else recipients = [sub];
      }
      if (!recipients) continue;
      const result = this.execute(group, event);
      if (isThenable(result)) {
        const list = recipients;
        const wait = result.then(
          (r) => this.#send(r, list),
          () => undefined,
        );
        if (waits) waits.push(wait);
        else waits = [wait];
      } else {
        this.#send(result, recipients);
      }
    }
    return waits ? Promise.all(waits).then(() => undefined) : undefined;
  }

  #send(result: ExecutionResult, recipients: Subscriber[]): void {
    const head = nextHead(result);
    this.stats.serialisations++;
    for (let i = 0; i < recipients.length; i++) {
      const sub = recipients[i]!;
      if (sub.active && sub.conn.outbox.push(head, sub.tail)) this.stats.framesQueued++;
    }
  }

  /** Sends one event to one subscriber (replayed events are private to that subscriber). */
  async sendOne(sub: Subscriber, event: TopicEvent): Promise<void> {
    const filter = sub.options.filter;
    if (filter && !filter(event, sub.conn.context)) return;
    const result = await this.execute(sub.group, event);
    if (!sub.active) return;
    if (sub.conn.outbox.push(nextHead(result), sub.tail)) this.stats.framesQueued++;
  }

  execute(group: Group, event: TopicEvent): ExecutionResult | Promise<ExecutionResult> {
    this.stats.executions++;
    try {
      return this.executor.execute(group.document, group.operationName, event, group.context, group.variables);
    } catch (error) {
      return { errors: [{ message: (error as Error).message }] } as unknown as ExecutionResult;
    }
  }

  failSubscriber(sub: Subscriber, error: Error): void {
    this.hooks.subscriberFailed(sub, error);
  }

  /** After a bus reconnect: every subscriber that can replay catches up from its last seq. */
  resyncAll(): void {
    for (const topic of this.#topics.values()) {
      for (const group of topic.groups.values()) {
        for (const sub of group.subscribers) this.replay.resync(sub);
      }
    }
  }
}
