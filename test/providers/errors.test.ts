import { describe, expect, it } from "vitest";
import { withoutStack } from "../../src/domain/errors.js";
import { ProviderRejectedError } from "../../src/domain/provider-errors.js";
import { redactUrl } from "../../src/domain/redact.js";

const call = { provider: "hypersku" as const, endpoint: "getOrderInfos", method: "POST", url: "https://api.example/x" };

describe("withoutStack", () => {
  it("builds the error without stack frames and restores the limit, even when building throws", () => {
    const limit = Error.stackTraceLimit;
    const e = withoutStack(() => new ProviderRejectedError(call, "60004", "not found"));
    expect(e).toBeInstanceOf(ProviderRejectedError);
    expect(e.stack ?? "").not.toMatch(/\n\s+at /);
    expect(new Error("normal").stack).toMatch(/\n\s+at /);
    expect(() =>
      withoutStack(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Error.stackTraceLimit).toBe(limit);
  });
});

describe("redactUrl", () => {
  it("leaves a URL with nothing secret as it is, and hides secret parameters and credentials", () => {
    expect(redactUrl("https://api.example/v1/orders/info?code=SGN1.2&type=2")).toBe("https://api.example/v1/orders/info?code=SGN1.2&type=2");
    expect(redactUrl(new URL("https://u:p@api.example/x?token=abcdef&page=2"))).toBe("https://[REDACTED]:[REDACTED]@api.example/x?token=[REDACTED]&page=2");
    expect(redactUrl("not a url")).toBe("[REDACTED]");
  });
});
