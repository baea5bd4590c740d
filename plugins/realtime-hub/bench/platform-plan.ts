/**
 * What the `platform` scenario's processes agree on: the GraphQL documents sent to the real Keeper
 * server, the message body that carries the intended send time, and the IPC messages.
 */
export const Q_ADDED = 'subscription M($c: ID!) { messageAdded(conversationId: $c) { seq body } }';
export const Q_INBOX = 'subscription I { conversationEvents { type conversationId message { seq body } } }';
export const Q_SEND = 'mutation S($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { seq } }';

/** The body every bench message carries: intended send time (epoch ms), run id, padding. */
export interface BenchBody {
  t: number;
  r: number;
  p: string;
}

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
  delivered: number;
  /** Deliveries whose seq was not exactly the previous one + 1 for that subscription (and conversation). */
  reordered: number;
  histogram: string | null;
  lastReceivedAt: number;
}

export type SubscriberCommand =
  | { cmd: 'connect'; wsUrl: string; shoppers: Shopper[]; agents: AgentConn[]; concurrency: number }
  | { cmd: 'report'; run: number; acked: Record<string, number> }
  | { cmd: 'close' };

export type SubscriberReply =
  | { type: 'connected'; connected: number; failed: number; errors: string[] }
  | { type: 'report'; counts: RunCounts; missing: number; expected: number; closedByServer: number }
  | { type: 'closed' };

export type SenderCommand =
  | {
      cmd: 'send';
      url: string;
      /** `http`: POST /graphql with the shopper's bearer token; `ws`: a graphql-transport-ws connection per shopper. */
      transport: 'http' | 'ws';
      rate: number;
      durationMs: number;
      run: number;
      targets: Shopper[];
      bodyBytes: number;
      sockets: number;
    }
  | { cmd: 'close' };

export type SenderReply =
  | {
      type: 'sent';
      startedAt: number;
      sent: number;
      acked: Record<string, number>;
      errors: number;
      firstError: string | null;
      ackHistogram: string | null;
      maxLagMs: number;
      finishedAt: number;
    }
  | { type: 'closed' };
