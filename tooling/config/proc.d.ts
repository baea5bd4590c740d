/** CPU seconds of a process in user space and in the kernel. */
export interface CpuTimes {
  user: number;
  system: number;
}

/** User and system CPU seconds a process has used (from /proc); undefined when it is gone. */
export function processCpuTimes(pid: number): CpuTimes | undefined;

/** User + system CPU seconds of each of `pids` that still exists, by pid: a sample for `cpuBetween`. */
export function cpuByPid(pids: Iterable<number>): Map<number, number>;

/** CPU seconds used between two `cpuByPid` samples, per pid over the processes of the second. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number;
