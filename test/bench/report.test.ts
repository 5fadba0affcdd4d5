import { describe, expect, it } from "vitest";
import type { InProcessResult } from "../../bench/in-process.js";
import type { LoadResult, ModeResult } from "../../bench/measure.js";
import { evaluateTargets, failuresOf, renderReport, type ScenarioResult } from "../../bench/report.js";

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
  floor: { ...calls(84), waves: 5, ms: 100 },
  latency: { count: 10, p50Ms: 120, p95Ms: 130, p99Ms: 140, meanMs: null },
  p50OverFloor: 1.2,
  peakRssMb: 400,
  load: [load()],
  ...over,
});
const dashboard = (modes: ScenarioResult["modes"]): ScenarioResult => ({ id: "dashboard", title: "", source: "", modes });
const inProcess = (apiP50: number, errors = 0): InProcessResult[] => [
  {
    scenario: "dashboard",
    iterations: 10,
    errors,
    firstError: errors ? "Dashboard: HTTP 500" : undefined,
    upstreamCalls: 84,
    latency: summary(apiP50 + 10),
    apiLatency: summary(apiP50),
  },
];
const settings = (smoke: boolean) => ({ smoke }) as never;

describe("acceptance targets", () => {
  it("judges each target from the numbers", () => {
    const targets = evaluateTargets({
      scenarios: [dashboard({ batched: ok(), unbatched: ok({ upstream: calls(200) }) })],
      inProcess: inProcess(4),
      settings: settings(false),
    });
    expect(targets.map((t) => t.met)).toEqual([true, true, false, true]);
    expect(targets[2]?.detail).toContain("200 calls vs 84 batched = 2.38×");
  });

  it("misses a target by the numbers", () => {
    const slow = ok({ upstream: calls(90, { "supership.orderInfo": 56, "hypersku.getPrivateProduct": 34 }), latency: { ...ok().latency, p50Ms: 126 } });
    const [t1, t2, t3, t4] = evaluateTargets({
      scenarios: [dashboard({ batched: slow, unbatched: ok({ upstream: calls(316) }) })],
      inProcess: inProcess(32.6),
      settings: settings(false),
    });
    expect([t1?.met, t2?.met, t3?.met, t4?.met]).toEqual([false, false, true, false]);
    expect(t1?.detail).toContain("90 upstream calls, call floor 84");
    expect(t2?.detail).toContain("bound 125 ms");
  });

  it("does not judge what was not measured", () => {
    const targets = evaluateTargets({ scenarios: [dashboard({ batched: { status: "failed", error: "boom" } })], inProcess: [], settings: settings(false) });
    expect(targets.map((t) => t.met)).toEqual([null, null, null, null]);
    expect(targets[0]?.detail).toBe("not measured");
  });
});

describe("what makes a run broken (the smoke check's exit code)", () => {
  const check = (modes: ScenarioResult["modes"], { smoke = true, ip = inProcess(4) } = {}) =>
    failuresOf({ scenarios: [{ ...dashboard(modes), id: "order" }], inProcess: ip, settings: settings(smoke) });

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

  it("an in-process iteration with an error answer", () => {
    expect(check({}, { ip: inProcess(4, 2) })).toEqual(["in-process dashboard: 2 errors (Dashboard: HTTP 500)"]);
  });
});

describe("the report", () => {
  it("lists every endpoint either mode called or the floor needs, and marks an understated rps", () => {
    const slow = ok({ upstream: calls(84, { "hypersku.getPrivateProduct": 100, "hypersku.getCustomerInventoryInfo": 134 }), load: [{ ...load(), operations: 0 }] });
    const machine = { cpuModel: "cpu", cores: 2, memoryGb: 4, platform: "linux x64", nodeVersion: "v20", loadAverageAtStart: 0.5, loadAverageAtEnd: 0.6 };
    const results = {
      scenarios: [dashboard({ batched: ok(), unbatched: slow })],
      inProcess: inProcess(4),
      settings: { smoke: false, latencyMs: 20, durationSec: 5, warmupSec: 5, concurrency: [1], providerConcurrency: 16, iterations: 10 },
    };
    const md = renderReport({
      generatedAt: "now",
      durationSec: 1,
      command: "npm run bench",
      machine,
      fixtures: {} as never,
      ...results,
      targets: evaluateTargets(results),
      failures: [],
    });
    expect(md).toContain("| `hypersku.getCustomerInventoryInfo` | 0 | 0 | 134 |");
    expect(md).toContain("| `supership.orderInfo` | 50 | 50 | 0 |");
    expect(md).toContain("| unbatched | 84 | 84 | 100 ms (5 waves) | 120 ms | 130 ms | 140 ms | 1.2× | 10* (0%) | 400 MB |");
  });
});
