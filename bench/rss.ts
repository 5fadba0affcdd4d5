import { readFileSync, writeFileSync } from "node:fs";

/**
 * Resident memory of a child process from /proc (Linux): VmRSS now, VmHWM the peak. Writing
 * "5" to /proc/<pid>/clear_refs resets the peak (proc(5)), so each scenario gets its own peak;
 * a sampler of VmRSS backs it up where the reset is not permitted. Elsewhere: null.
 */

function readKb(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(`${field}:`));
    const kb = line ? Number(line.replace(/\D+/g, "")) : NaN;
    return Number.isFinite(kb) ? kb : null;
  } catch {
    return null;
  }
}

/** Starts a peak measurement: resets VmHWM if allowed and samples VmRSS until `stop()`. */
export function watchPeakRss(pid: number, everyMs = 50): { stop(): number | null } {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    hwmReset = true;
  } catch {
    // Not permitted or not Linux: the sampled VmRSS peak is what we have.
  }
  let sampled = readKb(pid, "VmRSS") ?? 0;
  const timer = setInterval(() => (sampled = Math.max(sampled, readKb(pid, "VmRSS") ?? 0)), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const peakKb = Math.max(sampled, (hwmReset ? readKb(pid, "VmHWM") : null) ?? 0);
      return peakKb > 0 ? Math.round((peakKb / 1024) * 10) / 10 : null;
    },
  };
}
