import { readFileSync } from 'node:fs';

/**
 * User and system CPU seconds a process has used, from /proc/<pid>/stat (fields 14 and 15, in clock ticks of
 * 100 per second on Linux); undefined when the process is gone (or on a system without /proc). The benchmarks
 * read PostgreSQL's backends, Redis and their own child processes with it.
 */
export function processCpuTimes(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** User + system CPU seconds of each of `pids` that still exists, by pid: a sample for `cpuBetween`. */
export function cpuByPid(pids) {
  const byPid = new Map();
  for (const pid of pids) {
    const times = processCpuTimes(pid);
    if (times) byPid.set(pid, times.user + times.system);
  }
  return byPid;
}

/**
 * CPU seconds used between two `cpuByPid` samples, taken per pid over the processes of the second: one that
 * appeared in between counts from its start, one that exited in between counts nothing (never its past negated).
 * Sample the processes again each time (PostgreSQL's backends come and go).
 */
export function cpuBetween(before, after) {
  let seconds = 0;
  for (const [pid, now] of after) seconds += Math.max(0, now - (before.get(pid) ?? 0));
  return seconds;
}
