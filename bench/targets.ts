import type { Fixtures } from "./fixtures.js";
import type { InProcessResult } from "./in-process.js";
import type { ModeResult } from "./measure.js";
import type { Scenario } from "./scenarios.js";
import type { Mode } from "./stack.js";

/**
 * The shape of bench/results/latest.json, and the two verdicts drawn from it: the issue's four
 * acceptance targets (numbers and bound only: why one is missed is ADR 007's business), and
 * what makes a run broken (the smoke check's exit code; errors and zero counts, never timings).
 */

export type ScenarioResult = Pick<Scenario, "id" | "title" | "source"> & { modes: Partial<Record<Mode, ModeResult>> };
export type Target = { id: number; description: string; met: boolean | null; detail: string };

export type BenchResults = {
  generatedAt: string;
  durationSec: number;
  command: string;
  fixtures: Fixtures;
  scenarios: ScenarioResult[];
  inProcess: InProcessResult[];
  inProcessError?: string;
  targets: Target[];
  failures: string[];
} & {
  machine: { cpuModel: string; cores: number; memoryGb: number; platform: string; nodeVersion: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  settings: { smoke: boolean; latencyMs: number; durationSec: number; warmupSec: number; concurrency: number[]; providerConcurrency: number; iterations: number };
};

type Input = Pick<BenchResults, "scenarios" | "inProcess" | "settings">;
const fmt = (v: number, d = 1) => String(Math.round(v * 10 ** d) / 10 ** d);

export function evaluateTargets({ scenarios, inProcess }: Input): Target[] {
  const modes = scenarios.find((s) => s.id === "dashboard")?.modes ?? {};
  const b = modes.batched?.status === "ok" ? modes.batched : null;
  const u = modes.unbatched?.status === "ok" ? modes.unbatched : null;
  const ip = inProcess.find((r) => r.scenario === "dashboard");
  const judge = (ok: boolean | null, detail: string) => ({ met: ok, detail: ok === null ? `not measured` : detail });
  const bound = b ? 1.25 * b.floorMs : 0;
  const ratio = b && u ? u.upstreamCalls / Math.max(b.upstreamCalls, 1) : 0;
  const apiP50 = ip?.apiLatency.p50Ms ?? null;
  return [
    {
      id: 1,
      description: "Dashboard, batched: upstream calls == call floor",
      ...judge(b && b.upstreamCalls === b.floorCalls, `${b?.upstreamCalls} upstream calls, call floor ${b?.floorCalls} (by endpoint: the dashboard's table)`),
    },
    {
      id: 2,
      description: "Dashboard, batched: p50 at concurrency 1 ≤ 1.25 × latency floor",
      ...judge(
        b?.p50Ms == null ? null : b.p50Ms <= bound,
        `p50 ${fmt(b?.p50Ms ?? 0)} ms = ${fmt(b?.p50OverFloor ?? 0, 2)}× the latency floor of ${b?.floorMs} ms (${b?.floorWaves} waves); bound ${fmt(bound)} ms`,
      ),
    },
    {
      id: 3,
      description: "Dashboard: batching off makes ≥ 3× the upstream calls",
      ...judge(b && u ? ratio >= 3 : null, `batching off: ${u?.upstreamCalls} calls vs ${b?.upstreamCalls} batched = ${fmt(ratio, 2)}×`),
    },
    {
      id: 4,
      description: "Dashboard in-process (zero provider latency): p50 ≤ 5 ms on the API's side",
      ...judge(
        apiP50 === null ? null : apiP50 <= 5,
        `API side p50 ${fmt(apiP50 ?? 0, 2)} ms (${fmt(ip?.latency.p50Ms ?? 0, 2)} ms wall, simulators included) over ${ip?.upstreamCalls} upstream calls; bound 5 ms`,
      ),
    },
  ];
}

/** Broken: a scenario failed or counted no upstream call, a smoke run saw any error answer, the in-process run failed. */
export function failuresOf({ scenarios, inProcess, settings }: Input, inProcessError?: string): string[] {
  const out: string[] = [];
  for (const s of scenarios) {
    for (const [mode, r] of Object.entries(s.modes)) {
      if (r.status === "failed") out.push(`${s.id} (${mode}): ${r.error}`);
      else if (r.upstreamCalls === 0) out.push(`${s.id} (${mode}): no upstream call counted`);
      else if (settings.smoke && r.load.some((l) => l.errorRate > 0))
        out.push(`${s.id} (${mode}): errors under load (${r.load.find((l) => l.firstError)?.firstError ?? "no answer"})`);
    }
  }
  if (inProcessError) out.push(`in-process: ${inProcessError}`);
  else if (inProcess.length === 0) out.push("in-process: no result");
  for (const r of inProcess) if (r.errors > 0) out.push(`in-process ${r.scenario}: ${r.errors} errors (${r.firstError})`);
  return out;
}
