import { silentLogger } from './logger.js';
import type { DbLogger, Queryable } from './types.js';

/**
 * Whatever runs a callback in one transaction: the `Database` (tx is a `Queryable`), or a Prisma client
 * (`{ transaction: (fn) => prisma.$transaction(fn) }`, tx is its transaction client).
 */
export interface TransactionRunner<Tx> {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface GroupCommitterOptions<I, R, Tx = Queryable> {
  db: TransactionRunner<Tx>;
  /** Most items in one transaction (default 256). */
  maxBatch?: number;
  /**
   * How long the first item of an idle committer waits for company (default 0: the next macrotask, which
   * already gathers every request that arrived in the same I/O turn). While a transaction is in flight,
   * new items queue anyway and go in the next one as soon as it commits.
   */
  maxWaitMs?: number;
  /** Transactions in flight at once (default 1; PGlite runs one at a time regardless). */
  maxConcurrent?: number;
  /**
   * While a transaction is in flight, another one starts only once this many items are queued (default 1: at
   * once). Until then they wait until none is in flight and all go in one: fewer, fuller transactions under
   * load (a statement costs the database far more than an item in it), a wait no longer than the transactions
   * already running, and none at all when nothing is in flight.
   */
  minBatchWhileBusy?: number;
  /**
   * What an item writes to that another transaction would wait for (a conversation whose row the write locks).
   * With it, a transaction that starts beside running ones takes only items whose key none of them holds; the
   * others wait for the next one, in order. Concurrent transactions then never queue on each other's row locks
   * (one that did gained nothing by running beside the other and cost it a wake-up), and `minBatchWhileBusy`
   * counts only the items that may go. Without it, items go in arrival order whatever they touch.
   */
  keyOf?: (item: I) => string;
  /**
   * Writes all `items` inside `tx` and returns one result per item, in order. Must be all-or-nothing per
   * batch (it is: it runs in one transaction) and should be idempotent per item where callers retry.
   */
  write: (tx: Tx, items: readonly I[]) => Promise<readonly R[]>;
  /**
   * When a batch's transaction fails: `'fail-all'` (default) rejects every caller in it with that error;
   * `'retry-each'` then writes each item again in its own transaction, so only the items that fail alone
   * are rejected (one bad item no longer fails its neighbours; costs one transaction per item, only then).
   */
  onBatchError?: 'fail-all' | 'retry-each';
  logger?: DbLogger;
}

export interface GroupCommitStats {
  batches: number;
  items: number;
  failedBatches: number;
  largestBatch: number;
}

export interface GroupCommitter<I, R> {
  /** Resolves with the item's result only after its transaction committed; rejects if it rolled back. */
  submit(item: I): Promise<R>;
  /** Resolves when everything submitted so far has committed or failed. */
  flush(): Promise<void>;
  /** Stops accepting items (submit rejects) and waits for the queued ones. */
  close(): Promise<void>;
  stats(): GroupCommitStats;
}

interface Pending<I, R> {
  item: I;
  /** `keyOf(item)`, or null without `keyOf`. */
  key: string | null;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent writers share one transaction, so N writes cost one COMMIT (one WAL flush)
 * instead of N. Each caller is answered only after that COMMIT, so an acknowledged write is durable; when
 * the transaction fails, every caller in it gets the error and nothing of the batch is stored.
 */
export function createGroupCommitter<I, R, Tx = Queryable>(options: GroupCommitterOptions<I, R, Tx>): GroupCommitter<I, R> {
  const maxBatch = options.maxBatch ?? 256;
  const maxWaitMs = options.maxWaitMs ?? 0;
  const maxConcurrent = options.maxConcurrent ?? 1;
  const minBatchWhileBusy = options.minBatchWhileBusy ?? 1;
  const logger = options.logger ?? silentLogger;
  const onBatchError = options.onBatchError ?? 'fail-all';
  const keyOf = options.keyOf;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${maxBatch}`);
  if (!(maxWaitMs >= 0)) throw new Error(`maxWaitMs must be >= 0, got ${maxWaitMs}`);
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new Error(`maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  if (!Number.isInteger(minBatchWhileBusy) || minBatchWhileBusy < 1) throw new Error(`minBatchWhileBusy must be a positive integer, got ${minBatchWhileBusy}`);

  const queue: Array<Pending<I, R>> = [];
  /**
   * The transactions in flight, each with the keys of its items (with `keyOf`; a key is in one at most).
   * Per transaction, not one long-lived Set: a long-lived Set or Map that gains and loses an entry per item
   * rehashes its table straight into V8's old generation, garbage that only a mark-compact frees.
   */
  const running: Array<{ done: Promise<void>; keys: Set<string> | null }> = [];
  const stats: GroupCommitStats = { batches: 0, items: 0, failedBatches: 0, largestBatch: 0 };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  /** With `keyOf`: how many queued items each key has. Made anew whenever it empties (see `running`). */
  let queuedByKey = new Map<string, number>();
  /** Queued items that may go beside the transactions in flight: those whose key none holds (all, without `keyOf`). */
  let free = 0;

  const isHeld = (key: string) => {
    for (const transaction of running) if (transaction.keys?.has(key)) return true;
    return false;
  };
  const isFree = (pending: Pending<I, R>) => pending.key === null || !isHeld(pending.key);
  const queued = (key: string, by: number) => {
    const n = (queuedByKey.get(key) ?? 0) + by;
    if (n !== 0) queuedByKey.set(key, n);
    else if (queuedByKey.size === 1) queuedByKey = new Map();
    else queuedByKey.delete(key);
  };
  /**
   * A batch leaves the queue and takes its keys: its items are no longer free, nor are their keys' queued ones.
   * Returns the keys it holds (null without `keyOf`).
   */
  function hold(batch: ReadonlyArray<Pending<I, R>>): Set<string> | null {
    free -= batch.length;
    if (!keyOf) return null;
    for (const pending of batch) queued(pending.key!, -1);
    const keys = new Set<string>();
    for (const pending of batch) {
      if (keys.has(pending.key!)) continue;
      keys.add(pending.key!);
      free -= queuedByKey.get(pending.key!) ?? 0;
    }
    return keys;
  }
  /** A batch committed or failed (and left `running`): its keys' queued items are free again. */
  function release(keys: Set<string>): void {
    for (const key of keys) free += queuedByKey.get(key) ?? 0;
  }

  /** Whether another transaction may start now (one in flight starts the next when it commits). */
  function mayStart(): boolean {
    return queue.length > 0 && running.length < maxConcurrent && (running.length === 0 || free >= minBatchWhileBusy);
  }

  /** The next batch: the first `maxBatch` queued items, or with `keyOf` and transactions in flight, the first free ones. */
  function takeBatch(): Array<Pending<I, R>> {
    if (!keyOf || running.length === 0) return queue.splice(0, maxBatch);
    const batch: Array<Pending<I, R>> = [];
    const rest: Array<Pending<I, R>> = [];
    for (const pending of queue) {
      // Once the batch is full everything stays, so a key's later items never overtake its earlier ones.
      if (batch.length < maxBatch && isFree(pending)) batch.push(pending);
      else rest.push(pending);
    }
    queue.length = 0;
    for (const pending of rest) queue.push(pending);
    return batch;
  }

  function schedule(): void {
    if (!mayStart()) return;
    if (queue.length >= maxBatch) {
      clearTimeout(timer);
      timer = undefined;
      start();
      return;
    }
    timer ??= setTimeout(() => {
      timer = undefined;
      start();
    }, maxWaitMs);
  }

  function start(): void {
    while (mayStart()) {
      const batch = takeBatch();
      const transaction = { done: Promise.resolve(), keys: hold(batch) };
      transaction.done = commit(batch).finally(() => {
        running.splice(running.indexOf(transaction), 1);
        if (transaction.keys) release(transaction.keys);
        // Whatever queued during this transaction goes next, without waiting again (once `mayStart` allows).
        if (queue.length > 0) start();
      });
      running.push(transaction);
    }
  }

  async function commit(batch: Array<Pending<I, R>>): Promise<void> {
    stats.batches++;
    stats.items += batch.length;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    let results: readonly R[];
    try {
      results = await writeInTransaction(batch);
    } catch (error) {
      stats.failedBatches++;
      logger.warn({ err: error, items: batch.length }, 'group commit batch rolled back');
      if (onBatchError === 'retry-each' && batch.length > 1) {
        // Sequential, in submission order: each item commits (and is answered) or fails on its own.
        for (const pending of batch) {
          try {
            const [result] = await writeInTransaction([pending]);
            pending.resolve(result as R);
          } catch (itemError) {
            pending.reject(itemError);
          }
        }
        return;
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const [index, pending] of batch.entries()) pending.resolve(results[index] as R);
  }

  function writeInTransaction(batch: Array<Pending<I, R>>): Promise<readonly R[]> {
    return options.db.transaction(async (tx) => {
      const written = await options.write(
        tx,
        batch.map((p) => p.item),
      );
      // Checked inside the transaction so a wrong count rolls the batch back rather than half-answering.
      if (written.length !== batch.length) {
        throw new Error(`group commit write() returned ${written.length} results for ${batch.length} items`);
      }
      return written;
    });
  }

  async function flush(): Promise<void> {
    while (queue.length > 0 || running.length > 0) {
      if (running.length === 0) {
        clearTimeout(timer);
        timer = undefined;
        start();
      }
      await Promise.allSettled(running.map((transaction) => transaction.done));
    }
  }

  return {
    submit(item: I): Promise<R> {
      if (closed) return Promise.reject(new Error('group committer is closed'));
      return new Promise<R>((resolve, reject) => {
        const pending: Pending<I, R> = { item, key: keyOf ? keyOf(item) : null, resolve, reject };
        queue.push(pending);
        if (pending.key !== null) queued(pending.key, 1);
        if (isFree(pending)) free++;
        schedule();
      });
    },
    flush,
    async close(): Promise<void> {
      closed = true;
      await flush();
    },
    stats: () => ({ ...stats }),
  };
}
