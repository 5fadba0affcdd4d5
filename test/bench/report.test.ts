import { describe, expect, it } from "vitest";
import type { InProcessResult } from "../../bench/in-process.js";
import type { MatrixCell, MatrixResult } from "../../bench/matrix.js";
import type { LoadResult, ModeResult } from "../../bench/measure.js";
import type { ProfileSummary } from "../../bench/profile.js";
import { evaluateTargets, failuresOf, renderReport, type ScenarioResult, type Settings, warmZeroRps } from "../../bench/report.js";
import { type FaultsResult, type Outcome, type TrafficResults, tally, trafficSettings } from "../../bench/traffic.js";

type Ok = Extract<ModeResult, { status: "ok" }>;
const summary = (p50Ms: number | null) => ({ count: 10, p50Ms, p95Ms: null, p99Ms: null, meanMs: null });
const load = (errorRate = 0): LoadResult => ({
  connections: 1,
  durationSec: 1,
  requests: 10,
  operations: 10,
  rps: 10,
  errorRate,
  firstError: errorRate ? "HTTP 500" : undefined,
  latency: summary(120),
});
const byEndpoint = { "supership.orderInfo": 50, "hypersku.getPrivateProduct": 34 };
const calls = (total: number, by: Record<string, number> = byEndpoint) => ({ total, byEndpoint: by });
const ok = (over: Partial<Ok> = {}): Ok => ({
  status: "ok",
  upstream: calls(84),
  floor: { ...calls(84), waves: 5, ms: 100, limits: { source: "PROVIDER_CONCURRENCY", byProvider: { hypersku: 16, supership: 16 } } },
  latency: { count: 10, p50Ms: 120, p95Ms: 130, p99Ms: 140, meanMs: null },
  p50OverFloor: 1.2,
  peakRssMb: 400,
  load: [load()],
  ...over,
});
const dashboard = (modes: ScenarioResult["modes"]): ScenarioResult => ({ id: "dashboard", title: "", source: "", modes });
const floor = (p50Ms: number, providerAnswers = 84, providerBytes = 379_573) => ({ ...summary(p50Ms), providerAnswers, providerBytes, responseBytes: 107_758 });
const inProcessRow = (apiP50: number, floorMs: number, catalogueCache: "off" | "on", errors = 0, aloneP50?: number): InProcessResult => ({
  scenario: "dashboard",
  catalogueCache,
  iterations: 10,
  errors,
  firstError: errors ? "Dashboard: HTTP 500" : undefined,
  upstreamCalls: catalogueCache === "on" ? 81 : 84,
  latency: summary(apiP50 + 10),
  apiLatency: summary(apiP50),
  floor: catalogueCache === "on" ? floor(floorMs / 2, 81, 150_000) : floor(floorMs),
  apiOverFloor: Math.round((apiP50 / floorMs) * 100) / 100,
  aloneLatency: aloneP50 === undefined ? null : summary(aloneP50),
  aloneOverFloor: aloneP50 === undefined ? null : Math.round((aloneP50 / floorMs) * 100) / 100,
});
const inProcess = (apiP50: number, errors = 0): InProcessResult[] => [inProcessRow(apiP50, 1.5, "off", errors)];
const settings = (smoke: boolean): Settings => ({
  smoke,
  latencyMs: 20,
  durationSec: 5,
  warmupSec: 5,
  concurrency: [1, 10],
  providerConcurrency: 16,
  iterations: 10,
  traffic: { ...trafficSettings(false), budgetMs: 8_000, halfOpenMs: 10_000 },
  baseline: { rps: 11.6, source: "issue 13" },
  matrixLatenciesMs: [0, 20],
  baselineZero: { rps: 41, source: "issue 17" },
});
const none: TrafficResults = {};

describe("acceptance targets", () => {
  it("judges each target from the numbers", () => {
    const targets = evaluateTargets({
      scenarios: [dashboard({ batched: ok(), unbatched: ok({ upstream: calls(200) }) })],
      inProcess: inProcess(4),
      traffic: none,
      settings: settings(false),
    });
    expect(targets.map((t) => t.met).slice(0, 4)).toEqual([true, true, false, true]);
    expect(targets[2]?.detail).toContain("200 calls vs 84 batched = 2.38×");
  });

  it("misses a target by the numbers", () => {
    const slow = ok({ upstream: calls(90, { "supership.orderInfo": 56, "hypersku.getPrivateProduct": 34 }), latency: { ...ok().latency, p50Ms: 126 } });
    const [t1, t2, t3, t4] = evaluateTargets({
      scenarios: [dashboard({ batched: slow, unbatched: ok({ upstream: calls(316) }) })],
      inProcess: inProcess(32.6),
      traffic: none,
      settings: settings(false),
    });
    expect([t1?.met, t2?.met, t3?.met, t4?.met]).toEqual([false, false, true, false]);
    expect(t1?.detail).toContain("90 upstream calls, call floor 84");
    expect(t2?.detail).toContain("bound 125 ms");
  });

  it("does not judge what was not measured", () => {
    const targets = evaluateTargets({ scenarios: [dashboard({ batched: { status: "failed", error: "boom" } })], inProcess: [], traffic: none, settings: settings(false) });
    expect(targets.map((t) => t.met)).toEqual(Array(18).fill(null));
    expect(targets[0]?.detail).toBe("not measured");
  });
});

describe("issue 13's targets", () => {
  const outcome = (start: number, kind: Outcome["kind"], ms = 100): Outcome => ({ start, end: start + ms, kind, ordersMissing: kind === "failed" });
  const faults = (outcomes: Outcome[], recoveryMs: number | null): FaultsResult => ({
    status: "ok",
    connections: 50,
    faultsStoppedAtMs: 1_000,
    injected: { calls: 100, unseen: 0, byKind: { hang: 10 }, faults: 10, share: 0.1 },
    all: tally(outcomes),
    faults: tally(outcomes.filter((o) => o.start < 1_000)),
    recovery: tally(outcomes.filter((o) => o.start >= 1_000)),
    recoveryMs,
    peakRssMb: 150,
  });
  const load10 = (rps: number): LoadResult => ({ ...load(), connections: 10, rps });
  const p = (ms: number) => ({ ...load(), latency: summary(ms) });
  const fairness = (quiet: number, flooded: number): TrafficResults["fairness"] => ({
    status: "ok",
    ids: 100,
    admission: null,
    quiet: p(quiet),
    flooded: p(flooded),
    flood: load(),
    ratio: flooded / quiet,
    peakRssMb: 150,
  });
  const limited = (refused: number, peak: number, setStatus = 201): TrafficResults["limited"] => {
    const provider = {
      enforced: setStatus === 201,
      setStatus,
      calls: 1_000,
      refused,
      refusedShare: refused / 1_000,
      peakInFlight: peak,
      apiLimit: { last: 22, min: 20, max: 24 },
    };
    return { status: "ok", maxInFlight: 24, connections: 10, load: load(), providers: { hypersku: provider, supership: provider }, peakRssMb: 150 };
  };
  const judge = (traffic: TrafficResults, batched: Ok = ok()) =>
    evaluateTargets({ scenarios: [dashboard({ batched })], inProcess: [], traffic, settings: settings(false) })
      .slice(4)
      .map((t) => t.met);

  it("two waves and p50 ≤ 72 ms; 2.5× the baseline rps at 10 connections", () => {
    const twoWaves = { ...ok().floor, waves: 2, ms: 40 };
    expect(judge(none, ok({ floor: twoWaves, latency: { ...ok().latency, p50Ms: 70 }, load: [load(), load10(29)] })).slice(0, 2)).toEqual([true, true]);
    expect(judge(none, ok({ latency: { ...ok().latency, p50Ms: 70 }, load: [load(), load10(28.9)] })).slice(0, 2)).toEqual([false, false]);
  });

  it("limited: at most 1% refused and the limit used; not judged when the simulators ignore it", () => {
    expect(judge({ limited: limited(10, 24) })[2]).toBe(true);
    expect(judge({ limited: limited(11, 24) })[2]).toBe(false);
    expect(judge({ limited: limited(0, 11) })[2]).toBe(false);
    const ignored = evaluateTargets({ scenarios: [], inProcess: [], traffic: { limited: limited(0, 0, 404) }, settings: settings(false) })[6];
    expect(ignored?.met).toBeNull();
    expect(ignored?.detail).toContain("hypersku 404");
  });

  it("faults: slowest answer, share without orders while faults are on, recovery", () => {
    const healthy = [...Array.from({ length: 98 }, (_, i) => outcome(i, "complete")), outcome(0, "failed", 8_400), outcome(1_500, "partial")];
    expect(judge({ faults: faults(healthy, 10_900) }).slice(3, 6)).toEqual([true, true, true]);
    const slow = [...healthy, outcome(3, "failed", 8_600), outcome(4, "failed")];
    expect(judge({ faults: faults(slow, 11_100) }).slice(3, 6)).toEqual([false, false, false]);
    expect(judge({ faults: faults(healthy, null) })[5]).toBe(false);
    const timedOut = [...healthy, { ...outcome(5, "failed", 10), unanswered: true }];
    expect(judge({ faults: faults(timedOut, 0) })[3]).toBe(false);
  });

  it("fairness: the flooded p50 within 1.5× the quiet one", () => {
    expect(judge({ fairness: fairness(100, 150) })[6]).toBe(true);
    expect(judge({ fairness: fairness(100, 151) })[6]).toBe(false);
  });
});

describe("what makes a run broken (the smoke check's exit code)", () => {
  const check = (modes: ScenarioResult["modes"], { smoke = true, ip = inProcess(4) } = {}) =>
    failuresOf({ scenarios: [{ ...dashboard(modes), id: "order" }], inProcess: ip, traffic: none, settings: settings(smoke) });

  it("a healthy run has none", () => {
    expect(check({ batched: ok(), unbatched: ok() })).toEqual([]);
  });

  it("a failed scenario, or one that counted no upstream call", () => {
    expect(check({ batched: { status: "failed", error: "GraphQL error at order" } })).toEqual(["order (batched): GraphQL error at order"]);
    expect(check({ batched: ok({ upstream: calls(0) }) })).toEqual(["order (batched): no upstream call counted"]);
  });

  it("errors under load in smoke mode only (in a full run they are a finding)", () => {
    const loaded = { batched: ok({ load: [load(0.1)] }) };
    expect(check(loaded)).toEqual(["order (batched): errors under load (HTTP 500)"]);
    expect(check(loaded, { smoke: false })).toEqual([]);
  });

  it("a traffic scenario that could not run, never its errors", () => {
    const traffic: TrafficResults = { faults: { status: "failed", error: "the API never went idle" } };
    expect(failuresOf({ scenarios: [], inProcess: [], traffic, settings: settings(true) })).toEqual(["faults: the API never went idle"]);
  });

  it("an in-process iteration with an error answer", () => {
    expect(check({}, { ip: inProcess(4, 2) })).toEqual(["in-process dashboard: 2 errors (Dashboard: HTTP 500)"]);
  });
});

describe("the report", () => {
  it("lists every endpoint either mode called or the floor needs, and marks an understated rps", () => {
    const slow = ok({ upstream: calls(84, { "hypersku.getPrivateProduct": 100, "hypersku.getCustomerInventoryInfo": 134 }), load: [{ ...load(), operations: 0 }] });
    const machine = { cpuModel: "cpu", cores: 2, memoryGb: 4, platform: "linux x64", nodeVersion: "v20", loadAverageAtStart: 0.5, loadAverageAtEnd: 0.6 };
    const results = { scenarios: [dashboard({ batched: ok(), unbatched: slow })], inProcess: inProcess(4), traffic: none, settings: { ...settings(false), concurrency: [1] } };
    const render = (settings = results.settings) =>
      renderReport({
        generatedAt: "now",
        durationSec: 1,
        command: "npm run bench",
        machine,
        fixtures: {} as never,
        ...results,
        settings,
        targets: evaluateTargets(results),
        failures: [],
      });
    const md = render();
    expect(md).toContain("| `hypersku.getCustomerInventoryInfo` | 0 | 0 | 134 |");
    expect(md).toContain("| `supership.orderInfo` | 50 | 50 | 0 |");
    expect(md).toContain("| unbatched | 84 | 84 | 100 ms (5 waves) | 120 ms | 130 ms | 140 ms | 1.2× | 10* (0%) | 400 MB |");
    expect(md).toContain("the served API ran with no node flags.");
    const flagged = render({ ...results.settings, apiNodeFlags: ["--heap-growing-percent=30"] });
    expect(flagged).toContain("the served API ran with `node --heap-growing-percent=30`.");
  });
});

describe("issue 15's targets", () => {
  const c = (supership: number) => ({ hypersku: 34, supership, total: 34 + supership });
  const pushed = (warm: number, underLoad: number, rps10: number): TrafficResults["pushed"] => ({
    status: "ok",
    cold: c(50),
    warm: c(warm),
    latency: load().latency,
    load: [
      { ...load(), connections: 1, callsPerDashboard: c(underLoad) },
      { ...load(), connections: 10, rps: rps10, callsPerDashboard: c(underLoad) },
    ],
    peakRssMb: 150,
  });
  const judge = (traffic: TrafficResults) =>
    evaluateTargets({ scenarios: [dashboard({ batched: ok() })], inProcess: [], traffic, settings: settings(false) })
      .slice(11, 13)
      .map((t) => t.met);

  it("0 SuperShip calls warm and under load; 5× the baseline rps at 10 connections", () => {
    expect(judge({ pushed: pushed(0, 0, 58) })).toEqual([true, true]);
    expect(judge({ pushed: pushed(0, 0.02, 57.9) })).toEqual([false, false]);
    expect(judge({ pushed: pushed(1, 0, 58) })[0]).toBe(false);
    expect(judge(none)).toEqual([null, null]);
  });
});

describe("issue 17's targets", () => {
  const cell = (latencyMs: number, cache: "cold" | "warm", o: { rps10?: number; p50?: number; rssMb?: number | null; floorMs?: number } = {}): MatrixCell => ({
    latencyMs,
    cache,
    calls: { total: 4, byEndpoint: { "hypersku.getOrderInfos": 1, "hypersku.getCustomerInventoryInfo": 3 } },
    floor: latencyMs > 0 ? { waves: 2, ms: o.floorMs ?? 2 * latencyMs } : null,
    p50OverFloor: null,
    load: [
      { ...load(), connections: 1, latency: summary(o.p50 ?? 45), cpuMsPerDashboard: 5 },
      { ...load(), connections: 10, rps: o.rps10 ?? 130, cpuMsPerDashboard: 6 },
    ],
    peakRssMb: (o.rssMb === undefined ? 180 : o.rssMb) as number,
  });
  const matrix = (...cells: MatrixCell[]): MatrixResult => ({ status: "ok", cells });
  const judge = (o: { ip?: InProcessResult[]; m?: MatrixResult; scenarios?: ScenarioResult[]; traffic?: TrafficResults } = {}) =>
    evaluateTargets({ scenarios: o.scenarios ?? [], inProcess: o.ip ?? [], traffic: o.traffic ?? none, settings: settings(false), matrix: o.m })
      .slice(13)
      .map((t) => t.met);

  it("in-process: warm ≤ 2× the Dashboard's (cold) floor, cold ≤ 12 ms", () => {
    expect(judge({ ip: [inProcessRow(12, 2, "off"), inProcessRow(4, 2, "on")] }).slice(0, 2)).toEqual([true, true]);
    expect(judge({ ip: [inProcessRow(12.01, 2, "off"), inProcessRow(4.01, 2, "on")] }).slice(0, 2)).toEqual([false, false]);
    const [warm] = evaluateTargets({ scenarios: [], inProcess: [inProcessRow(12, 2, "off"), inProcessRow(4, 2, "on")], traffic: none, settings: settings(false) }).slice(13);
    expect(warm?.detail).toContain("= 2× the Dashboard's floor of 2 ms");
    expect(warm?.detail).toContain("own floor (81 answers, 150000 B) 2×");
    expect(judge({ ip: [inProcessRow(12, 2, "off")] }).slice(0, 2)).toEqual([null, true]);
  });

  it("in-process: judged on the API alone (answers replayed) where it was measured, the simulators' row shown beside it", () => {
    expect(judge({ ip: [inProcessRow(30, 2, "off", 0, 12), inProcessRow(30, 2, "on", 0, 4)] }).slice(0, 2)).toEqual([true, true]);
    expect(judge({ ip: [inProcessRow(5, 2, "off", 0, 12.01), inProcessRow(1, 2, "on", 0, 4.01)] }).slice(0, 2)).toEqual([false, false]);
    const [warm, cold] = evaluateTargets({
      scenarios: [],
      inProcess: [inProcessRow(30, 2, "off", 0, 12), inProcessRow(20, 2, "on", 0, 4)],
      traffic: none,
      settings: settings(false),
    }).slice(13);
    expect(warm?.detail).toContain("API alone p50 4 ms = 2× the Dashboard's floor of 2 ms");
    expect(warm?.detail).toContain("with the simulators in the process 20 ms");
    expect(cold?.detail).toContain("API alone p50 12 ms = 6× its floor of 2 ms; with the simulators in the process 30 ms");
  });

  it("3× the zero-latency baseline at 10 connections, warm; warm c=1 p50 ≤ 1.25× its floor", () => {
    expect(judge({ m: matrix(cell(0, "cold", { rps10: 50 }), cell(0, "warm", { rps10: 123 }), cell(20, "warm", { p50: 50 })) }).slice(2, 4)).toEqual([true, true]);
    expect(judge({ m: matrix(cell(0, "cold", { rps10: 200 }), cell(0, "warm", { rps10: 122.9 }), cell(20, "warm", { p50: 50.1 })) }).slice(2, 4)).toEqual([false, false]);
    expect(judge({ m: matrix(cell(0, "warm")) }).slice(2, 4)).toEqual([true, null]);
  });

  it("peak RSS ≤ 200 MB in every scenario: classic, traffic and matrix; one without a figure is not met", () => {
    const scenarios = [dashboard({ batched: ok({ peakRssMb: 200 }) })];
    expect(judge({ scenarios, m: matrix(cell(0, "warm", { rssMb: 199 })) })[4]).toBe(true);
    expect(judge({ scenarios, m: matrix(cell(0, "warm", { rssMb: 201 })) })[4]).toBe(false);
    expect(judge({ scenarios: [dashboard({ batched: ok({ peakRssMb: 400 }) })] })[4]).toBe(false);
    expect(judge({ scenarios, m: matrix(cell(0, "warm", { rssMb: null })) })[4]).toBe(false);
    expect(judge()[4]).toBeNull();
  });

  it("--baseline-zero reads the earlier run's warm cell at 0 ms and 10 connections, nothing else", () => {
    expect(warmZeroRps({ matrix: matrix(cell(0, "cold", { rps10: 40 }), cell(0, "warm", { rps10: 45 }), cell(20, "warm", { rps10: 50 })) })).toBe(45);
    expect(warmZeroRps({ matrix: matrix(cell(0, "cold", { rps10: 40 })) })).toBeUndefined();
    expect(warmZeroRps({})).toBeUndefined();
  });

  it("a matrix cell that could not run breaks the run", () => {
    const m: MatrixResult = { status: "ok", cells: [cell(0, "cold"), { latencyMs: 0, cache: "warm", status: "failed", error: "HTTP 500" }] };
    expect(failuresOf({ scenarios: [], inProcess: [], traffic: none, settings: settings(true), matrix: m })).toEqual(["matrix 0 ms warm: HTTP 500"]);
    expect(failuresOf({ scenarios: [], inProcess: [], traffic: none, settings: settings(true), matrix: { status: "failed", error: "no latency control" } })).toEqual([
      "matrix: no latency control",
    ]);
  });

  it("the report shows the floor, the matrix, peak RSS per scenario and where the CPU goes", () => {
    const machine = { cpuModel: "cpu", cores: 2, memoryGb: 4, platform: "linux x64", nodeVersion: "v20", loadAverageAtStart: 0.5, loadAverageAtEnd: 0.6 };
    const input = {
      scenarios: [dashboard({ batched: ok() })],
      inProcess: [inProcessRow(12, 2, "off"), inProcessRow(4, 2, "on")],
      traffic: { limited: { status: "failed" as const, error: "x" } },
      settings: settings(false),
      matrix: matrix(cell(0, "cold"), cell(20, "warm", { rssMb: 190 })),
    };
    const base = { generatedAt: "now", durationSec: 1, command: "npm run bench", machine, fixtures: {} as never, ...input, targets: evaluateTargets(input), failures: [] };
    const profile: ProfileSummary = {
      generatedAt: "then",
      command: "npm run bench -- --profile",
      scenario: "dashboard",
      iterations: 200,
      intervalUs: 200,
      nodeVersion: "v20",
      totalMs: 1000,
      categories: [{ category: "garbage collector", selfMs: 230, share: 0.23, top: [{ function: "(garbage collector)", selfMs: 230, share: 0.23 }] }],
    };
    const md = renderReport({ ...base, profile });
    expect(md).toContain("| dashboard | off | 84 | 22 ms | – | – | 12 ms | – | 2 ms | 6× | – | – | – | 84 | 370.7 KB | 105.2 KB | 10 | 0 |");
    expect(md).toContain("| dashboard | on | 81 |");
    expect(md).toContain("| 0 ms | cold (both off) | 10 | 130 | 120 ms | – | 0% | 6 ms | 4 | – | – | 180 MB |");
    expect(md).toContain("| 20 ms | warm (catalogue on, delivery pushed) | 1 | 10 | 45 ms | – | 0% | 5 ms | 4 | 40 ms (2 waves) | – | 190 MB |");
    expect(md).toContain("| dashboard (batched) | 400 MB |\n| matrix 0 ms cold | 180 MB |\n| matrix 20 ms warm | 190 MB |");
    expect(md).toContain("| garbage collector | 230 ms | 23% | (garbage collector) 23% |");
    expect(renderReport(base)).toContain("No profile summary (bench/results/profile.json): run `npm run bench -- --profile`.");
  });
});
