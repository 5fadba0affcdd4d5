import { beforeEach, describe, expect, it } from "vitest";
import { connectedTenant, useStack } from "../support/stack.js";

/**
 * Request ids (docs/decisions/014-observability.md): taken from `x-request-id` or made, echoed
 * on every response, on every log line the request causes, and sent to the providers.
 */

const stack = useStack();
let apiKey: string;
let tenantId: string;

beforeEach(async () => {
  if (!apiKey) ({ apiKey, tenantId } = await connectedTenant(stack.api, "RequestIds"));
  stack.sims.hypersku.control.clearCounters();
  stack.sims.supership.control.clearCounters();
  stack.api.logs.length = 0;
});

const dashboard = (headers: Record<string, string>) =>
  fetch(`${stack.api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...headers },
    body: JSON.stringify({ query: "query Dashboard { orders(first: 5) { edges { node { storeOrderId delivery { code } items { sku { inventory { available } } } } } } }" }),
  });

const lines = () => stack.api.logs.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("request ids", () => {
  it("a request with x-request-id gets it back, and every log line and provider call it caused carries it", async () => {
    const res = await dashboard({ "x-request-id": "abc" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(res.headers.get("x-request-id")).toBe("abc");

    const logged = lines();
    expect(logged.length).toBeGreaterThan(3); // debug level: Yoga's lines, provider calls, the access line
    expect(logged.filter((l) => l.requestId !== "abc")).toEqual([]);
    // The access line names the operation and the tenant too.
    const access = logged.filter((l) => l.msg === "request");
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: "POST", path: "/graphql", status: 200, operationName: "Dashboard", tenantId });
    expect(logged.filter((l) => l.msg === "provider call").every((l) => l.operationName === "Dashboard" && l.tenantId === tenantId)).toBe(true);

    const calls = [...stack.sims.hypersku.control.log(), ...stack.sims.supership.control.log()];
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.map((c) => c.requestId)).toEqual(calls.map(() => "abc"));
  });

  it("without one, makes an id, echoes it and sends it on", async () => {
    const res = await dashboard({});
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().every((l) => l.requestId === id)).toBe(true);
    expect(stack.sims.hypersku.control.log().every((c) => c.requestId === id)).toBe(true);
  });

  it("replaces an id that is too long or not plain text", async () => {
    for (const given of ["x".repeat(200), "a b", "<script>"]) {
      const res = await dashboard({ "x-request-id": given });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("is echoed on every route, not only /graphql", async () => {
    for (const path of ["/healthz", "/readyz", "/nowhere", "/graphql?query=%7B__typename%7D"]) {
      const res = await fetch(`${stack.api.url}${path}`, { headers: { "x-request-id": `r-${path.length}` } });
      expect(res.headers.get("x-request-id")).toBe(`r-${path.length}`);
    }
  });
});
