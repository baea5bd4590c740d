/** CPU seconds of a process in user space and in the kernel. */
export interface CpuTimes {
  user: number;
  system: number;
}

/** User and system CPU seconds a process has used (from /proc); undefined when it is gone. */
export function processCpuTimes(pid: number): CpuTimes | undefined;
