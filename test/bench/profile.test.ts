import { describe, expect, it } from "vitest";
import { stillCalled } from "../../bench/matrix.js";
import { type CpuProfile, categoryOf, summarizeProfile } from "../../bench/profile.js";

describe("the profile summary: self time by where a function comes from", () => {
  it("names packages, src directories, the simulators, node's modules and V8's pseudo-frames", () => {
    expect(categoryOf("file:///w/node_modules/zod/v4/core/schemas.js", "parse")).toBe("zod");
    expect(categoryOf("file:///w/node_modules/@graphql-tools/executor/esm/execution/execute.js", "executeFields")).toBe("@graphql-tools/executor");
    expect(categoryOf("file:///w/node_modules/.pnpm/x/node_modules/hono/dist/context.js", "json")).toBe("hono");
    expect(categoryOf("file:///w/src/providers/http.ts", "parseJson")).toBe("src/providers");
    expect(categoryOf("file:///w/simulators/hypersku/time.ts", "wireTime")).toBe("simulators");
    expect(categoryOf("file:///w/bench/api.ts", "dataOf")).toBe("bench");
    expect(categoryOf("node:internal/async_hooks", "promiseInitHook")).toBe("node:internal/async_hooks");
    expect(categoryOf("node:internal/deps/undici/undici", "fetch")).toBe("node:internal/deps/undici");
    expect(categoryOf("node:events", "emit")).toBe("node:events");
    expect(categoryOf("", "(garbage collector)")).toBe("garbage collector");
    expect(categoryOf("", "parse")).toBe("V8 builtins, generated code");
  });

  it("adds each sample's time to the function it was in, not to its callers", () => {
    const frame = (id: number, functionName: string, url: string, children?: number[]) => ({ id, callFrame: { functionName, url }, children });
    const profile: CpuProfile = {
      nodes: [
        frame(1, "(root)", "", [2, 4, 5]),
        frame(2, "execute", "file:///w/node_modules/graphql/execution/execute.js", [3]),
        frame(3, "parseJson", "file:///w/src/providers/http.ts"),
        frame(4, "(garbage collector)", ""),
        // The profiler stopping itself: not counted.
        frame(5, "post", "node:inspector", [6]),
        frame(6, "dispatch", ""),
      ],
      samples: [3, 3, 2, 4, 3, 6, 5],
      timeDeltas: [1000, 1000, 500, 1500, 1000, 4000, 100],
      startTime: 0,
      endTime: 5000,
    };
    const s = summarizeProfile(profile);
    expect(s.totalMs).toBe(5);
    expect(s.categories.map((c) => [c.category, c.selfMs, c.share])).toEqual([
      ["src/providers", 3, 0.6],
      ["garbage collector", 1.5, 0.3],
      ["graphql", 0.5, 0.1],
    ]);
    expect(s.categories[0]?.top).toEqual([{ function: "parseJson providers/http.ts", selfMs: 3, share: 0.6 }]);
  });
});

describe("the matrix's latency floor", () => {
  it("keeps only the needs of endpoints the warm Dashboard still called", () => {
    const steps = [
      [
        { endpoint: "hypersku.getOrderInfos", level: 0, keys: ["page 1"] },
        { endpoint: "hypersku.getPrivateProduct", level: 1, keys: ["p1", "p2"] },
        { endpoint: "supership.orderInfo", level: 1, keys: ["a"] },
      ],
    ];
    expect(stillCalled(steps, { "hypersku.getOrderInfos": 1, "supership.orderInfo": 0 })).toEqual([[steps[0]![0]]]);
  });
});
