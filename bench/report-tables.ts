import type { InProcessReport } from "./in-process.js";
import type { ModeResult } from "./measure.js";
import type { ScenarioResult } from "./results.js";
import { MODES } from "./stack.js";

/** Markdown tables of docs/benchmarks.md: one per scenario, calls by endpoint, in-process, profile. */

export const cell = (v: number | string | null | undefined, unit = "") => (v === null || v === undefined ? "–" : `${v}${unit}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${Math.round(v * 1000) / 10}%`);

export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Fewer operations finished than connections were open: one operation outlasts the run, so its rps is understated. */
export const understated = (r: ModeResult, connections: number) => (r.load.find((l) => l.connections === connections)?.operations ?? connections) < connections;

export function scenarioTable(s: ScenarioResult, concurrency: readonly number[]): string {
  const rows = MODES.flatMap((mode) => {
    const r: ModeResult | undefined = s.modes[mode];
    if (!r) return [];
    if (r.status === "failed") return [[mode, `failed: ${r.error?.split("\n")[0] ?? ""}`, ...Array(7 + concurrency.length).fill("")]];
    return [
      [
        mode,
        `${cell(r.upstreamCalls)}${r.upstreamCountStable === false ? " (unstable)" : ""}`,
        cell(r.floorCalls),
        `${cell(r.floorMs, " ms")} (${cell(r.floorWaves)} waves)`,
        cell(r.p50Ms, " ms"),
        cell(r.p95Ms, " ms"),
        cell(r.p99Ms, " ms"),
        cell(r.p50OverFloor, "×"),
        ...concurrency.map((c) => `${cell(r.rps[String(c)])}${understated(r, c) ? "*" : ""} (${pct(r.errorRateByConcurrency[String(c)])})`),
        cell(r.peakRssMb, " MB"),
      ],
    ];
  });
  const head = ["mode", "upstream calls", "call floor", "latency floor", "p50", "p95", "p99", "p50 / floor", ...concurrency.map((c) => `rps @${c} (errors)`), "peak RSS"];
  return table(head, rows);
}

export function endpointTable(s: ScenarioResult): string {
  const b = s.modes.batched;
  const u = s.modes.unbatched;
  const keys = [...new Set([...Object.keys(b?.floorByEndpoint ?? {}), ...Object.keys(b?.upstreamByEndpoint ?? {}), ...Object.keys(u?.upstreamByEndpoint ?? {})])].sort();
  return table(
    ["endpoint", "floor", "batched", "batching off"],
    keys.map((k) => [`\`${k}\``, cell(b?.floorByEndpoint[k] ?? 0), cell(b?.upstreamByEndpoint[k] ?? 0), cell(u?.upstreamByEndpoint[k] ?? 0)]),
  );
}

/** Error reasons seen under load, per mode and concurrency. */
export function errorLines(s: ScenarioResult): string[] {
  return MODES.flatMap((mode) =>
    (s.modes[mode]?.load ?? []).flatMap((l) => l.errorReasons.map((e) => `- ${mode}, ${l.connections} connections: ${e.count}× ${e.reason}`)),
  );
}

export function inProcessTable(report: InProcessReport): string {
  return table(
    ["scenario", "upstream calls", "p50", "p95", "p99", "API side p50", "API side p95", "iterations", "errors"],
    report.results.map((r) => [
      r.scenario,
      r.upstreamCalls,
      cell(r.latency.p50Ms, " ms"),
      cell(r.latency.p95Ms, " ms"),
      cell(r.latency.p99Ms, " ms"),
      cell(r.apiLatency.p50Ms, " ms"),
      cell(r.apiLatency.p95Ms, " ms"),
      r.iterations,
      r.errors,
    ]),
  );
}

export function profileTables(profile: NonNullable<InProcessReport["profile"]>): string {
  return [
    table(["nearest project file on the stack", "ms", "share of busy time"], profile.byProjectFile.map((a) => [`\`${a.file}\``, a.ms, pct(a.share)])),
    "",
    table(["area (self time)", "ms", "share of busy time"], profile.byArea.map((a) => [`\`${a.area}\``, a.ms, pct(a.share)])),
    "",
    table(["function", "where", "self ms", "share"], profile.topFunctions.map((f) => [`\`${f.fn}\``, f.file ? `\`${f.file}\`` : "(V8, native)", f.ms, pct(f.share)])),
  ].join("\n");
}
