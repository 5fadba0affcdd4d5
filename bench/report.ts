import { cpus, loadavg, totalmem } from "node:os";
import type { InProcessResult } from "./in-process.js";
import type { MatrixCell, MatrixResult } from "./matrix.js";
import type { LoadResult, ModeResult } from "./measure.js";
import type { ProfileSummary } from "./profile.js";
import type { Fixtures, Scenario } from "./scenarios.js";
import { MODES, type Mode } from "./stack.js";
import type { TrafficResults, TrafficSettings } from "./traffic.js";

/**
 * The shape of bench/results/latest.json; the two verdicts drawn from it: the acceptance targets
 * (numbers and bound only: why one is missed is ADR 007's business), and
 * what makes a run broken (the smoke check's exit code; errors and zero counts, never timings);
 * and docs/benchmarks.md rendered from it: numbers and a fixed method section, no generated
 * prose (interpretation lives in docs/decisions/007-benchmarks.md).
 */

export type ScenarioResult = Pick<Scenario, "id" | "title" | "source"> & { modes: Partial<Record<Mode, ModeResult>> };
export type Settings = {
  smoke: boolean;
  latencyMs: number;
  durationSec: number;
  warmupSec: number;
  concurrency: number[];
  providerConcurrency: number;
  iterations: number;
  traffic: TrafficSettings;
  /** The Dashboard's rps at 10 connections that issue 13's throughput target multiplies: the issue's figure, or `--baseline <results.json>`. */
  baseline: { rps: number; source: string };
  /** Issue 17's matrix: the provider latencies the Dashboard is served at (cold and warm caches). */
  matrixLatenciesMs: number[];
  /** The Dashboard's rps at 0 ms provider latency and 10 connections that issue 17's throughput target multiplies: the issue's figure, or `--baseline-zero`. */
  baselineZero: { rps: number; source: string };
  /** Node/V8 flags the served API ran with (`--api-node-flags`, e.g. a memory profile); none by default. */
  apiNodeFlags?: string[];
};
type Input = { scenarios: ScenarioResult[]; inProcess: InProcessResult[]; traffic: TrafficResults; settings: Settings; matrix?: MatrixResult | undefined };
export type BenchResults = Input & {
  generatedAt: string;
  durationSec: number;
  command: string;
  machine: ReturnType<typeof machine>;
  fixtures: Fixtures;
  targets: ReturnType<typeof evaluateTargets>;
  failures: string[];
  /** The summary `--profile` wrote to bench/results/profile.json, if any (rendered as "Where the CPU goes"). */
  profile?: ProfileSummary | null;
};

export const loadAverage = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;
export function machine(loadAverageAtStart: number) {
  const [cpu] = cpus();
  const [cpuModel, cores, memoryGb] = [cpu?.model.trim() ?? "unknown", cpus().length, Math.round(totalmem() / 1024 ** 3)];
  return { cpuModel, cores, memoryGb, platform: `${process.platform} ${process.arch}`, nodeVersion: process.version, loadAverageAtStart, loadAverageAtEnd: loadAverage() };
}

const ok = <R extends { status: string }>(r: R | undefined) => (r?.status === "ok" ? (r as Exclude<R, { status: "failed" }>) : undefined);
const fmt = (v: number | null | undefined, d = 1) => String(Math.round((v ?? 0) * 10 ** d) / 10 ** d);

/** Issue 13's bounds ("Must show"): 0.6× today's 120 ms; 2.5× today's rps; 1% refused; budget + 0.5 s; 2% without orders; half-open + 1 s; 1.5× the quiet p50. */
/** Issue 15's bounds: no SuperShip call for a warm Dashboard; 5× today's rps at 10 connections. */
export const ISSUE_15 = { warmSupershipCalls: 0, rpsFactor: 5 };
/** Issue 17's bounds: warm in-process API side ≤ 2× the JSON floor, cold ≤ 12 ms; 3× the 0 ms rps at 10; warm c=1 p50 ≤ 1.25× its floor; 200 MB peak RSS. */
export const ISSUE_17 = { warmFloorFactor: 2, coldApiMs: 12, zeroRpsFactor: 3, warmP50Factor: 1.25, peakRssMb: 200 };
export const ISSUE_13 = { p50Ms: 72, waves: 2, rpsFactor: 2.5, refusedShare: 0.01, budgetSlackMs: 500, ordersMissingShare: 0.02, recoverySlackMs: 1_000, fairnessRatio: 1.5 };

export function evaluateTargets({ scenarios, inProcess, traffic, settings, matrix }: Input) {
  const modes = scenarios.find((s) => s.id === "dashboard")?.modes ?? {};
  const [b, u, ip] = [ok(modes.batched), ok(modes.unbatched), inProcess.find((r) => r.scenario === "dashboard" && r.catalogueCache !== "on")];
  const [bound, ratio, apiP50] = [1.25 * (b?.floor.ms ?? 0), (u?.upstream.total ?? 0) / Math.max(b?.upstream.total ?? 0, 1), ip?.apiLatency.p50Ms ?? null];
  const targets: Target[] = [
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
    ...trafficTargets(b, traffic, settings),
    ...pushedTargets(traffic, settings),
    ...issue17Targets({ scenarios, inProcess, traffic, settings, matrix }),
  ];
  return targets.map(([description, met = null, detail, why], i) => ({ id: i + 1, description, met, detail: met === null ? (why ?? "not measured") : detail }));
}

/** The matrix's cells that ran. */
export const cellsOf = (matrix: MatrixResult | undefined): MatrixCell[] => (matrix?.status === "ok" ? matrix.cells.filter((c): c is MatrixCell => !("status" in c)) : []);
/** Issue 17's throughput baseline in an earlier run: its warm Dashboard's rps at 0 ms provider latency and 10 connections, if it measured one. */
export const warmZeroRps = (earlier: Pick<BenchResults, "matrix">): number | undefined =>
  cellsOf(earlier.matrix)
    .find((c) => c.latencyMs === 0 && c.cache === "warm")
    ?.load.find((l) => l.connections === 10)?.rps;
/** Every scenario's API process peak RSS, by name: classic modes, traffic runs and matrix cells. */
export function peakRssOf({ scenarios, traffic, matrix }: Pick<Input, "scenarios" | "traffic" | "matrix">): Array<[string, number | null]> {
  const classic = scenarios.flatMap((sc) =>
    MODES.flatMap((m) => (ok(sc.modes[m]) ? [[`${sc.id} (${m})`, ok(sc.modes[m])!.peakRssMb ?? null] as [string, number | null]] : [])),
  );
  const runs = Object.entries(traffic).flatMap(([id, r]) => (ok(r) ? [[id, (ok(r) as { peakRssMb?: number | null }).peakRssMb ?? null] as [string, number | null]] : []));
  const cells = cellsOf(matrix).map((c) => [`matrix ${c.latencyMs} ms ${c.cache}`, c.peakRssMb ?? null] as [string, number | null]);
  return [...classic, ...runs, ...cells];
}

/** The in-process API side a target is judged on: the API alone where it was measured, else with the simulators in the process (results of earlier versions). */
const judged = (r: InProcessResult | undefined): number | null => r?.aloneLatency?.p50Ms ?? r?.apiLatency.p50Ms ?? null;

function issue17Targets({ inProcess, settings: s, matrix, scenarios, traffic }: Input): Target[] {
  const I = ISSUE_17;
  const [cold, warm] = [
    inProcess.find((r) => r.scenario === "dashboard" && r.catalogueCache !== "on"),
    inProcess.find((r) => r.scenario === "dashboard" && r.catalogueCache === "on"),
  ];
  const floor = cold?.floor?.p50Ms ?? null;
  const cells = cellsOf(matrix);
  const cell = (latencyMs: number, cache: string) => cells.find((c) => c.latencyMs === latencyMs && c.cache === cache);
  const [zero, zeroCold, slow] = [cell(0, "warm"), cell(0, "cold"), cell(s.latencyMs, "warm")];
  const rps = (c: MatrixCell | undefined, n: number) => c?.load.find((l) => l.connections === n)?.rps;
  const c1 = slow?.load.find((l) => l.connections === 1);
  const rss = peakRssOf({ scenarios, traffic, matrix });
  const measured = rss.filter(([, v]) => v !== null) as Array<[string, number]>;
  const worst = measured.reduce<[string, number] | undefined>((w, x) => (!w || x[1] > w[1] ? x : w), undefined);
  return [
    [
      `Dashboard in-process, API side, catalogue cache on: p50 ≤ ${I.warmFloorFactor} × the JSON floor`,
      judged(warm) === null || floor === null ? null : judged(warm)! <= I.warmFloorFactor * floor,
      `API alone p50 ${fmt(warm?.aloneLatency?.p50Ms, 2)} ms = ${fmt(floor ? (judged(warm) ?? 0) / floor : null, 2)}× the Dashboard's floor of ${fmt(floor, 2)} ms (JSON.parse of its ${cold?.floor?.providerAnswers} provider answers, ${cold?.floor?.providerBytes} B, + JSON.stringify of its ${cold?.floor?.responseBytes} B answer); with the simulators in the process ${fmt(warm?.apiLatency.p50Ms, 2)} ms; against the warm execution's own floor (${warm?.floor?.providerAnswers} answers, ${warm?.floor?.providerBytes} B) ${fmt(warm?.aloneOverFloor ?? warm?.apiOverFloor, 2)}×; ${warm?.upstreamCalls} upstream calls warm`,
      cold && !warm ? "no catalogue-cache-on run" : undefined,
    ],
    [
      `Dashboard in-process, API side, catalogue cache off: p50 ≤ ${I.coldApiMs} ms`,
      judged(cold) === null ? null : judged(cold)! <= I.coldApiMs,
      `API alone p50 ${fmt(cold?.aloneLatency?.p50Ms, 2)} ms = ${fmt(cold?.aloneOverFloor, 2)}× its floor of ${fmt(floor, 2)} ms; with the simulators in the process ${fmt(cold?.apiLatency.p50Ms, 2)} ms; bound ${I.coldApiMs} ms`,
    ],
    [
      `Dashboard at 0 ms provider latency, caches warm: rps at 10 connections ≥ ${I.zeroRpsFactor} × the baseline ${s.baselineZero.rps} rps`,
      rps(zero, 10) === undefined ? null : rps(zero, 10)! >= I.zeroRpsFactor * s.baselineZero.rps,
      `${rps(zero, 10)} rps warm (cold ${rps(zeroCold, 10) ?? "not measured"}) against ${fmt(I.zeroRpsFactor * s.baselineZero.rps)} (baseline: ${s.baselineZero.source})`,
    ],
    [
      `Dashboard at ${s.latencyMs} ms provider latency, caches warm, concurrency 1: p50 ≤ ${I.warmP50Factor} × its latency floor`,
      c1?.latency.p50Ms == null || !slow?.floor ? null : c1.latency.p50Ms <= I.warmP50Factor * slow.floor.ms,
      `p50 ${fmt(c1?.latency.p50Ms)} ms against a floor of ${slow?.floor?.ms} ms (${slow?.floor?.waves} waves of the ${slow?.calls.total} calls the warm Dashboard still makes); bound ${fmt(I.warmP50Factor * (slow?.floor?.ms ?? 0))} ms`,
    ],
    [
      `Peak RSS of the API process ≤ ${I.peakRssMb} MB in every scenario (50 connections where the scenario has them)`,
      measured.length === 0 ? null : measured.length === rss.length && measured.every(([, v]) => v <= I.peakRssMb),
      `highest ${worst?.[1]} MB (${worst?.[0]}) over ${measured.length} scenarios${
        measured.length < rss.length
          ? `; not reported by ${rss
              .filter(([, v]) => v === null)
              .map(([n]) => n)
              .join(", ")}`
          : ""
      }`,
    ],
  ];
}

/** `why`: what to say instead of "not measured" when it is not judged. */
type Target = [description: string, met: boolean | null | undefined, detail: string, why?: string];
function pushedTargets({ pushed }: TrafficResults, s: Settings): Target[] {
  const p = ok(pushed);
  const at = (c: number) => p?.load.find((l) => l.connections === c);
  const [r10, r50] = [at(10), at(50)];
  return [
    [
      `Dashboard with the webhook registered, warm delivery cache: SuperShip calls per Dashboard = ${ISSUE_15.warmSupershipCalls}`,
      p ? p.warm.supership === ISSUE_15.warmSupershipCalls && p.load.every((l) => l.callsPerDashboard.supership === ISSUE_15.warmSupershipCalls) : null,
      `${p?.warm.supership} SuperShip calls for the warm Dashboard (cold: ${p?.cold.supership}); under load ${p?.load.map((l) => `${l.callsPerDashboard.supership} per Dashboard at ${l.connections}`).join(", ")}`,
    ],
    [
      `Dashboard with the webhook registered, warm: rps at 10 connections ≥ ${ISSUE_15.rpsFactor} × the baseline ${s.baseline.rps} rps`,
      r10 ? r10.rps >= ISSUE_15.rpsFactor * s.baseline.rps : null,
      `${r10?.rps} rps at 10, ${r50?.rps} at 50, against ${fmt(ISSUE_15.rpsFactor * s.baseline.rps)} (baseline: ${s.baseline.source})`,
    ],
  ];
}

function trafficTargets(b: ReturnType<typeof ok<ModeResult>>, { limited, faults, fairness }: TrafficResults, s: Settings): Target[] {
  const [I, t] = [ISSUE_13, s.traffic];
  const rps10 = b?.load.find((l) => l.connections === 10)?.rps;
  const [lim, flt, fair] = [ok(limited), ok(faults), ok(fairness)];
  const providers = Object.entries(lim?.providers ?? {});
  const enforced = providers.length > 0 && providers.every(([, p]) => p.enforced);
  const worst = Math.max(0, ...providers.map(([, p]) => p.refusedShare ?? 0));
  const limitDetail = providers
    .map(
      ([n, p]) =>
        `${n}: ${p.refused} of ${p.calls} calls refused (${pct(p.refusedShare ?? 0)}), peak ${p.peakInFlight} in flight, API limit ${p.apiLimit ? `${p.apiLimit.last} (${p.apiLimit.min}–${p.apiLimit.max} over the second half)` : "not reported"}`,
    )
    .join("; ");
  const [budget, maxMs, missing, recovery] = [t.budgetMs + I.budgetSlackMs, flt?.all.maxMs, flt?.faults.ordersMissingShare, flt?.recoveryMs];
  const [bound, q, f] = [t.halfOpenMs + I.recoverySlackMs, fair?.quiet.latency.p50Ms, fair?.flooded.latency.p50Ms];
  return [
    [
      `Dashboard, batched: at concurrency 1 two waves (latency floor ${I.waves} × ${s.latencyMs} ms) and p50 ≤ ${I.p50Ms} ms`,
      b?.latency.p50Ms == null ? null : b.floor.waves <= I.waves && b.latency.p50Ms <= I.p50Ms,
      `${b?.floor.waves} waves at limits ${JSON.stringify(b?.floor.limits?.byProvider ?? {})} (${b?.floor.limits?.source}), p50 ${fmt(b?.latency.p50Ms)} ms`,
    ],
    [
      `Dashboard, batched: rps at 10 connections ≥ ${I.rpsFactor} × the baseline ${s.baseline.rps} rps`,
      rps10 === undefined ? null : rps10 >= I.rpsFactor * s.baseline.rps,
      `${rps10} rps against ${fmt(I.rpsFactor * s.baseline.rps)} (baseline: ${s.baseline.source})`,
    ],
    [
      `Limited (each simulator refuses above ${t.maxInFlight} in flight): ≤ ${pct(I.refusedShare)} of provider calls refused, peak in flight ≥ ${t.maxInFlight / 2}`,
      lim && enforced ? worst <= I.refusedShare && providers.every(([, p]) => (p.peakInFlight ?? 0) >= t.maxInFlight / 2) : null,
      limitDetail,
      lim && !enforced ? `the simulators did not take the limit (POST /__sim/limits answered ${providers.map(([n, p]) => `${n} ${p.setStatus}`).join(", ")})` : undefined,
    ],
    [
      `Faults: no response later than the budget + ${I.budgetSlackMs} ms (${budget} ms)`,
      maxMs == null ? null : maxMs <= budget && flt?.all.unanswered === 0,
      `slowest ${maxMs} ms over ${flt?.all.responses} requests, ${flt?.all.unanswered} of them unanswered when the client gave up at ${t.clientTimeoutMs} ms`,
    ],
    [
      `Faults: \`orders\` missing in ≤ ${pct(I.ordersMissingShare)} of the responses while faults are on`,
      missing == null ? null : missing <= I.ordersMissingShare,
      `${pct(missing ?? 0)} of ${flt?.faults.responses} responses without orders (${flt?.faults.complete} complete, ${flt?.faults.partial} partial, ${flt?.faults.failed} failed)`,
    ],
    [
      `Faults: full answers for 1 s again within the half-open interval + ${I.recoverySlackMs} ms (${bound} ms) after faults stop`,
      flt ? recovery !== null && recovery !== undefined && recovery <= bound : null,
      recovery == null ? `no run of full answers within the ${t.recoverySec} s observed` : `after ${recovery} ms`,
    ],
    [
      `Fairness: tenant B's Dashboard p50 under tenant A's flood ≤ ${I.fairnessRatio} × its quiet p50`,
      fair?.ratio == null ? null : fair.ratio <= I.fairnessRatio,
      `p50 ${fmt(f)} ms under the flood against ${fmt(q)} ms quiet = ${fmt(fair?.ratio, 2)}×`,
    ],
  ];
}

/** Broken: a scenario failed or counted no upstream call, a smoke run saw any error answer, an in-process iteration failed. */
export function failuresOf({ scenarios, inProcess, traffic, settings, matrix }: Input): string[] {
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
  // Errors are what the traffic scenarios measure (faults, refusals, a flood): only a scenario that could not run is broken.
  for (const [id, r] of Object.entries(traffic)) if (r?.status === "failed") out.push(`${id}: ${r.error}`);
  if (matrix?.status === "failed") out.push(`matrix: ${matrix.error}`);
  for (const c of matrix?.status === "ok" ? matrix.cells : []) if ("status" in c) out.push(`matrix ${c.latencyMs} ms ${c.cache}: ${c.error}`);
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

const loadRow = (run: string, tenant: string, l: LoadResult) => [
  run,
  tenant,
  l.connections,
  l.operations,
  l.rps,
  ms(l.latency.p50Ms),
  ms(l.latency.p99Ms),
  pct(l.errorRate),
  l.firstError ?? "",
];
const LOAD_HEAD = ["run", "tenant", "connections", "operations", "rps", "p50", "p99", "errors", "first error"];

function trafficSections({ limited, faults, fairness, pushed }: TrafficResults, s: Settings): string[] {
  const t = s.traffic;
  const failed = (title: string, r: { status: string; error?: string } | undefined) => (r?.status === "failed" ? [title, "", `Failed: ${r.error}`, ""] : []);
  const out: string[] = [];
  const push = ok(pushed);
  out.push(...failed("## Pushed", pushed));
  if (push) {
    const calls = (c: { hypersku: number; supership: number; total: number }) => `${c.total} (HyperSKU ${c.hypersku}, SuperShip ${c.supership})`;
    out.push(
      "## Dashboard with the webhook registered: cold and warm delivery cache (issue 15)",
      "",
      "A fresh batched API with the delivery cache at its defaults; the tenant registers its SuperShip webhook (`registerSupershipWebhook`, to the simulator, pointing at this API), one Dashboard fills the cache, the next is counted at the simulators, then the load runs. Nothing changes at SuperShip meanwhile, so no webhook arrives: the cache stays valid (DELIVERY_CACHE_PUSHED_TTL_MS).",
      "",
      `Upstream calls: cold Dashboard ${calls(push.cold)}; warm Dashboard ${calls(push.warm)}.`,
      "",
      table(
        [...LOAD_HEAD, "upstream calls per Dashboard"],
        push.load.map((l) => [...loadRow(`warm @${l.connections}`, "bench", l), calls(l.callsPerDashboard)]),
      ),
      "",
    );
  }
  const lim = ok(limited);
  out.push(...failed("## Limited providers", limited));
  if (lim) {
    const rows = Object.entries(lim.providers).map(([n, p]) => [
      n,
      p.enforced ? `yes (${lim.maxInFlight})` : `no (HTTP ${p.setStatus})`,
      p.calls,
      cell(p.refused),
      cell(p.refusedShare === null ? null : pct(p.refusedShare)),
      cell(p.peakInFlight),
      p.apiLimit ? `${p.apiLimit.last} (${p.apiLimit.min}–${p.apiLimit.max})` : "not reported",
    ]);
    out.push(
      `## Limited providers: the Dashboard at ${lim.connections} connections, each simulator refusing above ${lim.maxInFlight} calls in flight`,
      "",
      `${t.limitedSec} s after a ${s.warmupSec} s warm-up on a fresh API; the simulators answer 429 with Retry-After above the limit (\`POST /__sim/limits\`). API limit: /readyz's current limit at the end (range over the run's second half).`,
      "",
      table(["provider", "limit enforced", "provider calls", "refused (429)", "refused share", "peak in flight", "API limit"], rows),
      "",
      table(LOAD_HEAD, [loadRow("limited", "bench", lim.load)]),
      "",
    );
  }
  const flt = ok(faults);
  out.push(...failed("## Faults", faults));
  if (flt) {
    const kinds = Object.entries(flt.injected.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    const phase = (name: string, x: typeof flt.all) => [
      name,
      x.responses,
      x.complete,
      x.partial,
      x.failed,
      cell(x.ordersMissingShare === null ? null : pct(x.ordersMissingShare)),
      ms(x.latency.p50Ms),
      ms(x.latency.p99Ms),
      ms(x.maxMs),
    ];
    const errors = flt.all.topErrors.map((e) => `- ${e.n}× ${e.message}`);
    out.push(
      `## Faults: the Dashboard at ${flt.connections} connections, ${t.faultSec} s of ${pct(t.faultRate)} mixed faults on both simulators, then ${t.recoverySec} s without`,
      "",
      `- Injected (read back from the simulators' call logs): ${flt.injected.faults} faults in ${flt.injected.calls} provider calls = ${pct(flt.injected.share ?? 0)}${flt.injected.unseen ? ` (${flt.injected.unseen} calls scrolled out of the log unread)` : ""}; by kind: ${kinds || "none"}. Hangs last ${t.hangMs} ms (PROVIDER_TIMEOUT_MS ${t.providerTimeoutMs}); each endpoint's kind rotates every second.`,
      `- Faults stopped ${flt.faultsStoppedAtMs} ms into the run; full answers for 1 s again ${flt.recoveryMs === null ? "never, within what was observed" : `${flt.recoveryMs} ms later`} (half-open interval ${t.halfOpenMs} ms). Request budget ${t.budgetMs} ms; the client gives up after ${t.clientTimeoutMs} ms.`,
      "",
      table(
        ["requests started", "responses", "complete", "partial", "failed", "orders missing", "p50", "p99", "max"],
        [phase("while faults are on", flt.faults), phase("after faults stop", flt.recovery), phase("all", flt.all)],
      ),
      "",
      ...(errors.length ? ["Most frequent first errors:", "", ...errors, ""] : []),
    );
  }
  const fair = ok(fairness);
  out.push(...failed("## Fairness", fairness));
  if (fair) {
    out.push(
      `## Fairness: tenant A floods \`nodes(ids:)\` (${fair.ids} Delivery ids) at ${fair.flood.connections} connections, tenant B runs the Dashboard at 1`,
      "",
      `B's p50 under the flood is ${cell(fair.ratio, "×")} its quiet p50 (${t.fairnessSec} s each; the flood starts first and outlasts B's run).`,
      "",
      ...(fair.admission ? [`The API's tenant admission half-way through B's run (/readyz): \`${JSON.stringify(fair.admission)}\`.`, ""] : []),
      table(LOAD_HEAD, [loadRow("quiet", "B", fair.quiet), loadRow("flood", "A", fair.flood), loadRow("under the flood", "B", fair.flooded)]),
      "",
    );
  }
  return out;
}

const kb = (bytes: number | undefined) => (bytes === undefined ? "–" : `${Math.round(bytes / 102.4) / 10} KB`);

function matrixSection(matrix: MatrixResult | undefined): string[] {
  if (!matrix) return [];
  const title = "## The Dashboard served at 0 and 20 ms provider latency, caches cold and warm (issue 17)";
  if (matrix.status === "failed") return [title, "", `Failed: ${matrix.error}`, ""];
  const rows = matrix.cells.flatMap((c) => {
    const head = [`${c.latencyMs} ms`, c.cache === "warm" ? "warm (catalogue on, delivery pushed)" : "cold (both off)"];
    if ("status" in c) return [[...head, `failed: ${c.error.split("\n")[0]}`]];
    return c.load.map((l) => [
      ...head,
      l.connections,
      `${l.rps}${l.operations < l.connections ? "*" : ""}`,
      ms(l.latency.p50Ms),
      ms(l.latency.p99Ms),
      pct(l.errorRate),
      cell(l.cpuMsPerDashboard, " ms"),
      c.calls.total,
      c.floor ? `${c.floor.ms} ms (${c.floor.waves} waves)` : "–",
      cell(l.connections === 1 ? c.p50OverFloor : null, "×"),
      cell(c.peakRssMb, " MB"),
    ]);
  });
  return [
    title,
    "",
    "The batched Dashboard, each cell (latency × caches) on a fresh API process. Cold: catalogue and delivery cache off, as in the scenarios above. Warm: the catalogue cache at its default TTL (CATALOGUE_CACHE_TTL_MS unset) and the delivery cache warm through the pushed path (webhook registered, one Dashboard fills both). CPU ms per Dashboard: the API process's CPU time (user + system) over the load run divided by the Dashboards answered. Calls per Dashboard: one Dashboard after the filling one, at the simulators. The latency floor counts the waves of what that Dashboard still asks the providers.",
    "",
    table(
      ["provider latency", "caches", "connections", "rps", "p50", "p99", "errors", "CPU ms per Dashboard", "calls per Dashboard", "latency floor", "p50 / floor", "peak RSS"],
      rows,
    ),
    "",
  ];
}

function profileSection(p: ProfileSummary | null | undefined): string[] {
  const title = "## Where the CPU goes";
  if (!p) return [title, "", "No profile summary (bench/results/profile.json): run `npm run bench -- --profile`.", ""];
  const top = p.categories.slice(0, 20);
  return [
    title,
    "",
    `_From bench/results/profile.json (\`${p.command}\`, ${p.generatedAt}, Node ${p.nodeVersion}): the in-process ${p.scenario} (catalogue cache off), ${p.iterations} iterations in one process under V8's sampling profiler every ${p.intervalUs} µs, ${p.totalMs} ms sampled in all; self time by where the function comes from. The provider answers are replayed (no simulator runs meanwhile); the bench's client shares the process, so its share is the bench's, not the API's._`,
    "",
    table(
      ["category", "self time", "share", "top functions (self time)"],
      top.map((c) => [c.category, `${c.selfMs} ms`, pct(c.share), c.top.map((f) => `${f.function} ${pct(f.share)}`).join("; ")]),
    ),
    "",
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
    `- Provider latency injected by the simulators: ${s.latencyMs} ms per call; PROVIDER_CONCURRENCY ${s.providerConcurrency}; NODE_ENV production; the served API ran with ${s.apiNodeFlags?.length ? `\`node ${s.apiNodeFlags.join(" ")}\`` : "no node flags"}.`,
    `- Load: autocannon, ${s.durationSec} s per concurrency level (connections ${s.concurrency.join(", ")}) after a ${s.warmupSec} s warm-up at concurrency 1 on a fresh API process; latencies per operation at concurrency 1.`,
    "",
    "## Acceptance targets",
    "",
    ...res.targets.map((t) => `${t.id}. ${t.description}: ${verdict(t.met)}. ${t.detail}.`),
    "",
    ...res.scenarios.flatMap((sc) => scenarioSection(sc, s.concurrency)),
    ...trafficSections(res.traffic, s),
    ...matrixSection(res.matrix),
    "## Peak RSS of the API process, per scenario",
    "",
    table(
      ["scenario", "peak RSS"],
      peakRssOf(res).map(([name, mb]) => [name, cell(mb, " MB")]),
    ),
    "",
    "## In-process: the layer's own cost",
    "",
    "The floor: JSON.parse of the exact provider answers of one execution plus JSON.stringify of the exact answer, timed once after each iteration (median). API side: from `app.fetch` until its answer's last byte is read (decoding it is the client's), less the time in the simulators' apps. API alone: the same with the provider answers replayed from one recorded execution, so no simulator runs in the process (none for the write mix, whose calls differ each time).",
    "",
    table(
      [
        "scenario",
        "catalogue cache",
        "upstream calls",
        "p50",
        "p95",
        "p99",
        "API side p50",
        "API side p95",
        "floor p50",
        "API side / floor",
        "API alone p50",
        "API alone p95",
        "API alone / floor",
        "provider answers",
        "in",
        "out",
        "iterations",
        "errors",
      ],
      res.inProcess.map(({ latency: w, apiLatency: a, ...r }) => [
        r.scenario,
        r.catalogueCache ?? "off",
        r.upstreamCalls,
        ms(w.p50Ms),
        ms(w.p95Ms),
        ms(w.p99Ms),
        ms(a.p50Ms),
        ms(a.p95Ms),
        ms(r.floor?.p50Ms ?? null),
        cell(r.apiOverFloor, "×"),
        ms(r.aloneLatency?.p50Ms ?? null),
        ms(r.aloneLatency?.p95Ms ?? null),
        cell(r.aloneOverFloor ?? null, "×"),
        cell(r.floor?.providerAnswers),
        kb(r.floor?.providerBytes),
        kb(r.floor?.responseBytes),
        r.iterations,
        r.errors,
      ]),
    ),
    "",
    ...profileSection(res.profile),
    "## Method",
    "",
    "- **Processes**: each simulator in its own process (simulators/serve.ts); the API twice (bench/serve.ts), wired by the bench with `createApp` over one temporary SQLite store, once batching and once with `batching: false` (one key per provider call). The tenant is created through the store and connected through GraphQL (HyperSKU demo merchant 1 by password, SuperShip demo shop 1 by token).",
    "- **Upstream calls**: the simulators' own counters, reset before and read after one execution of each scenario and mode on the same `createApp`, in-process (nothing else calls the providers then), after one uncounted execution that fills per-process caches as a running server has them.",
    "- **Call floor**: per endpoint, ⌈distinct keys / maxBatch⌉ calls on batch endpoints, one per distinct key elsewhere; keys read from the scenario's own answer. **Latency floor**: levels of calls that must follow one another, each costing max over providers of ⌈calls / cap⌉ waves; waves × injected latency.",
    "- **Latency** percentiles are nearest-rank over operations at concurrency 1 (the write mix's operation is createOrder + createDelivery). **rps** is answered requests per second (autocannon). **Errors**: non-2xx, GraphQL `errors`, typed mutation errors, connection errors and timeouts.",
    "- **Peak RSS**: the API process's own high-water mark since it started (Linux `VmHWM`, bench/peak-rss.ts; not `maxRSS`, which a spawned process inherits from its parent); each scenario and mode gets a fresh process (same store). Read scenarios run first, the write mix last, so its new orders do not change what the reads see.",
    "- **Latency floor at the limit in effect**: waves are counted at each provider's concurrency limit as the API's `/readyz` reports it right after the concurrency-1 run (the adaptive limiter's current limit), else at PROVIDER_CONCURRENCY.",
    "- **Pushed** (issue 15): a fresh batched API process with the delivery cache at its defaults and PUBLIC_URL its own address; the tenant registers its SuperShip webhook through the graph, one Dashboard fills the cache, the next is counted at the simulators (`/__sim/counters`), then the load runs at each concurrency with the simulators' calls per Dashboard. The other scenarios run with the cache off, so they keep measuring SuperShip's cold path. The fairness scenario's admission detail is /readyz's `admission` half-way through B's run.",
    "- **Limited providers**, **faults**, **fairness** (issue 13): each on a fresh API process, warmed up, before the write mix. Limits and faults are set through the simulators' control surface (`/__sim/limits`, `/__sim/faults`). The faults scenario runs its own closed loop (undici), not autocannon, so every answer is classified from its body (complete: data, no errors; partial: data and errors; failed: no data, non-2xx, no answer) and the slowest ones are waited for; `orders missing` counts responses with no `orders` (null, or no data at all). The simulators apply only the first fault rule matching a call, so each endpoint has one rule at the fault rate whose kind rotates every second.",
    "- **In-process**: `createApp` compiled (bench/tsconfig.serve.json) in a child process with NODE_ENV=production, as the image runs it; `app.fetch` with an in-memory `providerExchange` into the simulators' apps: no socket, zero latency, sequential iterations after a warm-up. The API side is the time from `app.fetch` until its answer's last byte is read, minus the time inside the simulators' apps (the bench's client work, decoding the bytes included, is outside it; until 2026-12-03 the decoding was inside, about 0.5–1 ms of the Dashboard's). The API alone repeats the iterations with the exchange replaying one recorded execution's provider answers (a call not in the recording fails the row), so the simulators' work and garbage are out of the process; the targets are judged on it where it exists. Catalogue cache off everywhere (CATALOGUE_CACHE_TTL_MS=0) except the Dashboard's second row (its default TTL, after one warming execution). The floor's inputs are captured from one execution (the texts the exchange returned, the API's answers), and one floor sample follows each timed iteration.",
    "- **Served matrix** (issue 17): the simulators' latency is switched with `POST /__sim/latency` and restored; cold cells run with both caches off, warm cells with the catalogue cache at its default and the delivery cache warm (the pushed scenario's path). CPU per Dashboard comes from the API process's own `process.cpuUsage()` (`GET /__bench/state`), read before and right after each load run.",
    "- **Where the CPU goes**: `npm run bench -- --profile` writes bench/results/profile.json (node:inspector's Profiler over the in-process Dashboard); a full run renders the file it finds.",
    "",
  ].join("\n");
}
