import { readFileSync } from "node:fs";

/**
 * This process's own peak RSS in MiB (one decimal). Linux's `VmHWM` (/proc/self/status) is the
 * high-water mark of this process's memory since it was exec'd. `process.resourceUsage().maxRSS`
 * is not: the kernel keeps a process's maxrss across execve, and a spawned child starts as a fork
 * of its parent, so the child reports at least the parent's RSS at the spawn (a ~60 MB child of a
 * 400 MiB parent reports 406 MB: test/bench/peak-rss.test.ts). maxRSS is the fallback where
 * /proc is absent.
 */
export function peakRssMb(status = readStatus()): number {
  const kb = status ? /^VmHWM:\s*(\d+)\s*kB$/m.exec(status)?.[1] : undefined;
  return Math.round((kb ? Number(kb) : process.resourceUsage().maxRSS) / 102.4) / 10;
}

function readStatus(): string | undefined {
  try {
    return readFileSync("/proc/self/status", "utf8");
  } catch {
    return undefined;
  }
}
