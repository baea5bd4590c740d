import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { isShopifyThrottled, parseRetryAfter, ShopifyCostLimiter, TokenBucketLimiter } from './rate-limit.js';

describe('TokenBucketLimiter', () => {
  it('lets a burst through, then spaces calls at the refill rate, in order', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 2, capacity: 3, clock });
    const granted: Array<{ i: number; at: number }> = [];
    const calls = Array.from({ length: 6 }, (_, i) => limiter.acquire(1).then(() => granted.push({ i, at: clock.now() })));
    await clock.advance(0);
    for (let t = 0; t < 20; t++) await clock.advance(100);
    await Promise.all(calls);
    expect(granted.map((g) => g.i)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(granted.slice(0, 3).every((g) => g.at === 0)).toBe(true);
    // Never more than capacity + rate·t grants by any time t.
    for (const g of granted) expect(granted.filter((o) => o.at <= g.at).length).toBeLessThanOrEqual(3 + (g.at / 1000) * 2);
    expect(granted[5]!.at).toBeGreaterThanOrEqual(1500);
  });

  it('pause() stops everyone until the server-requested time has passed', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 100, capacity: 10, clock });
    limiter.pause(2000);
    let done = false;
    const call = limiter.acquire(1).then(() => {
      done = true;
    });
    await clock.advance(1999);
    expect(done).toBe(false);
    await clock.advance(20);
    await call;
    expect(done).toBe(true);
  });

  it('gives up when the caller aborts', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, capacity: 1, clock });
    await limiter.acquire(1);
    const controller = new AbortController();
    controller.abort(new Error('caller gone'));
    await expect(limiter.acquire(1, controller.signal)).rejects.toThrow('caller gone');
  });
});

describe('ShopifyCostLimiter', () => {
  const body = (available: number, requested = 10, throttled = false) => ({
    ...(throttled ? { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] } : { data: {} }),
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: throttled ? null : requested, throttleStatus: { maximumAvailable: 100, currentlyAvailable: available, restoreRate: 50 } } },
  });

  it('syncs its estimate from throttleStatus', () => {
    const clock = new ManualClock();
    const limiter = new ShopifyCostLimiter({ maximumAvailable: 1000, restoreRate: 50, clock });
    limiter.observe({ status: 200, headers: new Headers(), body: body(30) });
    expect(limiter.available()).toBe(30);
    // A stale report showing more than we think is left does not raise the estimate.
    limiter.observe({ status: 200, headers: new Headers(), body: body(90) });
    expect(limiter.available()).toBe(30);
  });

  it('on THROTTLED waits until the requested cost is restored', async () => {
    const clock = new ManualClock();
    const limiter = new ShopifyCostLimiter({ clock });
    const throttled = body(5, 55, true);
    expect(isShopifyThrottled(throttled)).toBe(true);
    expect(ShopifyCostLimiter.retryAfterMs(throttled)).toBe(1000);
    limiter.observe({ status: 200, headers: new Headers(), body: throttled });
    let done = false;
    const call = limiter.acquire(55).then(() => {
      done = true;
    });
    await clock.advance(999);
    expect(done).toBe(false);
    await clock.advance(200);
    await call;
    expect(done).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2.0')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
