import { afterEach, describe, expect, it } from 'vitest';
import { Sequencer } from './sequencer.js';
import type { TopicEvent } from './topic.js';

const ev = (key: string, seq: number): TopicEvent => ({ key, seq });
const orderOf = (_topic: string, event: TopicEvent) => (typeof event.seq === 'number' ? { key: String(event.key), seq: event.seq } : null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Sequencer', () => {
  let seq: Sequencer | undefined;
  afterEach(() => seq?.close());

  function make(holdMs = 30) {
    const out: string[] = [];
    const stats = { orderHeld: 0, orderTimeouts: 0, orderLate: 0 };
    seq = new Sequencer(orderOf, (_t, e) => out.push(e.seq === undefined ? String(e.note) : `${e.key}${e.seq}`), holdMs, stats);
    return { out, stats, s: seq };
  }

  it('passes events in order and unordered events straight through', () => {
    const { out, stats, s } = make();
    s.push('t', ev('a', 1));
    s.push('t', { note: 'opened' });
    s.push('t', ev('a', 2));
    expect(out).toEqual(['a1', 'opened', 'a2']);
    expect(stats).toEqual({ orderHeld: 0, orderTimeouts: 0, orderLate: 0 });
  });

  it('holds an event that overtook an earlier seq until that one arrives, per key', () => {
    const { out, stats, s } = make();
    s.push('t', ev('a', 1));
    s.push('t', ev('b', 1));
    s.push('t', ev('a', 4));
    s.push('t', ev('a', 3));
    s.push('t', ev('b', 2)); // another key is not held up
    expect(out).toEqual(['a1', 'b1', 'b2']);
    expect(s.heldCount).toBe(2);
    s.push('t', ev('a', 2));
    expect(out).toEqual(['a1', 'b1', 'b2', 'a2', 'a3', 'a4']);
    expect(stats.orderHeld).toBe(2);
    expect(s.heldCount).toBe(0);
  });

  it('sends a held event after the hold time when the missing seq never comes, and a late one still goes', async () => {
    const { out, stats, s } = make(20);
    s.push('t', ev('a', 1));
    s.push('t', ev('b', 3)); // first seen mid-stream: waits for earlier seqs, then starts there
    s.push('t', ev('b', 2));
    s.push('t', ev('a', 3));
    expect(out).toEqual(['a1']);
    await sleep(80);
    const of = (k: string) => out.filter((x) => x.startsWith(k));
    expect(of('a')).toEqual(['a1', 'a3']);
    expect(of('b')).toEqual(['b2', 'b3']);
    expect(stats.orderTimeouts).toBe(1);
    s.push('t', ev('a', 2)); // never dropped
    s.push('t', ev('a', 4));
    s.push('t', ev('b', 4));
    expect(of('a')).toEqual(['a1', 'a3', 'a2', 'a4']);
    expect(of('b')).toEqual(['b2', 'b3', 'b4']);
    expect(stats.orderLate).toBe(1);
  });

  it('flushes what it holds, in seq order, when closed', () => {
    const { out, s } = make(10_000);
    s.push('t', ev('a', 1));
    s.push('t', ev('a', 5));
    s.push('t', ev('a', 3));
    s.close();
    expect(out).toEqual(['a1', 'a3', 'a5']);
  });
});
