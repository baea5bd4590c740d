/**
 * What a subscription field's `subscribe` resolver returns to join the hub's shared fan-out: a topic key
 * plus how results may be shared, filtered, ordered and replayed. The hub recognises it by a brand and
 * never iterates it; it is also an AsyncIterable only so graphql-js' createSourceEventStream accepts it.
 */
const BRAND: unique symbol = Symbol.for('keeper.realtime-hub.topic');

/** Source events of one topic (the payloads handed to `hub.publish`); JSON-safe when a Redis bus is used. */
export type TopicEvent = Record<string, unknown>;

export type ReplaySource = AsyncIterable<TopicEvent> | Iterable<TopicEvent> | Promise<Iterable<TopicEvent>>;

export interface TopicSubscriptionOptions<TContext> {
  /** The bus topic, e.g. `conversation:c_123`. */
  topic: string;
  /**
   * Who may share one execution of the selection set. `'shared'`: the result does not depend on the
   * subscriber's context (authorisation already happened in `subscribe`), so every subscriber with the same
   * document and variables gets the same bytes. A function returns a partition key (e.g. the agent's role)
   * that captures everything in the context the resolvers read. Default `'connection'`: never shared across
   * connections, which is always correct but executes once per connection.
   */
  scope?: 'shared' | 'connection' | ((context: TContext) => string);
  /** Per-subscriber gate run before any execution (cheap; e.g. "may this agent see this conversation"). */
  filter?: (event: TopicEvent, context: TContext) => boolean;
  /** Sequence number of an event (per topic, increasing by 1). Enables dedupe, reordering repair and replay. */
  seqOf?: (event: TopicEvent) => number;
  /** Resume point: events with seq <= afterSeq were seen by the client; replay the rest before going live. */
  afterSeq?: number | null;
  /**
   * Without `afterSeq`: the topic's seq when the subscription was authorised (a conversation's last seq, read
   * by the resolver anyway). Live delivery continues from it with no replay; an event that arrives ahead of
   * a seq after it (one committed on another node and still on the bus) is a gap repaired from `replay`,
   * instead of becoming the subscription's start and the earlier one a "duplicate". Absent: the first live
   * event is the start.
   */
  liveAfterSeq?: number | null;
  /** Stored events with seq > afterSeq, ascending. Also used to repair gaps (bus outage, cross-node reorder). */
  replay?: (afterSeq: number) => ReplaySource;
}

export interface TopicSubscription<TContext = unknown> extends AsyncIterable<never> {
  readonly [BRAND]: true;
  readonly options: TopicSubscriptionOptions<TContext>;
}

/** Returned from a subscription field's `subscribe` resolver. */
export function topicSubscription<TContext = unknown>(
  options: TopicSubscriptionOptions<TContext>,
): TopicSubscription<TContext> {
  if (options.afterSeq != null && (!options.replay || !options.seqOf)) {
    throw new Error('topicSubscription: afterSeq needs replay and seqOf');
  }
  if (options.liveAfterSeq != null && !options.seqOf) throw new Error('topicSubscription: liveAfterSeq needs seqOf');
  return {
    [BRAND]: true,
    options,
    [Symbol.asyncIterator]() {
      throw new Error('topicSubscription() results are served by the realtime hub transport only');
    },
  };
}

export function isTopicSubscription(value: unknown): value is TopicSubscription<unknown> {
  return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}
