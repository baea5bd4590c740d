/**
 * What the `platform` scenario's processes agree on: the GraphQL documents sent to the real Keeper
 * server, the message body that carries the intended send time, and the IPC messages.
 */
export const Q_ADDED = 'subscription M($c: ID!) { messageAdded(conversationId: $c) { seq body } }';
/** Resuming after a reconnect: stored messages after `afterSeq` first, then live (no gap, no duplicate). */
export const Q_RESUME = 'subscription M($c: ID!, $a: Int) { messageAdded(conversationId: $c, afterSeq: $a) { seq body } }';
export const Q_INBOX = 'subscription I { conversationEvents { type conversationId message { seq body } } }';
/** With a clientMessageId per message, as a chat widget sends for safe retries (the server checks it in the batch write). */
export const Q_SEND = 'mutation S($c: ID!, $b: String!, $m: String) { sendMessage(conversationId: $c, body: $b, clientMessageId: $m) { seq } }';

/** The body every bench message carries: intended send time (epoch ms), run id, padding. */
export interface BenchBody {
  t: number;
  r: number;
  p: string;
}

/**
 * How the shopper sends: `http` (POST /graphql from the sender process), `ws` (the sender process's own
 * graphql-transport-ws connection per shopper) or `widget` (the shopper's one connection, the one subscribed to
 * its messageAdded in the subscriber process: what a chat widget holds).
 */
export type SendTransport = 'http' | 'ws' | 'widget';

export interface Shopper {
  conversationId: string;
  token: string;
}

export interface AgentConn {
  token: string;
  conversations: string[];
  inbox: boolean;
}

export interface RunCounts {
  /** Deliveries counted (duplicates are not). */
  delivered: number;
  /** Deliveries that skipped seqs (past the last seen + 1) for that subscription and conversation. */
  reordered: number;
  /** Deliveries with a seq at or below the last seen for that subscription and conversation (not a late one of a skipped seq). */
  duplicates: number;
  histogram: string | null;
  lastReceivedAt: number;
  /** Acknowledged subscriber connections that closed (not by the bench) while this run was current. */
  closedByServer: number;
  /** Those connections opened, authenticated and resubscribed again while this run was current. */
  reconnects: number;
  /** Subscriptions the server ended with an error and the client resubscribed (resumed) on the same connection. */
  resubscribed: number;
}

export type SubscriberCommand =
  | { cmd: 'connect'; wsUrl: string; shoppers: Shopper[]; agents: AgentConn[]; concurrency: number }
  /** Deliveries come in with their run id; this is the run that closes and reconnects are counted in. */
  | { cmd: 'run'; run: number }
  | { cmd: 'report'; run: number; acked: Record<string, number> }
  /** `widget`: the open loop of the sender, on the shopper connections this process holds. */
  | ({ cmd: 'send' } & OpenLoopJob)
  | { cmd: 'close' };

export type SubscriberReply =
  | { type: 'connected'; connected: number; failed: number; errors: string[] }
  | {
      type: 'report';
      counts: RunCounts;
      /** messageAdded deliveries that never arrived, plus inbox previews missing on an inbox subscription that was not interrupted in this run. */
      missing: number;
      /** Inbox previews missing on an inbox subscription that was away (reconnecting) in this run: no seq, no resume. */
      missedWhileReconnecting: number;
      expected: number;
      /** Connections currently away (closed, not yet resubscribed). */
      away: number;
      /** Frames so far that had none of the known shapes (delivery, sendMessage acknowledgement, complete) and were parsed with JSON.parse. */
      fallbackFrames: number;
    }
  | SentReply
  | { type: 'closed' };

/** What an open-loop send run needs, whichever process runs it. */
export interface OpenLoopJob {
  rate: number;
  durationMs: number;
  run: number;
  targets: Shopper[];
  bodyBytes: number;
}

/** The outcome of an open-loop send run (from the sender process, or the subscriber process for `widget`). */
export interface SentReply {
  type: 'sent';
  startedAt: number;
  sent: number;
  /** Acknowledged sends per conversation (what loss is counted against). */
  acked: Record<string, number>;
  /** Failed sends, and sends not settled by the deadline. */
  errors: number;
  firstError: string | null;
  ackHistogram: string | null;
  maxLagMs: number;
  finishedAt: number;
}

export type SenderCommand =
  | ({
      cmd: 'send';
      url: string;
      /** `http`: POST /graphql with the shopper's bearer token; `ws`: a graphql-transport-ws connection per shopper. */
      transport: 'http' | 'ws';
      sockets: number;
    } & OpenLoopJob)
  | { cmd: 'close' };

export type SenderReply = SentReply | { type: 'closed' };
