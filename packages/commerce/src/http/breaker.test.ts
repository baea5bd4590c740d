import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { ManualClock } from './clock.js';

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, half-opens after the cool-down, closes on success', async () => {
    const clock = new ManualClock();
    const states: string[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 1000, clock, onStateChange: (s) => states.push(s) });
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
    }
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    await clock.advance(1000);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    // Only one trial at a time.
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half_open', 'closed']);
  });

  it('a failed trial re-opens for another full cool-down', async () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 500, clock });
    breaker.tryAcquire();
    breaker.recordFailure();
    await clock.advance(500);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.retryInMs()).toBe(500);
  });

  it('successes reset the failure count', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2 });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });
});
