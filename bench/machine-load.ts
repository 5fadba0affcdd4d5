import { readFileSync } from "node:fs";

/**
 * How much of the machine other work took during the run: CPU time of the whole machine
 * (/proc/stat) minus that of the benchmark and its children (/proc/<pid>/stat). On a shared
 * machine the milliseconds depend on it; call counts and floors do not. Linux only; elsewhere null.
 */

interface Snapshot {
  total: number;
  busy: number;
  byPid: Map<number, number>;
}

function pidTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state is field 3, utime 14, stime 15, and cutime 16, cstime 17: the
    // CPU time of children already reaped (the API processes replaced during the run) (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  } catch {
    return 0;
  }
}

export function cpuSnapshot(pids: readonly number[]): Snapshot | null {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values.map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { total, busy: total - idle - iowait, byPid: new Map(pids.map((p) => [p, pidTicks(p)])) };
  } catch {
    return null;
  }
}

/** Share of the machine's CPU capacity used by processes other than `pids` between two snapshots. */
export function othersShare(start: Snapshot | null, end: Snapshot | null): number | null {
  if (!start || !end || end.total <= start.total) return null;
  let ours = 0;
  for (const [pid, ticks] of end.byPid) ours += ticks - (start.byPid.get(pid) ?? 0);
  const others = end.busy - start.busy - ours;
  return Math.max(0, Math.round((others / (end.total - start.total)) * 1000) / 1000);
}
