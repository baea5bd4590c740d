import { describe, expect, it } from 'vitest';
import { createTickBatcher } from './tick-batcher.js';

describe('createTickBatcher', () => {
  it('answers the lookups of one turn with one load, each with its own value', async () => {
    const calls: string[][] = [];
    const batcher = createTickBatcher(async (keys: string[]) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    });
    const results = await Promise.all([batcher.get('a'), batcher.get('b'), batcher.get('a'), batcher.get('missing')]);
    expect(results).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
    expect(await batcher.get('c')).toBe('C');
    expect(calls).toHaveLength(2);
  });

  it('splits a turn larger than maxBatch and rejects only the failed slice', async () => {
    const batcher = createTickBatcher(async (keys: number[]) => {
      if (keys.includes(3)) throw new Error('boom');
      return new Map(keys.map((k) => [k, k * 10]));
    }, 2);
    const results = await Promise.allSettled([1, 2, 3, 4].map((k) => batcher.get(k)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 'boom', 'boom']);
  });
});
