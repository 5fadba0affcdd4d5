import { describe, expect, it } from "vitest";
import { requestDeadline } from "../../src/http/request-scope.js";

describe("requestDeadline", () => {
  it("is the budget from arrival, less a twentieth of it (at most 500 ms) kept for writing the answer", () => {
    expect(requestDeadline(1_000, 8_000, null)).toBe(1_000 + 8_000 - 400);
    expect(requestDeadline(0, 30_000, undefined)).toBe(30_000 - 500);
  });

  it("takes a smaller positive whole x-request-budget-ms, and ignores anything else", () => {
    expect(requestDeadline(0, 8_000, "300")).toBe(300 - 15);
    for (const ignored of ["60000", "0", "-5", "1.5", "abc", ""]) expect(requestDeadline(0, 8_000, ignored)).toBe(7_600);
  });
});
