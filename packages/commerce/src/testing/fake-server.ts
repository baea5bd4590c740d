import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake platform sees it. */
export interface FakeRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON or form body; null when empty or unparsable. */
  body: unknown;
  receivedAt: number;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown;
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeRoute {
  method: string;
  /** `/orders/:id`; literal dots and other characters are matched as written. */
  path: string;
  handler: FakeHandler;
}

export interface FakeRateLimit {
  /** Bucket size (requests, or cost units when `cost` is given). */
  capacity: number;
  refillPerSecond: number;
  cost?: (request: FakeRequest) => number;
  /** The platform's own throttle response (429 + Retry-After, a THROTTLED 200 body, code 4101...). */
  reject: (request: FakeRequest, retryAfterMs: number, state: { available: number; capacity: number; refillPerSecond: number }) => FakeResponse;
  /** Lets the response carry bucket state (Shopify's throttleStatus) on success too. */
  decorate?: (response: FakeResponse, request: FakeRequest, state: { available: number; capacity: number; refillPerSecond: number; cost: number }) => FakeResponse;
}

export interface FakeServerOptions {
  routes: FakeRoute[];
  /** Return a response to reject the request (bad token), or null to accept. Runs before routing. */
  auth?: (request: FakeRequest) => FakeResponse | null;
  /** Request-signature check (TOP/JD/PDD/Lazada style); same contract as `auth`. */
  signature?: (request: FakeRequest) => FakeResponse | null;
  rateLimit?: FakeRateLimit;
  notFound?: (request: FakeRequest) => FakeResponse;
}

export type Fault =
  /** The TCP connection is dropped without a response. */
  | { kind: 'down'; times?: number }
  /** Respond with this status (and body) instead of routing. */
  | { kind: 'status'; status: number; body?: unknown; times?: number }
  /** Wait before handling; a client with a shorter timeout gives up. */
  | { kind: 'slow'; delayMs: number; times?: number }
  /** Answer with the rate-limit rejection regardless of the bucket. */
  | { kind: 'throttle'; retryAfterMs: number; times?: number };

/**
 * A local node:http server that behaves like a shop platform: auth, signature checks, a server-side
 * rate limit with the platform's own throttle response, fixture-driven routes and fault injection.
 * It records every request (for "never exceeded the limit" and "breaker stopped calling" assertions).
 */
export class FakeServer {
  readonly requests: FakeRequest[] = [];
  /** Requests rejected by the rate limit (bucket or throttle fault). */
  throttled = 0;
  private server: Server | null = null;
  private faults: Fault[] = [];
  private tokens: number;
  private refilledAt = Date.now();
  private baseUrl = '';
  private readonly compiled: Array<{ method: string; pattern: RegExp; names: string[]; handler: FakeHandler }>;

  constructor(private readonly options: FakeServerOptions) {
    this.tokens = options.rateLimit?.capacity ?? 0;
    this.compiled = options.routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (segment.startsWith(':')) {
            names.push(segment.slice(1));
            return '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { method: route.method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, handler: route.handler };
    });
  }

  get url(): string {
    if (!this.server) throw new Error('fake server not started');
    return this.baseUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Injects a fault for the next `times` requests (default: until cleared). */
  fault(fault: Fault): void {
    this.faults.push(fault);
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests to paths matching `pattern` (and not rejected by a fault). */
  count(pattern?: RegExp): number {
    return pattern ? this.requests.filter((r) => pattern.test(r.path)).length : this.requests.length;
  }

  private takeFault(): Fault | null {
    const fault = this.faults[0];
    if (!fault) return null;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.shift();
    }
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const rawBody = Buffer.concat(chunks);
    const request: FakeRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: decodeURIComponent(url.pathname),
      params: {},
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, req.headers['content-type']),
      receivedAt: Date.now(),
    };
    const fault = this.takeFault();
    if (fault?.kind === 'down') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (req.socket.destroyed) return;
    }
    this.requests.push(request);
    let response: FakeResponse;
    try {
      response = await this.respond(request, fault);
    } catch (error) {
      response = { status: 500, body: { error: `fake server handler failed: ${(error as Error).message}` } };
    }
    if (res.destroyed) return;
    const isText = typeof response.body === 'string';
    const payload = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
    res.writeHead(response.status ?? 200, { 'content-type': isText ? 'text/plain' : 'application/json', ...response.headers });
    res.end(payload);
  }

  private async respond(request: FakeRequest, fault: Fault | null): Promise<FakeResponse> {
    if (fault?.kind === 'status') return { status: fault.status, body: fault.body ?? { error: 'injected failure' } };
    const rejected = this.options.auth?.(request) ?? this.options.signature?.(request);
    if (rejected) return rejected;
    const limit = this.options.rateLimit;
    let cost = 0;
    if (limit) {
      cost = limit.cost?.(request) ?? 1;
      this.refill(limit);
      const state = { available: this.tokens, capacity: limit.capacity, refillPerSecond: limit.refillPerSecond };
      if (fault?.kind === 'throttle') {
        this.throttled += 1;
        return limit.reject(request, fault.retryAfterMs, { ...state, available: 0 });
      }
      if (this.tokens < cost) {
        this.throttled += 1;
        return limit.reject(request, Math.ceil(((cost - this.tokens) / limit.refillPerSecond) * 1000), state);
      }
      this.tokens -= cost;
    }
    const route = this.match(request);
    const response = route ? await route(request) : (this.options.notFound?.(request) ?? { status: 404, body: { error: 'no such route' } });
    if (limit?.decorate) return limit.decorate(response, request, { available: this.tokens, capacity: limit.capacity, refillPerSecond: limit.refillPerSecond, cost });
    return response;
  }

  private refill(limit: FakeRateLimit): void {
    const now = Date.now();
    this.tokens = Math.min(limit.capacity, this.tokens + ((now - this.refilledAt) / 1000) * limit.refillPerSecond);
    this.refilledAt = now;
  }

  private match(request: FakeRequest): FakeHandler | null {
    for (const route of this.compiled) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      route.names.forEach((name, i) => {
        request.params[name] = decodeURIComponent(match[i + 1] ?? '');
      });
      return route.handler;
    }
    return null;
  }
}

export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  return new FakeServer(options).start();
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return null;
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
