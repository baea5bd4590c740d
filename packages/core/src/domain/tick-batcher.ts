/**
 * Coalesces lookups by key made during one turn of the event loop into one call of `load`.
 *
 * Under load many requests are parsed from the same socket reads and reach the same read in the same
 * turn; answering them with one `WHERE id = ANY(...)` query instead of one query each saves a round
 * trip, a pool checkout and a write syscall per request. Nothing is cached: every `get` is answered by
 * a query issued after it was called, so a batched read is never staler than an unbatched one.
 */
export interface TickBatcher<K, V> {
  get(key: K): Promise<V | undefined>;
}

export function createTickBatcher<K, V>(load: (keys: K[]) => Promise<Map<K, V>>, maxBatch = 500): TickBatcher<K, V> {
  let pending = new Map<K, Array<{ resolve: (v: V | undefined) => void; reject: (e: unknown) => void }>>();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += maxBatch) {
      const slice = keys.slice(i, i + maxBatch);
      load(slice).then(
        (found) => {
          for (const key of slice) for (const waiter of batch.get(key)!) waiter.resolve(found.get(key));
        },
        (error: unknown) => {
          for (const key of slice) for (const waiter of batch.get(key)!) waiter.reject(error);
        },
      );
    }
  };

  return {
    get(key) {
      return new Promise((resolve, reject) => {
        const waiters = pending.get(key);
        if (waiters) waiters.push({ resolve, reject });
        else pending.set(key, [{ resolve, reject }]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
