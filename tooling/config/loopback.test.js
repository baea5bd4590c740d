import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loopbackCalibration, loopbackLine } from './loopback.js';

const children = () => {
  try {
    return execFileSync('pgrep', ['-f', 'tooling/config/loopback.js (echo|ping)']).toString().trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
};

describe('loopback calibration', () => {
  it('measures a round trip between two processes and leaves none behind', async () => {
    const { microseconds } = await loopbackCalibration();
    // A loopback round trip takes microseconds to a few milliseconds on any machine; 0 or NaN would be a broken timer.
    expect(microseconds).toBeGreaterThan(1);
    expect(microseconds).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(children()).toBe('');
  });

  it('prints the line the benchmarks show', async () => {
    expect(await loopbackLine()).toMatch(/^loopback: \d+\.\d µs per round trip of a 200-byte message between two processes over loopback TCP/);
  });
});
