import type { Histogram, HubStats } from './stats.js';

export interface MetricsSnapshot {
  stats: HubStats;
  connections: number;
  subscriptions: number;
  topics: number;
  queuedBytes: number;
  queueDrops: number;
  operationsInFlight: number;
  pausedSockets: number;
  fanoutLatency: Histogram;
}

type Line = [name: string, type: 'counter' | 'gauge', help: string, value: number];

/** Prometheus text exposition (format 0.0.4) of the hub's counters; mount it at /metrics. */
export function renderMetrics(snapshot: MetricsSnapshot, prefix = 'keeper_hub_'): string {
  const s = snapshot.stats;
  const lines: Line[] = [
    ['connections', 'gauge', 'Open WebSocket connections', snapshot.connections],
    ['connections_opened_total', 'counter', 'WebSocket connections accepted', s.connectionsOpened],
    ['subscriptions', 'gauge', 'Active subscriptions', snapshot.subscriptions],
    ['subscriptions_started_total', 'counter', 'Subscriptions started', s.subscriptionsStarted],
    ['subscriptions_rejected_total', 'counter', 'Subscriptions refused (auth, limits, errors)', s.subscriptionsRejected],
    ['topics', 'gauge', 'Topics with local subscribers', snapshot.topics],
    ['operations_total', 'counter', 'Queries and mutations executed over WebSocket', s.operationsExecuted],
    ['operations_in_flight', 'gauge', 'Queries and mutations executing over WebSocket now', snapshot.operationsInFlight],
    ['read_paused_sockets', 'gauge', 'Sockets not read while maxOperationsInFlight operations run', snapshot.pausedSockets],
    ['read_pauses_total', 'counter', 'Times a socket stopped being read at maxOperationsInFlight', s.readPauses],
    ['events_published_total', 'counter', 'Events published through this hub', s.eventsPublished],
    ['events_received_total', 'counter', 'Events received for topics with local subscribers', s.eventsReceived],
    ['executions_total', 'counter', 'Selection-set executions (shared per group)', s.executions],
    ['serialisations_total', 'counter', 'next frames serialised (shared per group)', s.serialisations],
    ['events_delivered_total', 'counter', 'next frames queued to subscribers', s.framesQueued],
    ['send_queue_bytes', 'gauge', 'Bytes waiting in per-connection send queues', snapshot.queuedBytes],
    ['queue_drops_total', 'counter', 'Frames dropped because a send queue was full', snapshot.queueDrops],
    ['slow_consumer_closes_total', 'counter', 'Connections closed as slow consumers', s.slowConsumerCloses],
    ['keepalive_timeouts_total', 'counter', 'Connections terminated for missing pongs', s.keepAliveTimeouts],
    ['replays_total', 'counter', 'Replay runs (afterSeq resumes and gap repairs)', s.replays],
    ['replayed_events_total', 'counter', 'Events read from replay sources', s.replayedEvents],
    ['replay_failures_total', 'counter', 'Replay runs that failed', s.replayFailures],
    ['duplicates_dropped_total', 'counter', 'Live events dropped as already delivered (seq)', s.duplicatesDropped],
    ['gap_repairs_total', 'counter', 'Seq gaps that triggered a replay', s.gapRepairs],
    ['gaps_total', 'counter', 'Seq gaps accepted without repair', s.gaps],
    ['order_held_total', 'counter', 'Events that arrived ahead of a missing seq and waited for it', s.orderHeld],
    ['order_timeouts_total', 'counter', 'Held events sent after the hold time without the missing seq', s.orderTimeouts],
    ['order_late_total', 'counter', 'Events that arrived after a later seq of their key was sent', s.orderLate],
    ['bus_reconnects_total', 'counter', 'Bus reconnects followed by a resync', s.busReconnects],
  ];
  let out = '';
  for (const [name, type, help, value] of lines) {
    out += `# HELP ${prefix}${name} ${help}\n# TYPE ${prefix}${name} ${type}\n${prefix}${name} ${value}\n`;
  }
  const h = snapshot.fanoutLatency;
  const name = `${prefix}fanout_latency_seconds`;
  out += `# HELP ${name} Event received by this node until its frames are handed to the sockets\n`;
  out += `# TYPE ${name} histogram\n`;
  let cumulative = 0;
  for (let i = 0; i < h.bounds.length; i++) {
    cumulative += h.counts[i]!;
    out += `${name}_bucket{le="${h.bounds[i]}"} ${cumulative}\n`;
  }
  out += `${name}_bucket{le="+Inf"} ${h.count}\n${name}_sum ${h.sum}\n${name}_count ${h.count}\n`;
  return out;
}
