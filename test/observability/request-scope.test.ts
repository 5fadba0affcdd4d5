import { AsyncLocalStorage } from "node:async_hooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connectedTenant, useStack } from "../support/stack.js";

/**
 * The request scope is handed on explicitly, not kept in an AsyncLocalStorage
 * (docs/decisions/040-explicit-request-scope.md): on Node 20 one entered ALS puts promise hooks
 * on every promise of the process. A /graphql request, its errors and its provider calls
 * included, enters none (tracing off; the subgraph's request groups are ADR 031's).
 */

const stack = useStack();

afterEach(() => vi.restoreAllMocks());

describe("request scope", () => {
  it("a /graphql request with provider calls, a provider failure and a client error enters no AsyncLocalStorage", async () => {
    const { apiKey } = await connectedTenant(stack.api, "RequestScope");
    const run = vi.spyOn(AsyncLocalStorage.prototype, "run");
    const enterWith = vi.spyOn(AsyncLocalStorage.prototype, "enterWith");
    stack.sims.hypersku.control.addFault({ endpoint: "getCustomerInventoryInfo", kind: "http500" });
    try {
      const res = await fetch(`${stack.api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, "x-request-id": "no-als" },
        body: JSON.stringify({ query: "query { orders(first: 5) { edges { node { delivery { code } items { sku { inventory { available } } } } } } }" }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
      expect(body.errors?.[0]?.extensions.code).toBe("PROVIDER_HTTP_ERROR");
      await fetch(`${stack.api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query: "{ orders(first: -1) { totalCount } }" }),
      });
    } finally {
      await fetch(`${stack.sims.hypersku.url}/__sim/faults`, { method: "DELETE" });
    }
    expect(run).not.toHaveBeenCalled();
    expect(enterWith).not.toHaveBeenCalled();
    // The lines still carry the request id: the failure's warn line and the access line among them.
    const mine = stack.api.logs.map((l) => JSON.parse(l) as { requestId?: string; msg: string }).filter((l) => l.requestId === "no-als");
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(["provider call failed", "request"]));
  });
});
