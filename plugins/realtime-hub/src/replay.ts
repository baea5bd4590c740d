import type { FanoutEngine, Subscriber } from './fanout.js';
import type { HubStats } from './stats.js';
import type { TopicEvent } from './topic.js';

export interface ReplayLimits {
  /** Live events held per subscriber while its replay runs; past it they are dropped and re-read by replay. */
  maxPendingEvents: number;
  /** Replay rounds before a persistent gap is accepted (the missing seq never arrived anywhere). */
  maxRounds: number;
}

/**
 * Replay-then-live with no gap and no duplicate. While a subscriber replays, live events are buffered;
 * afterwards buffered events are merged in seq order and anything at or below the last delivered seq is
 * dropped. A live seq jump (missed bus message, cross-node reorder) triggers the same replay from the last
 * delivered seq, so gaps heal without the client reconnecting.
 */
export class ReplayCoordinator {
  constructor(
    private readonly engine: FanoutEngine,
    private readonly stats: HubStats,
    private readonly limits: ReplayLimits,
  ) {}

  /** Decides for one live event: true = deliver now; false = duplicate, or held until the replay finishes. */
  admitLive(sub: Subscriber, event: TopicEvent): boolean {
    const seqOf = sub.options.seqOf;
    if (!seqOf) return true;
    if (sub.pending) {
      if (sub.pending.length < this.limits.maxPendingEvents) sub.pending.push(event);
      else {
        sub.overflowed = true;
        this.stats.replayOverflows++;
      }
      return false;
    }
    const seq = seqOf(event);
    const last = sub.lastSeq;
    if (last === undefined || seq === last + 1) {
      sub.lastSeq = seq;
      return true;
    }
    if (seq <= last) {
      this.stats.duplicatesDropped++;
      return false;
    }
    if (!sub.options.replay) {
      // Nothing to repair from: deliver with the jump rather than stall.
      this.stats.gaps++;
      sub.lastSeq = seq;
      return true;
    }
    this.stats.gapRepairs++;
    sub.pending = [event];
    void this.#run(sub);
    return false;
  }

  /** Initial replay for a subscription that asked for `afterSeq`. */
  start(sub: Subscriber): void {
    sub.pending = [];
    void this.#run(sub);
  }

  /** Catch up after a bus reconnect (events may have been published while we were unsubscribed). */
  resync(sub: Subscriber): void {
    if (!sub.active || sub.pending || !sub.options.replay || sub.lastSeq === undefined) return;
    sub.pending = [];
    void this.#run(sub);
  }

  async #run(sub: Subscriber): Promise<void> {
    const { replay, seqOf } = sub.options;
    if (!replay || !seqOf) return;
    this.stats.replays++;
    try {
      for (let round = 1; sub.active; round++) {
        await this.#replayFrom(sub, replay, seqOf);
        if (!sub.active) return;
        const done = await this.#drainPending(sub, seqOf, round >= this.limits.maxRounds);
        if (done) return;
        // A gap remains (or live events overflowed): read the store again from the last delivered seq.
        await delay(10 * round);
      }
    } catch (error) {
      this.stats.replayFailures++;
      // The subscriber cannot be brought up to date: closing makes the client resubscribe with afterSeq.
      sub.pending = null;
      this.engine.failSubscriber(sub, error as Error);
    }
  }

  async #replayFrom(
    sub: Subscriber,
    replay: (afterSeq: number) => AsyncIterable<TopicEvent> | Iterable<TopicEvent> | Promise<Iterable<TopicEvent>>,
    seqOf: (event: TopicEvent) => number,
  ): Promise<void> {
    const source = await replay(sub.lastSeq ?? 0);
    for await (const event of source as AsyncIterable<TopicEvent>) {
      if (!sub.active) return;
      const seq = seqOf(event);
      if (sub.lastSeq !== undefined && seq <= sub.lastSeq) continue;
      sub.lastSeq = seq;
      this.stats.replayedEvents++;
      await this.engine.sendOne(sub, event);
    }
  }

  /** Returns true when the subscriber is live again. */
  async #drainPending(sub: Subscriber, seqOf: (event: TopicEvent) => number, acceptGap: boolean): Promise<boolean> {
    for (;;) {
      const batch = sub.pending;
      if (!batch || !sub.active) return true;
      if (batch.length === 0) {
        if (sub.overflowed && !acceptGap) {
          sub.overflowed = false;
          return false;
        }
        sub.pending = null;
        return true;
      }
      sub.pending = [];
      batch.sort((a, b) => seqOf(a) - seqOf(b));
      for (let i = 0; i < batch.length; i++) {
        const event = batch[i]!;
        const seq = seqOf(event);
        const last = sub.lastSeq;
        if (last !== undefined && seq <= last) {
          this.stats.duplicatesDropped++;
          continue;
        }
        if (last !== undefined && seq !== last + 1) {
          if (!acceptGap) {
            sub.pending = batch.slice(i).concat(sub.pending ?? []);
            return false;
          }
          this.stats.gaps++;
        }
        sub.lastSeq = seq;
        await this.engine.sendOne(sub, event);
        if (!sub.active) return true;
      }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
