import { describe, expect, it } from 'vitest';
import { onSparePort } from './ports.js';

describe('onSparePort', () => {
  it('starts on a port below the ephemeral range and tries another while the port is taken', async () => {
    const tried: number[] = [];
    const result = await onSparePort(async (port) => {
      tried.push(port);
      if (tried.length < 3) throw new Error(`listen EADDRINUSE: address already in use 0.0.0.0:${port}`);
      return `up on ${port}`;
    });
    expect(tried).toHaveLength(3);
    for (const port of tried) expect(port >= 20000 && port < 32000).toBe(true);
    expect(result).toBe(`up on ${tried[2]}`);
  });

  it('passes any other failure on at once, and gives up after the attempts', async () => {
    let calls = 0;
    await expect(
      onSparePort(async () => {
        calls++;
        throw new Error('server exited with 1: bad config');
      }),
    ).rejects.toThrow('bad config');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      onSparePort(async () => {
        calls++;
        throw new Error('EADDRINUSE');
      }, 4),
    ).rejects.toThrow('EADDRINUSE');
    expect(calls).toBe(4);
  });
});
