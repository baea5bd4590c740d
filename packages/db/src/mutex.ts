/** A FIFO async mutex: `run` waits for every earlier `run` to settle before starting `fn`. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    // The next waiter starts when this one settles, whether it resolved or rejected.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
