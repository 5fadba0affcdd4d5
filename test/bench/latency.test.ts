import { describe, expect, it } from "vitest";
import { summarize } from "../../bench/measure.js";

describe("latency percentiles (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  it("picks the smallest sample with p% at or below it", () => {
    expect(summarize(hundred)).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, meanMs: 50.5 });
    expect(summarize([7, 1, 3]).p50Ms).toBe(3);
  });

  it("to 0.01 ms below a second, to 5 significant digits above", () => {
    expect(summarize([0.37]).p50Ms).toBe(0.37);
    expect(summarize([851.66, 179.46]).p99Ms).toBe(851.66);
    expect(summarize([30_000.12]).p50Ms).toBeCloseTo(30_000, -1);
  });

  it("has nothing to say about no samples", () => {
    expect(summarize([])).toEqual({ count: 0, p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null });
  });
});
