/** Time source for limiters, breakers and backoff, injectable so tests need not wait in real time. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A manual clock for unit tests: `sleep` resolves when `advance` passes its deadline. */
export class ManualClock implements Clock {
  private current: number;
  private waiters: Array<{ at: number; resolve: () => void }> = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ at: this.current + ms, resolve }));
  }

  /** Moves time forward, waking sleepers in deadline order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flush();
    for (;;) {
      this.waiters.sort((a, b) => a.at - b.at);
      const next = this.waiters[0];
      if (!next || next.at > target) break;
      this.waiters.shift();
      this.current = next.at;
      next.resolve();
      // Let the woken continuation run (and possibly sleep again) before moving on.
      await flush();
    }
    this.current = target;
  }

  get pending(): number {
    return this.waiters.length;
  }
}

/** Runs every queued microtask (promise continuation) before returning. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
