import { describe, expect, it } from "vitest";
import { percentile, summarize } from "../../bench/load.js";

describe("latency percentiles (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  it("picks the smallest sample with p% at or below it", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7, 1, 3], 50)).toBe(3);
  });

  it("has nothing to say about no samples, and refuses a percentile out of range", () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("summarises count, p50/p95/p99 and mean", () => {
    expect(summarize(hundred)).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, meanMs: 50.5 });
    expect(summarize([])).toEqual({ count: 0, p50Ms: null, p95Ms: null, p99Ms: null, meanMs: null });
  });
});
