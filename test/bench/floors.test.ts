import { describe, expect, it } from "vitest";
import { callFloor, callsFor, latencyFloor, type Need } from "../../bench/floors.js";

const need = (over: Partial<Need> & Pick<Need, "keys">): Need => ({ endpoint: "hypersku.e", level: 0, ...over });
const waves = (step: Need[], cap = 16) => latencyFloor([step], cap, 20).waves;
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

  it("needs no call for no keys", () => {
    expect(callsFor(need({ keys: [], maxBatch: 50 }))).toBe(0);
  });

  it("adds up every endpoint of every step, by provider and endpoint", () => {
    const floor = callFloor([
      [
        need({ endpoint: "hypersku.getOrderInfos", keys: ["page 1"] }),
        need({ endpoint: "hypersku.getPrivateProduct", level: 1, keys: keys(70), maxBatch: 50 }),
        need({ endpoint: "supership.orderInfo", level: 1, keys: keys(50) }),
      ],
      [need({ endpoint: "hypersku.getOrderInfos", keys: ["o1"], maxBatch: 50 })],
    ]);
    expect(floor).toEqual({ total: 1 + 2 + 50 + 1, byEndpoint: { "hypersku.getOrderInfos": 2, "hypersku.getPrivateProduct": 2, "supership.orderInfo": 50 } });
  });
});

describe("latency floor", () => {
  it("takes ⌈calls / cap⌉ waves for independent calls to one provider", () => {
    expect(waves([need({ keys: keys(50) })])).toBe(4);
    expect(waves([need({ keys: keys(16) })])).toBe(1);
    expect(waves([need({ keys: keys(17) })])).toBe(2);
  });

  it("runs providers side by side within a level and levels one after another", () => {
    const dashboardLike = [
      need({ endpoint: "hypersku.getOrderInfos", keys: ["page 1"] }),
      need({ endpoint: "hypersku.getPrivateProduct", level: 1, keys: keys(120), maxBatch: 50 }), // 3 calls
      need({ endpoint: "hypersku.internationalLogisticsInfo", level: 1, keys: keys(28) }), // 28 calls: 31 on HyperSKU → 2 waves
      need({ endpoint: "supership.orderInfo", level: 1, keys: keys(50) }), // 4 waves
    ];
    expect(waves(dashboardLike)).toBe(1 + 4);
    expect(latencyFloor([dashboardLike], 16, 20)).toEqual({ waves: 5, ms: 100 });
  });

  it("counts waves at each provider's own limit (the one in effect)", () => {
    const level1 = [need({ keys: ["page"] }), need({ level: 1, keys: keys(31) }), need({ endpoint: "supership.orderInfo", level: 1, keys: keys(50) })];
    expect(latencyFloor([level1], { hypersku: 64, supership: 64 }, 20)).toEqual({ waves: 2, ms: 40 });
    expect(latencyFloor([level1], { hypersku: 64, supership: 24 }, 20).waves).toBe(1 + 3);
  });

  it("sums the steps of a sequence and ignores levels with no call", () => {
    const steps = [[need({ keys: ["x"] })], [need({ keys: ["o"] }), need({ endpoint: "supership.e", level: 1, keys: ["d"] }), need({ level: 2, keys: [] })]];
    expect(latencyFloor(steps, 16, 20)).toEqual({ waves: 3, ms: 60 });
  });
});
