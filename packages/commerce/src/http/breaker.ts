import { type Clock, systemClock } from './clock.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call is let through. */
  resetAfterMs?: number;
  clock?: Clock;
  onStateChange?: (state: BreakerState) => void;
}

/**
 * Stops calling a platform that keeps failing, so a chat full of agents does not queue on a dead
 * ERP's timeouts. Only outages count (5xx, network, timeout); a 404 or bad credentials do not.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private current: BreakerState = 'closed';
  private readonly threshold: number;
  private readonly resetAfterMs: number;
  private readonly clock: Clock;
  private readonly onStateChange?: (state: BreakerState) => void;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.resetAfterMs = options.resetAfterMs ?? 30_000;
    this.clock = options.clock ?? systemClock;
    this.onStateChange = options.onStateChange;
  }

  get state(): BreakerState {
    if (this.current === 'open' && this.clock.now() - this.openedAt >= this.resetAfterMs) return 'half_open';
    return this.current;
  }

  /** ms until a trial call is allowed; 0 when calls may go through. */
  retryInMs(): number {
    if (this.current !== 'open') return 0;
    return Math.max(0, this.openedAt + this.resetAfterMs - this.clock.now());
  }

  /** Asks to make a call. false means fail fast without calling. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    this.transition('half_open');
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.transition('closed');
  }

  recordFailure(): void {
    this.trialInFlight = false;
    this.failures += 1;
    if (this.current === 'half_open' || this.failures >= this.threshold) {
      this.openedAt = this.clock.now();
      this.transition('open');
    }
  }

  /** A call that ended without telling us about upstream health (e.g. a 404) releases a trial slot. */
  recordNeutral(): void {
    if (this.current === 'half_open') this.recordSuccess();
  }

  private transition(next: BreakerState): void {
    if (this.current === next) return;
    this.current = next;
    this.onStateChange?.(next);
  }
}
