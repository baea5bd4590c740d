import { describe, expect, it } from 'vitest';
import { isUuid, uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('is a version-7, RFC 9562 variant UUID carrying the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 27, 3, 45, 6, 789);
    const id = uuidv7(at);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts by time, and is unique within a millisecond', () => {
    const ids = [1, 2, 255, 256, 65_536, 2 ** 32, 2 ** 40].map((ms) => uuidv7(1_700_000_000_000 + ms));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 10_000 }, () => uuidv7(1_700_000_000_000)));
    expect(same.size).toBe(10_000);
    for (const id of same) expect(id.slice(0, 13)).toBe(uuidv7(1_700_000_000_000).slice(0, 13));
  });
});
