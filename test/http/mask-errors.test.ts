import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/domain/errors.js";
import { createErrorMasking } from "../../src/http/mask-errors.js";
import { enterScope } from "../../src/http/request-scope.js";
import { createLogger } from "../../src/logger.js";

/**
 * The masking's lines and the request they belong to (docs/decisions/040-explicit-request-scope.md):
 * Yoga masks without naming the request, so a line waits on its masked error until the result is
 * processed, and is written through that request's logger; one never processed goes to the
 * process logger after `holdMs`.
 */

function setUp(holdMs: number) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  const masking = createErrorMasking(logger, holdMs);
  const request = new Request("http://api.test/graphql", { method: "POST" });
  enterScope(request, { requestId: "batch-1", log: logger.child({ requestId: "batch-1" }) });
  const plugin = masking.useErrorLines() as { onResultProcess: (p: { request: Request; result: unknown }) => void };
  const fieldError = (message: string) => new GraphQLError(message, { path: ["order"], originalError: new NotFoundError("Order", message) });
  return { lines, masking, request, plugin, fieldError };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("masking lines", () => {
  it("a batch's early error waits for the batch's results and is written with the request's id", async () => {
    const { lines, masking, request, plugin, fieldError } = setUp(1_000);
    const first = masking.maskError(fieldError("1"), "Unexpected error.");
    // The batch's other operation still runs (provider calls, timers): the first one's line waits.
    await tick(30);
    const second = masking.maskError(fieldError("2"), "Unexpected error.");
    expect(lines).toEqual([]);
    plugin.onResultProcess({ request, result: [{ errors: [first] }, { errors: [second] }] });
    expect(lines).toEqual([
      expect.objectContaining({ msg: "client error", code: "NOT_FOUND", requestId: "batch-1" }),
      expect.objectContaining({ msg: "client error", code: "NOT_FOUND", requestId: "batch-1" }),
    ]);
  });

  it("a line whose result is never processed here (a subscription event's) goes to the process logger after holdMs", async () => {
    const { lines, masking, request, plugin, fieldError } = setUp(40);
    const masked = masking.maskError(fieldError("3"), "Unexpected error.");
    await tick(10);
    expect(lines).toEqual([]);
    await tick(80);
    expect(lines).toEqual([expect.objectContaining({ msg: "client error", code: "NOT_FOUND" })]);
    expect(lines[0]).not.toHaveProperty("requestId");
    // Written once: a late result does not log it again.
    plugin.onResultProcess({ request, result: { errors: [masked] } });
    expect(lines).toHaveLength(1);
  });
});
