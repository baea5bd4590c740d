/**
 * The graphql-transport-ws protocol (the `graphql-ws` npm client's): message shapes, close codes and a
 * strict parser. Invalid client messages close the socket with 4400, as the protocol demands.
 */
export const GRAPHQL_TRANSPORT_WS = 'graphql-transport-ws';

export const CloseCode = {
  /** Graceful server shutdown; graphql-ws clients reconnect (non-fatal). */
  GoingAway: 1001,
  InternalServerError: 4500,
  BadRequest: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  SubprotocolNotAcceptable: 4406,
  ConnectionInitialisationTimeout: 4408,
  SubscriberAlreadyExists: 4409,
  TooManyInitialisationRequests: 4429,
  /**
   * Keeper-specific: the client did not read fast enough and its bounded send queue overflowed. Chosen
   * outside graphql-ws' fatal list (4429 is fatal there) so the client retries and resumes by `afterSeq`.
   */
  SlowConsumer: 4290,
} as const;

export interface SubscribePayload {
  operationName?: string | null;
  query: string;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

export type ClientMessage =
  | { type: 'connection_init'; payload?: Record<string, unknown> | null }
  | { type: 'ping'; payload?: Record<string, unknown> | null }
  | { type: 'pong'; payload?: Record<string, unknown> | null }
  | { type: 'subscribe'; id: string; payload: SubscribePayload }
  | { type: 'complete'; id: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and validates one client frame; throws an Error whose message becomes the 4400 close reason. */
export function parseClientMessage(raw: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('Invalid JSON');
  }
  if (!isRecord(value) || typeof value.type !== 'string') throw new Error('Message must have a string type');
  switch (value.type) {
    case 'connection_init':
    case 'ping':
    case 'pong':
      if (value.payload != null && !isRecord(value.payload)) throw new Error(`Invalid ${value.type} payload`);
      return value as ClientMessage;
    case 'subscribe': {
      if (typeof value.id !== 'string' || value.id === '') throw new Error('subscribe requires a non-empty id');
      const payload = value.payload;
      if (!isRecord(payload) || typeof payload.query !== 'string') throw new Error('subscribe requires payload.query');
      if (payload.variables != null && !isRecord(payload.variables)) throw new Error('Invalid variables');
      if (payload.operationName != null && typeof payload.operationName !== 'string') {
        throw new Error('Invalid operationName');
      }
      return value as ClientMessage;
    }
    case 'complete':
      if (typeof value.id !== 'string' || value.id === '') throw new Error('complete requires a non-empty id');
      return value as ClientMessage;
    default:
      throw new Error(`Unexpected message type ${JSON.stringify(value.type).slice(0, 40)}`);
  }
}

/** Close reasons are limited to 123 bytes by RFC 6455. */
export function closeReason(reason: string): string {
  return Buffer.byteLength(reason) <= 123 ? reason : Buffer.from(reason).subarray(0, 110).toString() + '...';
}
