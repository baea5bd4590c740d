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
