import { cpus, loadavg, totalmem } from "node:os";
import type { InProcessResult } from "./in-process.js";
import type { ModeResult } from "./measure.js";
import type { Fixtures, Scenario } from "./scenarios.js";
import { MODES, type Mode } from "./stack.js";

/**
 * The shape of bench/results/latest.json; the two verdicts drawn from it: the issue's four
 * acceptance targets (numbers and bound only: why one is missed is ADR 007's business), and
 * what makes a run broken (the smoke check's exit code; errors and zero counts, never timings);
 * and docs/benchmarks.md rendered from it: numbers and a fixed method section, no generated
 * prose (interpretation lives in docs/decisions/007-benchmarks.md).
 */

export type ScenarioResult = Pick<Scenario, "id" | "title" | "source"> & { modes: Partial<Record<Mode, ModeResult>> };
export type Settings = { smoke: boolean; latencyMs: number; durationSec: number; warmupSec: number; concurrency: number[]; providerConcurrency: number; iterations: number };
type Input = { scenarios: ScenarioResult[]; inProcess: InProcessResult[]; settings: Settings };
export type BenchResults = Input & {
  generatedAt: string;
  durationSec: number;
  command: string;
  machine: ReturnType<typeof machine>;
  fixtures: Fixtures;
  targets: ReturnType<typeof evaluateTargets>;
  failures: string[];
};

export const loadAverage = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
export function machine(loadAverageAtStart: number) {
  const [cpu] = cpus();
  const [cpuModel, cores, memoryGb] = [cpu?.model.trim() ?? "unknown", cpus().length, Math.round(totalmem() / 1024 ** 3)];
  return { cpuModel, cores, memoryGb, platform: `${process.platform} ${process.arch}`, nodeVersion: process.version, loadAverageAtStart, loadAverageAtEnd: loadAverage() };
}

const ok = (r: ModeResult | undefined) => (r?.status === "ok" ? r : undefined);
const fmt = (v: number | null | undefined, d = 1) => String(Math.round((v ?? 0) * 10 ** d) / 10 ** d);

export function evaluateTargets({ scenarios, inProcess }: Input) {
  const modes = scenarios.find((s) => s.id === "dashboard")?.modes ?? {};
  const [b, u, ip] = [ok(modes.batched), ok(modes.unbatched), inProcess.find((r) => r.scenario === "dashboard")];
  const [bound, ratio, apiP50] = [1.25 * (b?.floor.ms ?? 0), (u?.upstream.total ?? 0) / Math.max(b?.upstream.total ?? 0, 1), ip?.apiLatency.p50Ms ?? null];
  const targets: Array<[description: string, met: boolean | null | undefined, detail: string]> = [
    [
      "Dashboard, batched: upstream calls == call floor",
      b && b.upstream.total === b.floor.total,
      `${b?.upstream.total} upstream calls, call floor ${b?.floor.total} (by endpoint: the dashboard's table)`,
    ],
    [
      "Dashboard, batched: p50 at concurrency 1 ≤ 1.25 × latency floor",
      b?.latency.p50Ms == null ? null : b.latency.p50Ms <= bound,
      `p50 ${fmt(b?.latency.p50Ms)} ms = ${fmt(b?.p50OverFloor, 2)}× the latency floor of ${b?.floor.ms} ms (${b?.floor.waves} waves); bound ${fmt(bound)} ms`,
    ],
    [
      "Dashboard: batching off makes ≥ 3× the upstream calls",
      b && u ? ratio >= 3 : null,
      `batching off: ${u?.upstream.total} calls vs ${b?.upstream.total} batched = ${fmt(ratio, 2)}×`,
    ],
    [
      "Dashboard in-process (zero provider latency): p50 ≤ 5 ms on the API's side",
      apiP50 === null ? null : apiP50 <= 5,
      `API side p50 ${fmt(apiP50, 2)} ms (${fmt(ip?.latency.p50Ms, 2)} ms wall, simulators included) over ${ip?.upstreamCalls} upstream calls; bound 5 ms`,
    ],
  ];
  return targets.map(([description, met = null, detail], i) => ({ id: i + 1, description, met, detail: met === null ? "not measured" : detail }));
}

/** Broken: a scenario failed or counted no upstream call, a smoke run saw any error answer, an in-process iteration failed. */
export function failuresOf({ scenarios, inProcess, settings }: Input): string[] {
  const out: string[] = [];
  for (const s of scenarios) {
    for (const [mode, r] of Object.entries(s.modes)) {
      if (r.status === "failed") out.push(`${s.id} (${mode}): ${r.error}`);
      else if (r.upstream.total === 0) out.push(`${s.id} (${mode}): no upstream call counted`);
      else if (settings.smoke && r.load.some((l) => l.errorRate > 0))
        out.push(`${s.id} (${mode}): errors under load (${r.load.find((l) => l.firstError)?.firstError ?? "no answer"})`);
    }
  }
  for (const r of inProcess) if (r.errors > 0) out.push(`in-process ${r.scenario}: ${r.errors} errors (${r.firstError})`);
  return out;
}

const cell = (v: number | string | null | undefined, unit = "") => (v === null || v === undefined ? "–" : `${v}${unit}`);
const ms = (v: number | null) => cell(v, " ms");
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function scenarioSection(sc: ScenarioResult, concurrency: number[]): string[] {
  const rows = MODES.map((mode) => {
    const r = sc.modes[mode];
    if (r?.status !== "ok") return [mode, r ? `failed: ${r.error.split("\n")[0]}` : "not run"];
    // `*`: fewer operations finished than connections were open, so one operation outlasted the run and the rps is understated.
    const rps = r.load.map((l) => `${l.rps}${l.operations < l.connections ? "*" : ""} (${pct(l.errorRate)})`);
    const { p50Ms, p95Ms, p99Ms } = r.latency;
    return [
      mode,
      r.upstream.total,
      r.floor.total,
      `${r.floor.ms} ms (${r.floor.waves} waves)`,
      ...[p50Ms, p95Ms, p99Ms].map(ms),
      cell(r.p50OverFloor, "×"),
      ...rps,
      cell(r.peakRssMb, " MB"),
    ];
  });
  const [b, u] = MODES.map((m) => ok(sc.modes[m]));
  const endpoints = [...new Set([b, u].flatMap((r) => Object.keys({ ...r?.floor.byEndpoint, ...r?.upstream.byEndpoint })))].sort();
  const errors = MODES.flatMap((mode) =>
    (ok(sc.modes[mode])?.load ?? []).flatMap((l) => (l.firstError ? [`- ${mode}, ${l.connections} connections, ${pct(l.errorRate)} errors, first: ${l.firstError}`] : [])),
  );
  return [
    `## ${sc.title}`,
    "",
    `Document: ${sc.source}.`,
    "",
    table(["mode", "upstream calls", "call floor", "latency floor", "p50", "p95", "p99", "p50 / floor", ...concurrency.map((c) => `rps @${c} (errors)`), "peak RSS"], rows),
    "",
    "Upstream calls of one execution, by endpoint:",
    "",
    table(
      ["endpoint", "floor", "batched", "batching off"],
      endpoints.map((k) => [`\`${k}\``, b?.floor.byEndpoint[k] ?? 0, b?.upstream.byEndpoint[k] ?? 0, u?.upstream.byEndpoint[k] ?? 0]),
    ),
    "",
    ...(errors.length ? ["Errors under load:", "", ...errors, ""] : []),
  ];
}

export function renderReport(res: BenchResults): string {
  const { machine: m, settings: s } = res;
  const verdict = (met: boolean | null) => (met === null ? "not judged" : met ? "**met**" : "**missed**");
  return [
    "# Benchmarks",
    "",
    `_Generated by \`${res.command}\` (bench/) on ${res.generatedAt} in ${res.durationSec} s. Do not edit by hand; what the numbers mean: docs/decisions/007-benchmarks.md._`,
    "",
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}, Node ${m.nodeVersion}; simulators, both APIs and autocannon share these cores. Load average ${m.loadAverageAtStart} before the run, ${m.loadAverageAtEnd} after.`,
    `- Provider latency injected by the simulators: ${s.latencyMs} ms per call; per-provider concurrency cap ${s.providerConcurrency}; NODE_ENV production.`,
    `- Load: autocannon, ${s.durationSec} s per concurrency level (connections ${s.concurrency.join(", ")}) after a ${s.warmupSec} s warm-up at concurrency 1 on a fresh API process; latencies per operation at concurrency 1.`,
    "",
    "## Acceptance targets",
    "",
    ...res.targets.map((t) => `${t.id}. ${t.description}: ${verdict(t.met)}. ${t.detail}.`),
    "",
    ...res.scenarios.flatMap((sc) => scenarioSection(sc, s.concurrency)),
    "## In-process: the layer's own cost",
    "",
    table(
      ["scenario", "upstream calls", "p50", "p95", "p99", "API side p50", "API side p95", "iterations", "errors"],
      res.inProcess.map(({ latency: w, apiLatency: a, ...r }) => [
        r.scenario,
        r.upstreamCalls,
        ms(w.p50Ms),
        ms(w.p95Ms),
        ms(w.p99Ms),
        ms(a.p50Ms),
        ms(a.p95Ms),
        r.iterations,
        r.errors,
      ]),
    ),
    "",
    "## Method",
    "",
    "- **Processes**: each simulator in its own process (simulators/serve.ts); the API twice (bench/serve.ts), wired by the bench with `createApp` over one temporary SQLite store, once batching and once with `batching: false` (one key per provider call). The tenant is created through the store and connected through GraphQL (HyperSKU demo merchant 1 by password, SuperShip demo shop 1 by token).",
    "- **Upstream calls**: the simulators' own counters, reset before and read after one execution of each scenario and mode on the same `createApp`, in-process (nothing else calls the providers then), after one uncounted execution that fills per-process caches as a running server has them.",
    "- **Call floor**: per endpoint, ⌈distinct keys / maxBatch⌉ calls on batch endpoints, one per distinct key elsewhere; keys read from the scenario's own answer. **Latency floor**: levels of calls that must follow one another, each costing max over providers of ⌈calls / cap⌉ waves; waves × injected latency.",
    "- **Latency** percentiles are nearest-rank over operations at concurrency 1 (the write mix's operation is createOrder + createDelivery). **rps** is answered requests per second (autocannon). **Errors**: non-2xx, GraphQL `errors`, typed mutation errors, connection errors and timeouts.",
    "- **Peak RSS**: the API process's `maxRSS` since it started; each scenario and mode gets a fresh process (same store). Read scenarios run first, the write mix last, so its new orders do not change what the reads see.",
    "- **In-process**: `createApp` in the bench process, `app.fetch` with an in-memory `providerExchange` into the simulators' apps: no socket, zero latency, sequential iterations after a warm-up. The API side is wall time minus the time inside the simulators' apps.",
    "",
  ].join("\n");
}
