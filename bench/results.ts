import { cpus, loadavg, totalmem } from "node:os";
import type { BenchOptions } from "./args.js";
import type { Feature } from "./features.js";
import type { Fixtures } from "./fixtures.js";
import type { InProcessReport } from "./in-process.js";
import type { ModeResult } from "./measure.js";
import type { Scenario } from "./scenarios.js";
import type { Mode } from "./stack.js";

/** The shape of bench/results/latest.json: everything docs/benchmarks.md is rendered from. */

export interface ScenarioResult {
  id: Scenario["id"];
  title: string;
  source: string;
  wants: Feature[];
  /** Parts of the graph the schema lacked: the scenario ran without them (or not at all). */
  missing: Feature[];
  complete: boolean;
  modes: Partial<Record<Mode, ModeResult>>;
}

export interface Target {
  id: number;
  description: string;
  met: boolean | null;
  /** The measured value and the bound, in words, and the reason when missed. */
  detail: string;
}

export interface BenchResults {
  generatedAt: string;
  /** Wall time of the whole run, seconds. */
  durationSec: number;
  command: string;
  machine: {
    cpuModel: string;
    cores: number;
    nodeVersion: string;
    platform: string;
    memoryGb: number;
    /** 1-minute load average before the run started. */
    loadAverageAtStart: number;
    /** Share of the machine's CPU other processes used during the run (null off Linux): it skews every millisecond. */
    othersCpuShare: number | null;
  };
  settings: {
    smoke: boolean;
    latencyMs: number;
    jitterMs: number;
    durationSec: number;
    warmupSec: number;
    concurrency: number[];
    providerConcurrency: number;
    providerQueue: number;
    nodeEnv: string;
    inProcessIterations: number;
  };
  features: { present: Feature[]; missing: Feature[] };
  fixtures: Fixtures | null;
  scenarios: ScenarioResult[];
  inProcess: (InProcessReport & { error?: string }) | null;
  targets: Target[];
  /** Why the run counts as broken (non-zero exit); empty when it is fine. */
  failures: string[];
}

export const loadAverage = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export function machine(loadAtStart: number, othersCpuShare: number | null): BenchResults["machine"] {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    nodeVersion: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadAtStart,
    othersCpuShare,
  };
}

export function settings(options: BenchOptions, { providerConcurrency, providerQueue }: { providerConcurrency: number; providerQueue: number }): BenchResults["settings"] {
  return {
    smoke: options.smoke,
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    durationSec: options.durationSec,
    warmupSec: options.warmupSec,
    concurrency: options.concurrency,
    providerConcurrency,
    providerQueue,
    nodeEnv: options.nodeEnv,
    inProcessIterations: options.iterations,
  };
}

/**
 * What makes a run broken (the smoke check's exit code): a scenario that failed or counted no
 * upstream call, a smoke run with any error answer, a scenario left incomplete (unless
 * allowed), or an in-process measurement that failed.
 */
export function failuresOf(results: Pick<BenchResults, "scenarios" | "inProcess" | "settings">, { allowIncomplete }: { allowIncomplete: boolean }): string[] {
  const out: string[] = [];
  for (const s of results.scenarios) {
    if (!s.complete && !allowIncomplete) out.push(`${s.id}: incomplete, the schema lacks ${s.missing.join(", ")}`);
    for (const [mode, r] of Object.entries(s.modes)) {
      if (r.status === "failed") out.push(`${s.id} (${mode}): ${r.error}`);
      else if (!r.upstreamCalls) out.push(`${s.id} (${mode}): no upstream call counted`);
      else if (results.settings.smoke && (r.errorRate ?? 1) > 0) out.push(`${s.id} (${mode}): error rate ${r.errorRate} (${r.load.flatMap((l) => l.errorReasons.map((e) => e.reason))[0] ?? "no answer"})`);
    }
  }
  if (!results.inProcess) out.push("in-process measurement missing");
  else if (results.inProcess.error) out.push(`in-process: ${results.inProcess.error}`);
  else for (const r of results.inProcess.results) if (r.errors > 0) out.push(`in-process ${r.scenario}: ${r.errors} errors (${r.firstError})`);
  return out;
}
