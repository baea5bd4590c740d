import { type Client, createClient, type SubscribePayload } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> & { code?: string } }>;
}

export interface RequestOptions {
  /** A bearer token; sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
}

/** POSTs one GraphQL operation and returns status, data and errors (it does not throw on GraphQL errors). */
export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  options: RequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

export interface WsClientOptions {
  token?: string;
  /** Extra `connection_init` payload. */
  payload?: Record<string, unknown>;
  /** Passed to graphql-ws; default 0 so tests see failures at once. */
  retryAttempts?: number;
  /** Called when the socket closes; tests read close codes from here. */
  onClosed?: (event: { code: number; reason: string }) => void;
}

/** A real `graphql-ws` client against the platform (subprotocol graphql-transport-ws). */
export function createWsClient(url: string, options: WsClientOptions = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: true,
    retryAttempts: options.retryAttempts ?? 0,
    connectionParams: {
      ...options.payload,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    on: {
      closed: (event) => {
        const e = event as { code?: number; reason?: string };
        options.onClosed?.({ code: e.code ?? 0, reason: String(e.reason ?? '') });
      },
    },
  });
}

/** Subscribes and collects results; `next()` waits for the next value. */
export function collect<T = Record<string, unknown>>(client: Client, payload: SubscribePayload) {
  const values: Array<{ data?: T | null; errors?: unknown }> = [];
  const waiters: Array<() => void> = [];
  let error: unknown;
  let completed = false;
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const dispose = client.subscribe<T>(payload, {
    next: (value) => {
      values.push(value as { data?: T | null; errors?: unknown });
      wake();
    },
    error: (e) => {
      error = e;
      wake();
    },
    complete: () => {
      completed = true;
      wake();
    },
  });
  return {
    values,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    dispose,
    /** Resolves once `count` values arrived (or the subscription errored/completed). */
    async waitFor(count: number, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (values.length < count && error === undefined && !completed) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${count} values, got ${values.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
