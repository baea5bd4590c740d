/**
 * What every bench process agrees on: scenario shapes, which subscriptions connection #i opens, and the
 * IPC messages between the orchestrator, the servers and the load-generator processes.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';

export type Scenario = 'held' | 'broadcast' | 'fanout';

export interface FanoutShape {
  conversations: number;
  agents: number;
  teamSize: number;
}

/** Customer-service shape: one shopper connection per conversation; agents hold their conversations + team inbox. */
export const defaultFanout: FanoutShape = { conversations: 5000, agents: 100, teamSize: 5 };

export interface SubscribeSpec {
  id: string;
  operationName: 'M' | 'I' | 'B';
  query: string;
  variables: Record<string, string>;
}

const Q_MESSAGE = 'subscription M($c: ID!) { messageAdded(conversationId: $c) { id seq body sentAt run } }';
const Q_INBOX = 'subscription I($t: ID!) { conversationEvents(team: $t) { kind conversationId seq sentAt run } }';
const Q_BROADCAST = 'subscription B { broadcast { seq body sentAt run } }';

export function teamOf(conversation: number, shape: FanoutShape): number {
  return (conversation % shape.agents) % Math.ceil(shape.agents / shape.teamSize);
}

/** Subscriptions of connection #index (global across client processes). */
export function subscriptionsFor(scenario: Scenario, index: number, shape: FanoutShape): SubscribeSpec[] {
  if (scenario === 'broadcast') return [{ id: 'b', operationName: 'B', query: Q_BROADCAST, variables: {} }];
  if (scenario === 'held') return [msg('m', index)];
  // fanout: connections [0, conversations) are shoppers, then agents.
  if (index < shape.conversations) return [msg(`s${index}`, index)];
  const agent = index - shape.conversations;
  const subs: SubscribeSpec[] = [];
  for (let c = agent; c < shape.conversations; c += shape.agents) subs.push(msg(`a${c}`, c));
  const team = agent % Math.ceil(shape.agents / shape.teamSize);
  subs.push({ id: 'inbox', operationName: 'I', query: Q_INBOX, variables: { t: `t${team}` } });
  return subs;
}

function msg(id: string, conversation: number): SubscribeSpec {
  return { id, operationName: 'M', query: Q_MESSAGE, variables: { c: `c${conversation}` } };
}

export function connectionsFor(scenario: Scenario, shape: FanoutShape, held: number, subscribers: number): number {
  if (scenario === 'fanout') return shape.conversations + shape.agents;
  return scenario === 'held' ? held : subscribers;
}

/** Topic of a subscription, as both servers map it. */
export function topicOf(spec: { operationName?: string | null; variables?: Record<string, unknown> | null }): string {
  if (spec.operationName === 'B') return 'broadcast';
  if (spec.operationName === 'I') return `inbox:${String(spec.variables?.t)}`;
  return `conversation:${String(spec.variables?.c)}`;
}

/** How many of `sent` round-robin messages a subscription should have received in one run. */
export function expectedFor(scenario: Scenario, spec: SubscribeSpec, sent: number, shape: FanoutShape): number {
  if (scenario === 'broadcast') return sent;
  const perConversation = (c: number) => Math.floor(sent / shape.conversations) + (c < sent % shape.conversations ? 1 : 0);
  if (spec.operationName === 'M') return perConversation(Number(spec.variables.c!.slice(1)));
  const team = Number(spec.variables.t!.slice(1));
  let total = 0;
  for (let c = 0; c < shape.conversations; c++) if (teamOf(c, shape) === team) total += perConversation(c);
  return total;
}

/**
 * `ws` client options of every load-generator connection. The frames a client sends must be masked; these use
 * an all-zero mask, so `ws` skips copying and XOR-ing each payload in the load generator. The server unmasks
 * every frame exactly as it would a browser's: its work is unchanged. Frames are not compressed and the
 * server's frames (JSON.stringify output) are not UTF-8 checked here.
 */
export const LOADGEN_WS_OPTIONS = {
  perMessageDeflate: false,
  skipUTF8Validation: true,
  generateMask: (mask: Buffer) => void mask.fill(0),
} as const;

/** Epoch milliseconds with sub-ms precision, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

// --- IPC ---------------------------------------------------------------------------------------------
export type ServerCommand =
  | { cmd: 'stats' }
  | { cmd: 'broadcast'; messages: number; bodyBytes: number; run: number; backlogBytes: number }
  | { cmd: 'fanout'; rate: number; durationMs: number; run: number; shape: FanoutShape; bodyBytes: number }
  | { cmd: 'exit' };

/** Garbage-collector pauses in the server while it sent (PerformanceObserver 'gc' entries). */
export interface GcTotals {
  major: number;
  majorMs: number;
  maxMajorMs: number;
  minor: number;
  minorMs: number;
}

/** Counts this process's garbage-collector pauses from now on, into the returned totals (which keep growing). */
export function watchGc(): GcTotals {
  const totals: GcTotals = { major: 0, majorMs: 0, maxMajorMs: 0, minor: 0, minorMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        totals.minor++;
        totals.minorMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        totals.major++;
        totals.majorMs += entry.duration;
        totals.maxMajorMs = Math.max(totals.maxMajorMs, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });
  return totals;
}

export interface ServerStats {
  rss: number;
  heapUsed: number;
  connections: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  slowConsumerCloses: number;
}

export type ServerReply =
  | { type: 'ready'; port: number }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'broadcast-done'; startedAt: number; sent: number }
  | { type: 'fanout-done'; startedAt: number; sent: number; maxLagMs: number; gc: GcTotals };

export type ClientCommand =
  | { cmd: 'connect'; urls: string[]; from: number; count: number; scenario: Scenario; shape: FanoutShape; concurrency: number }
  | { cmd: 'report'; run: number; sent: number }
  | { cmd: 'close' };

export interface ClientReport {
  delivered: number;
  lastReceivedAt: number;
  /** Deliveries whose seq was not exactly the next one for that subscription (out of order or duplicate). */
  reordered: number;
  /** Deliveries expected from what was published (`sent`) but not received. */
  missing: number;
  histogram: string | null;
  closedByServer: number;
  connected: number;
}

export type ClientReply =
  | { type: 'connected'; connected: number; failed: number; ms: number }
  | { type: 'report'; report: ClientReport }
  | { type: 'closed' };
