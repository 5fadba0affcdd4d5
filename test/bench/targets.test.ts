import { describe, expect, it } from "vitest";
import { failed, type ModeResult } from "../../bench/measure.js";
import type { ScenarioResult } from "../../bench/results.js";
import { callExcess, evaluateTargets, unbatchableCalls } from "../../bench/targets.js";

const mode = (over: Partial<ModeResult>): ModeResult => ({ ...failed(""), status: "ok", error: undefined, ...over }) as ModeResult;
const batched = mode({ upstreamCalls: 84, floorCalls: 84, upstreamByEndpoint: { "hypersku.getPrivateProduct": 3, "supership.orderInfo": 50, "hypersku.internationalLogisticsInfo": 28, "hypersku.getOrderInfos": 1, "hypersku.getCustomerInventoryInfo": 2 }, floorByEndpoint: {}, floorMs: 100, floorWaves: 5, p50Ms: 120, p50OverFloor: 1.2 });
const unbatched = mode({ upstreamCalls: 200, upstreamByEndpoint: { "hypersku.getPrivateProduct": 50, "supership.orderInfo": 50, "hypersku.internationalLogisticsInfo": 28, "hypersku.getOrderInfos": 1, "hypersku.getCustomerInventoryInfo": 71 } });
const dashboard = (over: Partial<ScenarioResult> = {}): ScenarioResult => ({ id: "dashboard", title: "", source: "", wants: [], missing: [], complete: true, modes: { batched, unbatched }, ...over });
const settings = { latencyMs: 20, jitterMs: 0 } as never;
const inProcess = (apiP50: number) => ({ results: [{ scenario: "dashboard" as const, iterations: 10, errors: 0, upstreamCalls: 84, latency: { count: 10, p50Ms: apiP50 + 1, p95Ms: null, p99Ms: null, meanMs: null }, apiLatency: { count: 10, p50Ms: apiP50, p95Ms: null, p99Ms: null, meanMs: null } }], profile: null });

describe("acceptance targets", () => {
  it("names the endpoints off the floor, with signs", () => {
    expect(callExcess({ upstreamByEndpoint: { a: 3, b: 1 }, floorByEndpoint: { a: 1, b: 1, c: 1 } })).toEqual(["a +2", "c -1"]);
  });

  it("counts calls batching cannot shrink: same count in both modes", () => {
    expect(unbatchableCalls(batched, unbatched)).toBe(50 + 28 + 1);
  });

  it("judges each target from the numbers", () => {
    const [t1, t2, t3, t4] = evaluateTargets({ scenarios: [dashboard()], inProcess: inProcess(4), settings });
    expect([t1?.met, t2?.met, t3?.met, t4?.met]).toEqual([true, true, false, true]);
    expect(t3?.detail).toContain("79 of the 84 batched calls are on endpoints with no batch form");
  });

  it("says by how much a target is missed", () => {
    const slow = mode({ ...batched, p50Ms: 228, upstreamCalls: 90, upstreamByEndpoint: { ...batched.upstreamByEndpoint }, floorByEndpoint: { "supership.orderInfo": 44 } });
    const [t1, t2, , t4] = evaluateTargets({ scenarios: [dashboard({ modes: { batched: slow, unbatched } })], inProcess: inProcess(80), settings });
    expect(t1?.met).toBe(false);
    expect(t1?.detail).toContain("supership.orderInfo +6");
    expect(t2?.detail).toContain("missed by 103 ms");
    expect(t4?.detail).toContain("missed by 75 ms (16×)");
  });

  it("does not judge an incomplete dashboard, and reports what was not measured", () => {
    const targets = evaluateTargets({ scenarios: [dashboard({ complete: false, missing: ["Order.delivery"] })], inProcess: null, settings });
    expect(targets.map((t) => t.met)).toEqual([null, null, null, null]);
    expect(targets[3]?.detail).toContain("not measured");
    expect(evaluateTargets({ scenarios: [dashboard({ modes: { batched: failed(new Error("boom")) } })], inProcess: null, settings })[0]?.detail).toBe("not measured: boom");
  });
});
