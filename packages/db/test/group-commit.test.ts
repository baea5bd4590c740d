import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCommitter, type GroupCommitterOptions, openDatabase } from '../src/index.js';
import type { Database, Queryable } from '../src/types.js';
import { dialects, type OpenedTestDatabase } from './dialects.js';

interface Item {
  key: string;
  body: string;
}

/** Multi-row insert of a batch; ids come back in input order thanks to WITH ORDINALITY. */
async function insertBatch(tx: Queryable, items: readonly Item[]): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO gc_item (key, body)
     SELECT k, b FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(k, b, ord) ORDER BY ord
     RETURNING id`,
    [items.map((i) => i.key), items.map((i) => i.body)],
  );
  return rows.map((r) => r.id);
}

describe.each(dialects)('group commit on $name', (dialect) => {
  let opened: OpenedTestDatabase;
  let db: Database;
  /** Another connection (pg) for checking what is committed; PGlite only has one, and its queries wait for COMMIT. */
  let observer: Database;
  beforeAll(async () => {
    opened = await dialect.open();
    db = opened.db;
    observer = opened.url ? await openDatabase({ url: opened.url, poolSize: 1 }) : db;
    await db.query('CREATE TABLE gc_item (id serial PRIMARY KEY, key text UNIQUE NOT NULL, body text NOT NULL)');
  });
  afterAll(async () => {
    if (observer !== db) await observer.close();
    await opened.cleanup();
  });

  it('batches concurrent writes and answers each caller only after the commit', async () => {
    const committer = createGroupCommitter({ db, maxBatch: 32, maxWaitMs: 2, write: insertBatch });
    const visibleOnAck: boolean[] = [];
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const id = await committer.submit({ key: `a${i}`, body: `body ${i}` });
        // Acknowledged means committed: a different connection must see the row right now.
        const rows = await observer.query('SELECT 1 FROM gc_item WHERE id = $1 AND key = $2', [id, `a${i}`]);
        visibleOnAck.push(rows.length === 1);
        return id;
      }),
    );
    expect(new Set(results).size).toBe(200);
    expect(visibleOnAck.every(Boolean)).toBe(true);
    const stats = committer.stats();
    expect(stats.items).toBe(200);
    expect(stats.largestBatch).toBeLessThanOrEqual(32);
    expect(stats.batches).toBeLessThan(200 / 4);
    await committer.close();
  });

  it('fails every caller of a failed batch, stores nothing of it, and keeps going', async () => {
    const committer = createGroupCommitter({ db, maxBatch: 10, maxWaitMs: 5, write: insertBatch });
    // b3 duplicates a key already stored: its whole transaction must roll back.
    await committer.submit({ key: 'dup', body: 'first' });
    const outcomes = await Promise.allSettled(
      ['b1', 'b2', 'dup', 'b4'].map((key) => committer.submit({ key, body: 'second' })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    const reasons = new Set(outcomes.map((o) => (o.status === 'rejected' ? o.reason : undefined)));
    expect(reasons.size).toBe(1);
    expect(await db.query("SELECT key FROM gc_item WHERE key IN ('b1','b2','b4') OR body = 'second'")).toEqual([]);
    expect(committer.stats().failedBatches).toBe(1);
    // The committer is still usable afterwards.
    await expect(committer.submit({ key: 'after', body: 'ok' })).resolves.toEqual(expect.any(Number));
    await committer.close();
  });

  it("with onBatchError 'retry-each', only the item that fails alone is rejected", async () => {
    const committer = createGroupCommitter({ db, maxBatch: 10, maxWaitMs: 5, onBatchError: 'retry-each', write: insertBatch });
    const outcomes = await Promise.allSettled(
      ['c1', 'c2', 'dup', 'c4'].map((key) => committer.submit({ key, body: 'third' })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await db.query("SELECT key FROM gc_item WHERE body = 'third' ORDER BY key")).toEqual([
      { key: 'c1' },
      { key: 'c2' },
      { key: 'c4' },
    ]);
    expect(committer.stats()).toMatchObject({ failedBatches: 1 });
    await committer.close();
  });
});

describe('group committer mechanics', () => {
  /** A transaction double that records batches and lets the test decide when each one commits. */
  function fakeDb() {
    const commits: Array<() => void> = [];
    const db = {
      transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
        const result = await fn({ query: async () => [], exec: async () => {} });
        await new Promise<void>((resolve) => commits.push(resolve));
        return result;
      },
    };
    return { db, commits };
  }

  /** A committer on `fakeDb` whose write echoes its items and records every batch. */
  function echoCommitter<T>(options: Omit<GroupCommitterOptions<T, T>, 'db' | 'write'>) {
    const { db, commits } = fakeDb();
    const batches: T[][] = [];
    const committer = createGroupCommitter<T, T>({
      ...options,
      db,
      write: async (_tx, items) => {
        batches.push([...items]);
        return [...items];
      },
    });
    return { committer, batches, commits };
  }

  it('queues while a transaction is in flight and sends the queue as the next batch', async () => {
    const { db, commits } = fakeDb();
    const batches: number[][] = [];
    const committer = createGroupCommitter<number, number>({
      db,
      maxBatch: 100,
      write: async (_tx, items) => {
        batches.push([...items]);
        return items.map((i) => i * 10);
      },
    });
    const first = committer.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    const later = [2, 3, 4].map((i) => committer.submit(i));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[1]]);
    let firstResolved = false;
    void first.then(() => {
      firstResolved = true;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(firstResolved).toBe(false); // not before COMMIT
    commits.shift()?.();
    expect(await first).toBe(10);
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    commits.shift()?.();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('splits at maxBatch, waits maxWaitMs for company, and rejects after close', async () => {
    const sizes: number[] = [];
    const db = { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => fn({ query: async () => [], exec: async () => {} }) };
    const committer = createGroupCommitter<number, number>({
      db,
      maxBatch: 4,
      maxWaitMs: 20,
      maxConcurrent: 2,
      write: async (_tx, items) => {
        sizes.push(items.length);
        return [...items];
      },
    });
    const started = performance.now();
    expect(await committer.submit(0)).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    await Promise.all(Array.from({ length: 10 }, (_, i) => committer.submit(i)));
    expect(sizes).toEqual([1, 4, 4, 2]);
    await committer.close();
    await expect(committer.submit(1)).rejects.toThrow(/closed/);
  });

  it('with minBatchWhileBusy, starts another transaction beside one in flight only for that many items', async () => {
    const { committer, batches, commits } = echoCommitter<number>({ maxConcurrent: 4, minBatchWhileBusy: 3 });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const all: Promise<number>[] = [committer.submit(1)];
    await tick();
    expect(batches).toEqual([[1]]); // nothing in flight: at once
    all.push(committer.submit(2), committer.submit(3));
    await tick();
    expect(batches).toEqual([[1]]); // 2 queued < 3: they wait for the commit
    all.push(committer.submit(4));
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]); // 3 queued: a second transaction beside the first
    all.push(committer.submit(5));
    await tick();
    expect(batches).toHaveLength(2);
    commits.shift()?.();
    await tick();
    expect(batches).toHaveLength(2); // [2, 3, 4] is still in flight: 5 waits for it, or for company
    commits.shift()?.();
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4], [5]]); // nothing in flight: what waited goes
    commits.shift()?.();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5]);
    await committer.close();
  });

  it('with keyOf, starts a transaction beside running ones only with items whose key they do not hold, in order per key', async () => {
    // 'a1' and 'a2' write to key a, ...
    const { committer, batches, commits } = echoCommitter<string>({ maxConcurrent: 3, maxBatch: 3, minBatchWhileBusy: 2, keyOf: (item) => item[0]! });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const all: Promise<string>[] = [committer.submit('a1'), committer.submit('b1')];
    await tick();
    expect(batches).toEqual([['a1', 'b1']]);
    // a and b are held: only c1 and d1 may go beside, and they are enough (minBatchWhileBusy 2).
    all.push(committer.submit('a2'), committer.submit('c1'), committer.submit('b2'));
    await tick();
    expect(batches).toHaveLength(1); // one free item (c1) < 2
    all.push(committer.submit('d1'));
    // Two free: a second transaction starts with them at once, a2 and b2 skipped (their keys are held).
    all.push(committer.submit('c2')); // c is held now: c2 waits, behind c1
    await tick();
    expect(batches).toEqual([['a1', 'b1'], ['c1', 'd1']]);
    commits.shift()?.(); // a1 b1 commit: a2 b2 are free, and enough
    await tick();
    expect(batches).toEqual([['a1', 'b1'], ['c1', 'd1'], ['a2', 'b2']]);
    commits.shift()?.(); // c1 d1 commit
    await tick();
    expect(batches).toHaveLength(3); // c2 alone < 2 beside a2 b2
    commits.shift()?.();
    await tick();
    expect(batches).toEqual([['a1', 'b1'], ['c1', 'd1'], ['a2', 'b2'], ['c2']]);
    commits.shift()?.();
    expect(await Promise.all(all)).toEqual(['a1', 'b1', 'a2', 'c1', 'b2', 'd1', 'c2']);
    await committer.close();
  });

  it('with keyOf, under random arrivals and commit orders: no key in two transactions at once, every item once, in order per key', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const keyOf = (item: string) => item.split(':')[0]!;
    const { committer, batches, commits } = echoCommitter<string>({ maxConcurrent: 3, maxBatch: 4, minBatchWhileBusy: 1, keyOf });
    const results = new Set<string>();
    const submitted: string[] = [];
    const answered: string[] = [];
    let checked = 0;
    // A batch is in flight until its items are answered (they are, before the commit lets another batch start).
    const checkNewBatches = () => {
      for (; checked < batches.length; checked++) {
        const keys = new Set(batches[checked]!.map(keyOf));
        for (const earlier of batches.slice(0, checked)) {
          if (earlier.every((item) => results.has(item))) continue;
          for (const item of earlier) expect(keys.has(keyOf(item))).toBe(false);
        }
      }
    };
    const tick = async () => {
      await new Promise((r) => setImmediate(r));
      checkNewBatches();
    };
    for (let i = 0; i < 300; i++) {
      const item = `k${Math.floor(random() * 7)}:${i}`;
      submitted.push(item);
      void committer.submit(item).then((r) => {
        results.add(r);
        answered.push(r);
      });
      if (random() < 0.4) await tick();
      if (commits.length > 0 && random() < 0.5) {
        commits.splice(Math.floor(random() * commits.length), 1)[0]!();
        await tick();
      }
    }
    while (answered.length < submitted.length) {
      commits.shift()?.();
      await tick();
    }
    expect([...answered].sort()).toEqual([...submitted].sort());
    const ofKey = (list: string[], key: string) => list.filter((x) => keyOf(x) === key);
    for (let k = 0; k < 7; k++) expect(ofKey(answered, `k${k}`)).toEqual(ofKey(submitted, `k${k}`));
    expect(batches.length).toBeGreaterThan(50);
    // A transaction starts only with something to write (the free-item count never runs ahead of the queue).
    expect(batches.filter((batch) => batch.length === 0)).toEqual([]);
    await committer.close();
  });

  it('with minBatchWhileBusy, flush and close still send a short queue', async () => {
    const { db, commits } = fakeDb();
    const committer = createGroupCommitter<number, number>({ db, maxConcurrent: 2, minBatchWhileBusy: 100, write: async (_tx, items) => [...items] });
    const first = committer.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    const second = committer.submit(2);
    const closed = committer.close();
    commits.shift()?.();
    await new Promise((r) => setTimeout(r, 5));
    commits.shift()?.();
    await closed;
    expect(await Promise.all([first, second])).toEqual([1, 2]);
  });

  it('rejects the whole batch when write returns the wrong number of results', async () => {
    const db = { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => fn({ query: async () => [], exec: async () => {} }) };
    const committer = createGroupCommitter<number, number>({ db, write: async () => [1] });
    const outcomes = await Promise.allSettled([committer.submit(1), committer.submit(2)]);
    expect(outcomes.every((o) => o.status === 'rejected' && /returned 1 results for 2 items/.test(String(o.reason)))).toBe(true);
  });

  it('validates its options', () => {
    const db = { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => fn({ query: async () => [], exec: async () => {} }) };
    expect(() => createGroupCommitter({ db, maxBatch: 0, write: async () => [] })).toThrow(/maxBatch/);
    expect(() => createGroupCommitter({ db, maxWaitMs: -1, write: async () => [] })).toThrow(/maxWaitMs/);
    expect(() => createGroupCommitter({ db, minBatchWhileBusy: 0, write: async () => [] })).toThrow(/minBatchWhileBusy/);
    expect(() => createGroupCommitter({ db, minBatchWhileBusy: 1.5, write: async () => [] })).toThrow(/minBatchWhileBusy/);
  });
});
