import { describe, expect, it } from "vitest";
import { failed, type ModeResult } from "../../bench/measure.js";
import { failuresOf, type ScenarioResult } from "../../bench/results.js";

const ok = (over: Partial<ModeResult> = {}): ModeResult => ({ ...failed(""), status: "ok", error: undefined, upstreamCalls: 6, errorRate: 0, ...over }) as ModeResult;
const scenario = (modes: ScenarioResult["modes"], over: Partial<ScenarioResult> = {}): ScenarioResult => ({ id: "order", title: "", source: "", wants: [], missing: [], complete: true, modes, ...over });
const inProcess = { results: [], profile: null };
const check = (scenarios: ScenarioResult[], { smoke = true, allowIncomplete = false } = {}) =>
  failuresOf({ scenarios, inProcess, settings: { smoke } as never }, { allowIncomplete });

describe("what makes a benchmark run broken (the smoke check's exit code)", () => {
  it("a healthy run has no failures", () => {
    expect(check([scenario({ batched: ok(), unbatched: ok() })])).toEqual([]);
  });

  it("a failed scenario, or one that counted no upstream call", () => {
    expect(check([scenario({ batched: failed(new Error("GraphQL error at order")) })])).toEqual(["order (batched): GraphQL error at order"]);
    expect(check([scenario({ batched: ok({ upstreamCalls: 0 }) })])).toEqual(["order (batched): no upstream call counted"]);
  });

  it("any error answer in smoke mode, but not in a full run (errors under load are a finding there)", () => {
    const loaded = scenario({ batched: ok({ errorRate: 0.1 }) });
    expect(check([loaded])).toHaveLength(1);
    expect(check([loaded], { smoke: false })).toEqual([]);
  });

  it("an incomplete scenario unless allowed, and a missing or failed in-process measurement", () => {
    const partial = scenario({ batched: ok() }, { complete: false, missing: ["Order.delivery"] });
    expect(check([partial])).toEqual(["order: incomplete, the schema lacks Order.delivery"]);
    expect(check([partial], { allowIncomplete: true })).toEqual([]);
    expect(failuresOf({ scenarios: [], inProcess: null, settings: { smoke: true } as never }, { allowIncomplete: false })).toEqual(["in-process measurement missing"]);
  });
});
