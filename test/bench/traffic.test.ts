import { describe, expect, it } from "vitest";
import { limitsOf } from "../../bench/api.js";
import { classify, faultRules, limitedProvider, type Outcome, recoveryMs, tally } from "../../bench/traffic.js";
import { faultKinds } from "../../simulators/shared/control.js";

describe("the fault mix", () => {
  const endpoints = ["getOrderInfos", "getPrivateProduct", "internationalLogisticsInfo"];

  it("one rule per endpoint (the simulator applies only the first match) and a '*' rule last, all at the rate", () => {
    const rules = faultRules(endpoints, 0, 0, 0.1, 15_000);
    expect(rules.map((r) => r.endpoint)).toEqual([...endpoints, "*"]);
    expect(new Set(rules.map((r) => r.rate))).toEqual(new Set([0.1]));
    expect(new Set(rules.map((r) => r.kind)).size).toBe(4);
  });

  it("every endpoint meets every kind as the ticks rotate", () => {
    const seen = endpoints.map((_, i) => new Set(Array.from({ length: faultKinds.length }, (_, tick) => faultRules(endpoints, tick, 3, 0.1, 1)[i]!.kind)));
    for (const kinds of seen) expect([...kinds].sort()).toEqual([...faultKinds].sort());
  });
});

describe("an answer's class", () => {
  const body = (data: unknown, errors?: unknown[]) => JSON.stringify({ data, ...(errors ? { errors } : {}) });

  it("complete, partial (data and errors), failed (no data, non-2xx, no JSON, no answer)", () => {
    expect(classify(200, body({ orders: { edges: [] } }))).toEqual({ kind: "complete", ordersMissing: false, error: undefined });
    expect(classify(200, body({ orders: null }, [{ message: "PROVIDER_TIMEOUT" }]))).toEqual({ kind: "partial", ordersMissing: true, error: "PROVIDER_TIMEOUT" });
    expect(classify(200, body(null, [{ message: "boom" }])).kind).toBe("failed");
    expect(classify(503, body({ orders: { edges: [] } })).kind).toBe("failed");
    expect(classify(200, "<html>")).toEqual({ kind: "failed", ordersMissing: true, error: "HTTP 200, not JSON" });
    expect(classify(0, "", "no answer within 60 s")).toEqual({ kind: "failed", ordersMissing: true, error: "no answer within 60 s" });
  });
});

describe("recovery after faults stop", () => {
  const at = (start: number, end: number, kind: Outcome["kind"] = "complete"): Outcome => ({ start, end, kind, ordersMissing: kind !== "complete" });

  it("is the answer to the first request that begins a second of requests all answered completely, among those started after the stop", () => {
    const outcomes = [
      at(900, 1_200, "partial"),
      at(1_000, 1_100, "partial"),
      at(1_050, 1_300),
      at(1_100, 1_700, "failed"),
      at(1_400, 1_800),
      at(1_500, 2_400),
      at(2_000, 3_000),
      at(2_500, 2_600),
    ];
    // The request sent at 1 050 is followed by a failed one at 1 100; those sent from 1 400 to 2 400 are all complete (the first answered at 1 800).
    expect(recoveryMs(outcomes, 1_000)).toBe(800);
  });

  it("is null when no full second of requests answered completely was observed", () => {
    expect(recoveryMs([at(1_000, 1_100), at(1_100, 1_600)], 1_000)).toBeNull();
    expect(recoveryMs([at(1_000, 1_100), at(1_100, 2_200, "partial"), at(2_100, 2_200)], 1_000)).toBeNull();
  });

  it("tallies counts, the share without orders, the slowest answer and the most frequent errors", () => {
    const t = tally([
      at(0, 100),
      { ...at(0, 9_000, "failed"), error: "no answer within 9 s", unanswered: true },
      { ...at(10, 30, "partial"), error: "supership orderInfo 17: timeout" },
    ]);
    expect(t).toMatchObject({ responses: 3, complete: 1, partial: 1, failed: 1, unanswered: 1, ordersMissingShare: 0.6667, maxMs: 9_000 });
    expect(t.topErrors).toEqual([
      { message: "no answer within # s", n: 1 },
      { message: "supership orderInfo #: timeout", n: 1 },
    ]);
  });
});

describe("the limited run's readings", () => {
  it("refused as a share of the simulator's calls; not enforced when the control is missing", () => {
    expect(limitedProvider(200, { maxInFlight: 24, refused: 5, peakInFlight: 24 }, 1_000, [16, 24, 22])).toEqual({
      enforced: true,
      setStatus: 200,
      calls: 1_000,
      refused: 5,
      refusedShare: 0.005,
      peakInFlight: 24,
      apiLimit: { last: 22, min: 16, max: 24 },
    });
    expect(limitedProvider(404, null, 1_000, [])).toMatchObject({ enforced: false, refused: null, refusedShare: null, apiLimit: null });
  });

  it("finds the limiter's current limit in /readyz however it is nested, never a bound", () => {
    expect(limitsOf({ providers: { hypersku: { circuit: "closed" } } })).toEqual({});
    expect(limitsOf({ providers: { hypersku: { circuit: "closed", limit: 40 }, supership: { limiter: { limit: 18, min: 2, max: 256, inFlight: 3 } } } })).toEqual({
      hypersku: 40,
      supership: 18,
    });
    expect(limitsOf({ providers: { supership: { concurrency: { current: 30, maxLimit: 256 } } } })).toEqual({ supership: 30 });
    expect(limitsOf({ providers: { supership: { endpoints: { orderInfo: { limit: 30 }, createOrder: { limit: 4 } } } } })).toEqual({ supership: 30 });
    expect(limitsOf(null)).toEqual({});
  });
});
