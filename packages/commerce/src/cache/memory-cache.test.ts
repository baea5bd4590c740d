import { describe, expect, it } from 'vitest';
import { ManualClock } from '../http/clock.js';
import { CacheLoader } from './cache.js';
import { MemoryCache } from './memory-cache.js';

describe('MemoryCache', () => {
  it('expires entries after their TTL', async () => {
    const clock = new ManualClock();
    const cache = new MemoryCache({ clock });
    await cache.set('a', { n: 1 }, 100);
    expect(await cache.get('a')).toEqual({ n: 1 });
    await clock.advance(100);
    expect(await cache.get('a')).toBeUndefined();
  });

  it('evicts the least recently used entry when full', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 10_000);
    await cache.set('b', 2, 10_000);
    await cache.get('a');
    await cache.set('c', 3, 10_000);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('hands out copies so callers cannot mutate the cached value', async () => {
    const cache = new MemoryCache();
    await cache.set('a', { list: [1] }, 1000);
    const first = await cache.get<{ list: number[] }>('a');
    first?.list.push(2);
    expect(await cache.get('a')).toEqual({ list: [1] });
  });
});

describe('CacheLoader', () => {
  it('collapses concurrent loads of one key into one upstream call', async () => {
    const loader = new CacheLoader(new MemoryCache());
    let calls = 0;
    const load = () => loader.load('k', 1000, async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 10));
      return 'v';
    });
    expect(await Promise.all([load(), load(), load()])).toEqual(['v', 'v', 'v']);
    expect(await load()).toBe('v');
    expect(calls).toBe(1);
  });

  it('does not cache failures', async () => {
    const loader = new CacheLoader(new MemoryCache());
    await expect(loader.load('k', 1000, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await loader.load('k', 1000, async () => 'ok')).toBe('ok');
  });
});
