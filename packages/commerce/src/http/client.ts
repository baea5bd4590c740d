import { UpstreamError, type UpstreamFailure } from '../errors.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './breaker.js';
import { type Clock, systemClock } from './clock.js';
import { parseRetryAfter, type RateLimiter, unlimited } from './rate-limit.js';
import { Redactor } from './redact.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface HttpRequest {
  method?: HttpMethod;
  /** Relative to `baseUrl`, or an absolute URL on the same origin (a `Link: rel="next"` URL). */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /**
   * Safe to repeat after an outage or timeout. Defaults to true for GET only; adapters mark read-only
   * POSTs (GraphQL queries, RPC "get" calls) explicitly. Throttle responses are retried regardless,
   * because the platform rejected the call before running it.
   */
  idempotent?: boolean;
  /** Rate-limit units this call spends (GraphQL cost estimate); default 1. */
  cost?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Short name for errors and logs ("orders.list"). */
  operation?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  attempts: number;
}

/** The request as it will be sent; `authenticate` adds headers, query params or a signature. */
export interface PreparedRequest {
  method: HttpMethod;
  url: URL;
  headers: Headers;
  body: string | undefined;
}

export type ResponseVerdict =
  | { ok: true }
  | { ok: false; reason: UpstreamFailure; message: string; retryAfterMs?: number | null; upstreamCode?: string | number | null };

export interface LoggerLike {
  debug(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
}

export interface HttpClientOptions {
  /** Adapter instance name; prefixes every error. */
  system: string;
  baseUrl: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Pass an instance to share one breaker between clients of the same platform; false disables it. */
  breaker?: CircuitBreaker | CircuitBreakerOptions | false;
  rateLimiter?: RateLimiter;
  /** Longest server-requested wait we honour inside a chat request; longer ones fail as rate_limited. */
  maxRetryAfterMs?: number;
  authenticate?(request: PreparedRequest): void | Promise<void>;
  /**
   * Platform error conventions, consulted before the status-code defaults: throttles inside a 200
   * body, Youzan's `gw_err_resp`, TOP's `error_response`. Return undefined to fall back to defaults.
   */
  inspect?(response: { status: number; headers: Headers; body: unknown }): ResponseVerdict | undefined;
  /** Credential values to mask in logs and errors. */
  secrets?: Array<string | undefined>;
  logger?: LoggerLike;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
}

const RETRYABLE_OUTAGES: ReadonlySet<UpstreamFailure> = new Set(['network', 'timeout', 'server_error']);

/**
 * The one HTTP path every adapter uses: breaker → rate limiter → authenticate → fetch with timeout →
 * classify → retry with jittered backoff where safe. Errors are `UpstreamError`s carrying a reason,
 * never raw fetch errors, and never the credentials.
 */
export class HttpClient {
  readonly system: string;
  readonly breaker: CircuitBreaker | null;
  readonly redactor = new Redactor();
  private readonly baseUrl: URL;
  private readonly options: HttpClientOptions;
  private readonly retry: RetryPolicy;
  private readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly fetchImpl: typeof fetch;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.system = options.system;
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limiter = options.rateLimiter ?? unlimited;
    this.clock = options.clock ?? systemClock;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.breaker =
      options.breaker === false ? null : options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker({ clock: options.clock, ...options.breaker });
    for (const secret of options.secrets ?? []) this.redactor.addSecret(secret);
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const method = request.method ?? 'GET';
    const idempotent = request.idempotent ?? method === 'GET';
    const operation = request.operation ?? `${method} ${request.path.split('?')[0]}`;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const outcome = await this.attempt<T>(request, method, operation);
      if (outcome.ok) return { ...outcome.response, attempts: attempt };
      const error = outcome.error;
      const retryable = error.reason === 'rate_limited' || (idempotent && RETRYABLE_OUTAGES.has(error.reason));
      if (!retryable || attempt >= this.retry.maxAttempts) throw error;
      let delay = backoffDelay(this.retry, attempt, this.options.random);
      if (error.reason === 'rate_limited') {
        const asked = error.retryAfterMs;
        if (asked !== null && asked > (this.options.maxRetryAfterMs ?? 10_000)) throw error;
        delay = Math.max(delay, asked ?? 0);
      }
      this.options.logger?.debug({ system: this.system, operation, attempt, reason: error.reason, delayMs: delay }, 'retrying upstream call');
      await this.clock.sleep(delay, request.signal);
    }
  }

  private async attempt<T>(
    request: HttpRequest,
    method: HttpMethod,
    operation: string,
  ): Promise<{ ok: true; response: Omit<HttpResponse<T>, 'attempts'> } | { ok: false; error: UpstreamError }> {
    if (this.breaker && !this.breaker.tryAcquire()) {
      const seconds = Math.ceil(this.breaker.retryInMs() / 1000);
      return { ok: false, error: new UpstreamError(this.system, 'circuit_open', `${operation}: circuit open after repeated failures; next try in ${seconds}s`) };
    }
    await this.limiter.acquire(request.cost ?? 1, request.signal);
    const prepared = this.prepare(request, method);
    await this.options.authenticate?.(prepared);
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const started = this.clock.now();
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(prepared.url, { method, headers: prepared.headers, body: prepared.body, signal });
      text = await response.text();
    } catch (cause) {
      if (request.signal?.aborted) throw request.signal.reason;
      const timedOut = timeout.aborted;
      this.breaker?.recordFailure();
      const message = timedOut ? `${operation}: no response within ${timeoutMs} ms` : `${operation}: connection failed (${this.redactor.text(describe(cause))})`;
      this.log('warn', prepared, null, started, timedOut ? 'timeout' : 'network');
      return { ok: false, error: new UpstreamError(this.system, timedOut ? 'timeout' : 'network', message) };
    }
    const body = parseBody(text);
    this.limiter.observe?.({ status: response.status, headers: response.headers, body });
    const verdict = this.options.inspect?.({ status: response.status, headers: response.headers, body }) ?? defaultVerdict(response, operation, this.clock.now());
    this.log('debug', prepared, response.status, started, verdict.ok ? 'ok' : verdict.reason);
    if (verdict.ok) {
      this.breaker?.recordSuccess();
      return { ok: true, response: { status: response.status, headers: response.headers, body: body as T } };
    }
    if (RETRYABLE_OUTAGES.has(verdict.reason)) this.breaker?.recordFailure();
    else this.breaker?.recordNeutral();
    if (verdict.reason === 'rate_limited' && verdict.retryAfterMs) this.limiter.pause(verdict.retryAfterMs);
    const error = new UpstreamError(this.system, verdict.reason, this.redactor.text(verdict.message), {
      status: response.status,
      retryAfterMs: verdict.retryAfterMs ?? null,
      upstreamCode: verdict.upstreamCode ?? null,
    });
    return { ok: false, error };
  }

  private prepare(request: HttpRequest, method: HttpMethod): PreparedRequest {
    const url = new URL(request.path.replace(/^\//, ''), this.baseUrl);
    if (url.origin !== this.baseUrl.origin) throw new UpstreamError(this.system, 'bad_response', `refusing to follow a URL to another origin: ${url.origin}`);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    const headers = new Headers({ accept: 'application/json', 'user-agent': 'keeper-commerce/0.1', ...request.headers });
    let body: string | undefined;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(request.form).toString();
    }
    return { method, url, headers, body };
  }

  private log(level: 'debug' | 'warn', prepared: PreparedRequest, status: number | null, started: number, outcome: string): void {
    this.options.logger?.[level](
      { system: this.system, method: prepared.method, url: this.redactor.url(prepared.url), status, ms: this.clock.now() - started, outcome },
      'upstream call',
    );
  }
}

function defaultVerdict(response: Response, operation: string, now: number): ResponseVerdict {
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true };
  const label = `${operation}: HTTP ${status}`;
  if (status === 401 || status === 403) return { ok: false, reason: 'auth', message: `${label} — credentials rejected or missing a permission` };
  if (status === 404) return { ok: false, reason: 'not_found', message: `${label} — not found` };
  if (status === 408) return { ok: false, reason: 'timeout', message: label };
  if (status === 429) return { ok: false, reason: 'rate_limited', message: `${label} — rate limited`, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now) };
  if (status >= 500) return { ok: false, reason: 'server_error', message: label };
  return { ok: false, reason: 'bad_request', message: label };
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message}: ${inner.message}` : cause.message;
  }
  return String(cause);
}
