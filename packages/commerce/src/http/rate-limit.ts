import { type Clock, systemClock } from './clock.js';

/** What a limiter may learn from a response (Shopify's cost, REST call-limit headers...). */
export interface ResponseObservation {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Client-side rate limiting. `acquire` waits until `cost` units may be spent; `observe` lets
 * platform-specific limiters sync with what the server reports; `pause` honours a server's
 * "come back in N ms" for every caller sharing the limiter, not only the one that was throttled.
 */
export interface RateLimiter {
  acquire(cost: number, signal?: AbortSignal): Promise<void>;
  observe?(observation: ResponseObservation): void;
  pause(ms: number): void;
}

export interface TokenBucketOptions {
  /** Units restored per second. */
  ratePerSecond: number;
  /** Bucket size: how much may be spent at once after idling. */
  capacity: number;
  clock?: Clock;
}

/**
 * A token bucket that serves waiters in FIFO order. The same model as Shopify REST's leaky bucket
 * (40 requests, 2/s), BigCommerce, Shopline and SP-API's per-operation quotas.
 */
export class TokenBucketLimiter implements RateLimiter {
  protected tokens: number;
  protected capacity: number;
  protected rate: number;
  protected updatedAt: number;
  protected pausedUntil = 0;
  protected readonly clock: Clock;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (options.ratePerSecond <= 0 || options.capacity <= 0) throw new RangeError('rate and capacity must be positive');
    this.clock = options.clock ?? systemClock;
    this.capacity = options.capacity;
    this.rate = options.ratePerSecond;
    this.tokens = options.capacity;
    this.updatedAt = this.clock.now();
  }

  acquire(cost = 1, signal?: AbortSignal): Promise<void> {
    // Chain so concurrent callers are served in order and none overdraws the bucket.
    const turn = this.queue.then(() => this.take(Math.min(cost, this.capacity), signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    // The server says we are out; stop spending what our estimate thinks is left.
    this.tokens = 0;
    this.updatedAt = this.clock.now();
  }

  /** Tokens currently available (after refill); for tests and metrics. */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private async take(cost: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now, signal);
        continue;
      }
      this.refill();
      if (this.tokens >= cost) {
        this.tokens -= cost;
        return;
      }
      const waitMs = Math.ceil(((cost - this.tokens) / this.rate) * 1000);
      await this.clock.sleep(waitMs, signal);
    }
  }

  protected refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.rate);
    this.updatedAt = now;
  }
}

interface ShopifyThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * Shopify Admin GraphQL's calculated-cost leaky bucket. Starts from a configured guess and then follows
 * `extensions.cost.throttleStatus` from every response, so several Keeper nodes sharing one store's
 * bucket converge on what Shopify actually has left. A `THROTTLED` body pauses until enough points
 * for the requested cost have been restored.
 */
export class ShopifyCostLimiter extends TokenBucketLimiter {
  private readonly share: number;

  /**
   * @param options.share fraction of the store's bucket this client may use (default 1). Several
   * Keeper nodes, or other apps' jobs on the same token, each take their share so together they stay
   * under Shopify's limit even when their reports arrive late.
   */
  constructor(options: { maximumAvailable?: number; restoreRate?: number; share?: number; clock?: Clock } = {}) {
    const share = options.share ?? 1;
    if (!(share > 0 && share <= 1)) throw new RangeError('share must be in (0, 1]');
    super({ capacity: (options.maximumAvailable ?? 1000) * share, ratePerSecond: (options.restoreRate ?? 50) * share, clock: options.clock });
    this.share = share;
  }

  observe(observation: ResponseObservation): void {
    const cost = readShopifyCost(observation.body);
    if (!cost?.throttleStatus) return;
    const status = cost.throttleStatus;
    this.refill();
    this.capacity = status.maximumAvailable * this.share;
    this.rate = status.restoreRate * this.share;
    // Reports describe the bucket when the server handled that call; calls sent since then have
    // spent more. Only ever lower the estimate from a report, refill raises it again.
    this.tokens = Math.min(this.tokens, status.currentlyAvailable, this.capacity);
    if (isShopifyThrottled(observation.body)) {
      const needed = Math.max(0, (cost.requestedQueryCost ?? 0) - status.currentlyAvailable);
      this.pause(Math.ceil((needed / status.restoreRate) * 1000));
    }
  }

  /** How long to wait before retrying a THROTTLED response, from the body's own numbers. */
  static retryAfterMs(body: unknown): number | null {
    const cost = readShopifyCost(body);
    const status = cost?.throttleStatus;
    if (!status || status.restoreRate <= 0) return null;
    const needed = Math.max(0, (cost.requestedQueryCost ?? 0) - status.currentlyAvailable);
    return Math.ceil((needed / status.restoreRate) * 1000);
  }
}

function readShopifyCost(body: unknown): { requestedQueryCost?: number; throttleStatus?: ShopifyThrottleStatus } | null {
  if (typeof body !== 'object' || body === null) return null;
  const extensions = (body as { extensions?: { cost?: unknown } }).extensions;
  const cost = extensions?.cost;
  return typeof cost === 'object' && cost !== null ? (cost as { requestedQueryCost?: number; throttleStatus?: ShopifyThrottleStatus }) : null;
}

/** True for Shopify's throttle error, which may arrive with HTTP 200. */
export function isShopifyThrottled(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const errors = (body as { errors?: unknown }).errors;
  return (
    Array.isArray(errors) &&
    errors.some((e) => typeof e === 'object' && e !== null && (e as { extensions?: { code?: unknown } }).extensions?.code === 'THROTTLED')
  );
}

/** No limit: for in-house ERPs without one (Odoo, Magento) where only timeouts and breakers matter. */
export const unlimited: RateLimiter = { acquire: async () => undefined, pause: () => undefined };

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
