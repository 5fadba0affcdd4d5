import { describe, expect, it } from "vitest";
import { callFloor, callsFor, floorRatio, latencyFloor, type Need, stepWaves } from "../../bench/floors.js";

const need = (over: Partial<Need> & Pick<Need, "keys">): Need => ({ provider: "hypersku", endpoint: "e", level: 0, ...over });
const keys = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("call floor", () => {
  it("splits a batch endpoint's distinct keys at maxBatch", () => {
    expect(callsFor(need({ keys: keys(50), maxBatch: 50 }))).toBe(1);
    expect(callsFor(need({ keys: keys(51), maxBatch: 50 }))).toBe(2);
    expect(callsFor(need({ keys: keys(230), maxBatch: 100 }))).toBe(3);
  });

  it("counts one call per distinct key on an endpoint with no batch form", () => {
    expect(callsFor(need({ keys: ["a", "b", "a", "c"] }))).toBe(3);
  });

  it("deduplicates keys before splitting", () => {
    expect(callsFor(need({ keys: [...keys(60), ...keys(60)], maxBatch: 50 }))).toBe(2);
  });

  it("needs no call for no keys, and refuses a nonsensical maxBatch", () => {
    expect(callsFor(need({ keys: [], maxBatch: 50 }))).toBe(0);
    expect(() => callsFor(need({ keys: ["a"], maxBatch: 0 }))).toThrow(RangeError);
  });

  it("adds up every endpoint of every step, by provider and endpoint", () => {
    const floor = callFloor([
      [
        need({ endpoint: "getOrderInfos", keys: ["page 1"] }),
        need({ endpoint: "getPrivateProduct", level: 1, keys: keys(70), maxBatch: 50 }),
        need({ provider: "supership", endpoint: "orderInfo", level: 1, keys: keys(50) }),
      ],
      [need({ endpoint: "getOrderInfos", keys: ["o1"], maxBatch: 50 })],
    ]);
    expect(floor).toEqual({ total: 1 + 2 + 50 + 1, byEndpoint: { "hypersku.getOrderInfos": 2, "hypersku.getPrivateProduct": 2, "supership.orderInfo": 50 } });
  });
});

describe("latency floor", () => {
  it("takes ⌈calls / cap⌉ waves for independent calls to one provider", () => {
    expect(stepWaves([need({ keys: keys(50) })], 16)).toBe(4);
    expect(stepWaves([need({ keys: keys(16) })], 16)).toBe(1);
    expect(stepWaves([need({ keys: keys(17) })], 16)).toBe(2);
  });

  it("runs providers side by side within a level and levels one after another", () => {
    const dashboardLike = [
      need({ endpoint: "getOrderInfos", keys: ["page 1"] }),
      need({ endpoint: "getPrivateProduct", level: 1, keys: keys(120), maxBatch: 50 }), // 3 calls
      need({ endpoint: "internationalLogisticsInfo", level: 1, keys: keys(28) }), // 28 calls: 31 on HyperSKU → 2 waves
      need({ provider: "supership", endpoint: "orderInfo", level: 1, keys: keys(50) }), // 4 waves
    ];
    expect(stepWaves(dashboardLike, 16)).toBe(1 + 4);
    expect(latencyFloor([dashboardLike], { cap: 16, perCallMs: 20 })).toEqual({ waves: 5, ms: 100 });
  });

  it("sums the steps of a sequence and ignores levels with no call", () => {
    const steps = [[need({ keys: ["x"] })], [need({ keys: ["o"] }), need({ provider: "supership", level: 1, keys: ["d"] }), need({ level: 2, keys: [] })]];
    expect(latencyFloor(steps, { cap: 16, perCallMs: 20 })).toEqual({ waves: 3, ms: 60 });
  });

  it("refuses a cap below one", () => {
    expect(() => stepWaves([need({ keys: ["a"] })], 0)).toThrow(RangeError);
  });

  it("states p50 as a multiple of the floor, and nothing for a zero floor", () => {
    expect(floorRatio(125, 100)).toBe(1.25);
    expect(floorRatio(3, 0)).toBeNull();
  });
});
