/**
 * Hot-path counters are plain numeric fields (an increment is one add, no lookup, no label hashing);
 * the Prometheus text is rendered from them only when /metrics is scraped.
 */
export class HubStats {
  connectionsOpened = 0;
  connectionsClosed = 0;
  subscriptionsStarted = 0;
  subscriptionsEnded = 0;
  operationsExecuted = 0;
  /** Sockets no longer read because `maxOperationsInFlight` operations were running (see gate.ts). */
  readPauses = 0;
  eventsPublished = 0;
  eventsReceived = 0;
  executions = 0;
  serialisations = 0;
  framesQueued = 0;
  slowConsumerCloses = 0;
  keepAliveTimeouts = 0;
  subscriptionsRejected = 0;
  replays = 0;
  replayedEvents = 0;
  replayFailures = 0;
  replayOverflows = 0;
  duplicatesDropped = 0;
  gaps = 0;
  gapRepairs = 0;
  orderHeld = 0;
  orderTimeouts = 0;
  orderLate = 0;
  busReconnects = 0;
}

/** Cumulative-bucket histogram (Prometheus semantics), in seconds. */
export class Histogram {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }
}

export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
