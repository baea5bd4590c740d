import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuBetween, cpuByPid, processCpuTimes } from './proc.js';

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

describe('cpuByPid and cpuBetween', () => {
  it('count a process that appeared from its start and one that exited as nothing', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const sample = cpuByPid([process.pid, gone]);
    expect([...sample.keys()]).toEqual([process.pid]);
    expect(cpuBetween(new Map([[1, 5], [2, 1]]), new Map([[1, 7], [3, 4]]))).toBe(2 + 4);
    // A pid whose counter went down (reused by another process) adds nothing rather than subtracting.
    expect(cpuBetween(new Map([[1, 9]]), new Map([[1, 2]]))).toBe(0);
  });
});
