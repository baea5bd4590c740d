import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processCpuTimes } from './proc.js';

describe('processCpuTimes', () => {
  it("reads this process's user and system time, which grow with work", () => {
    const before = processCpuTimes(process.pid);
    let x = 0;
    const until = Date.now() + 60;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const after = processCpuTimes(process.pid);
    expect(x).toBeGreaterThan(0);
    expect(before.user).toBeGreaterThan(0);
    expect(before.system).toBeGreaterThanOrEqual(0);
    expect(after.user + after.system).toBeGreaterThan(before.user + before.system);
  });

  it('answers undefined for a process that is gone', () => {
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.status).toBe(0);
    expect(processCpuTimes(child.pid)).toBeUndefined();
  });
});
