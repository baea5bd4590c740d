import type { TopicEvent } from './topic.js';

/** Where an event sits in its key's sequence (a conversation's message seq), or null for unordered events. */
export type OrderOf = (topic: string, event: TopicEvent) => { key: string; seq: number } | null;

export interface SequencerStats {
  /** Events that arrived ahead of a missing seq and waited for it. */
  orderHeld: number;
  /** Held events released because the missing seq did not arrive within the hold time. */
  orderTimeouts: number;
  /** Events that arrived after a later seq of their key had been released (delivered anyway). */
  orderLate: number;
}

interface Held {
  seq: number;
  topic: string;
  event: TopicEvent;
  since: number;
}

interface KeyState {
  /** The last seq sent; null while the key's start is unknown (first seen mid-stream, seq above `firstSeq`). */
  last: number | null;
  touched: number;
  held: Held[];
}

/**
 * Puts a key's events back in seq order on arrival. Events of one conversation are committed in seq order
 * (the row lock) but published by whichever node committed them, so two nodes' publishes can cross on the
 * bus. An event whose seq is not the next one waits until the missing ones arrive, at most `holdMs`; then
 * it goes anyway (the missing event may never come, e.g. its node died between commit and publish: the
 * stores' replay is how subscribers of seq'd topics recover that). Nothing is ever dropped here.
 *
 * Runs once per node, in front of fan-out, so every subscriber sees the same order without its own buffer.
 */
export class Sequencer {
  readonly #keys = new Map<string, KeyState>();
  readonly #timer: NodeJS.Timeout;
  #heldCount = 0;

  constructor(
    private readonly orderOf: OrderOf,
    private readonly release: (topic: string, event: TopicEvent) => void,
    private readonly holdMs: number,
    private readonly stats: SequencerStats,
    /** Where every key's sequence starts: an event with this seq never waits. */
    private readonly firstSeq = 1,
    /** Keys idle this long are forgotten. */
    private readonly idleMs = 60 * 60_000,
  ) {
    this.#timer = setInterval(() => this.#sweep(), Math.max(5, Math.floor(holdMs / 4)));
    this.#timer.unref();
  }

  /** Events waiting for a missing seq right now. */
  get heldCount(): number {
    return this.#heldCount;
  }

  push(topic: string, event: TopicEvent): void {
    const order = this.orderOf(topic, event);
    if (!order) {
      this.release(topic, event);
      return;
    }
    const now = performance.now();
    let state = this.#keys.get(order.key);
    if (!state) {
      state = { last: null, touched: now, held: [] };
      this.#keys.set(order.key, state);
    }
    state.touched = now;
    if (state.last !== null && order.seq <= state.last) {
      // A later seq went out already (its hold timed out): late, but never dropped.
      this.stats.orderLate++;
      this.release(topic, event);
      return;
    }
    if (order.seq === (state.last ?? this.firstSeq - 1) + 1) {
      state.last = order.seq;
      this.release(topic, event);
      // It may be the one the held events were waiting for.
      this.#drain(state);
      return;
    }
    this.stats.orderHeld++;
    this.#heldCount++;
    insertBySeq(state.held, { seq: order.seq, topic, event, since: now });
    this.#drain(state);
  }

  close(): void {
    clearInterval(this.#timer);
    // Nothing acknowledged is dropped: whatever still waits goes out in seq order.
    for (const state of this.#keys.values()) this.#drain(state, Number.POSITIVE_INFINITY);
    this.#keys.clear();
  }

  /**
   * Releases the held events that are next in line, and (those that arrived before `upTo`) the ones that
   * waited long enough. A key first seen mid-stream starts wherever its earliest held event is, once that
   * one has waited: its predecessors may have gone out before this node was listening.
   */
  #drain(state: KeyState, upTo = Number.NEGATIVE_INFINITY): void {
    while (state.held.length > 0) {
      const first = state.held[0]!;
      const next = state.last !== null && first.seq <= state.last + 1;
      if (!next && first.since > upTo) return;
      state.held.shift();
      this.#heldCount--;
      if (!next && state.last !== null) this.stats.orderTimeouts++;
      state.last = state.last === null ? first.seq : Math.max(state.last, first.seq);
      this.release(first.topic, first.event);
    }
  }

  #sweep(): void {
    const now = performance.now();
    for (const [key, state] of this.#keys) {
      if (state.held.length > 0) this.#drain(state, now - this.holdMs);
      else if (now - state.touched > this.idleMs) this.#keys.delete(key);
    }
  }
}

function insertBySeq(list: Held[], item: Held): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.seq > item.seq) i--;
  list.splice(i, 0, item);
}
