import { beforeEach, describe, expect, it } from "vitest";
import { connectedTenant, createTenant, useStack } from "../support/stack.js";

/**
 * Log levels that mean something (docs/decisions/014-observability.md): client errors at info
 * without stacks, provider failures at warn with where they happened (and, for a schema
 * mismatch, the zod issue paths, never the values), only the unexpected at error. Every line
 * a request causes carries its request id (src/http/request-scope.ts hands its logger on).
 */

const stack = useStack();
let apiKey: string;

beforeEach(async () => {
  if (!apiKey) ({ apiKey } = await connectedTenant(stack.api, "LogLevels"));
  await fetch(`${stack.sims.hypersku.url}/__sim/faults`, { method: "DELETE" });
  stack.api.logs.length = 0;
});

let requests = 0;
let requestId = "";
async function post(query: string, key = apiKey) {
  requestId = `log-levels-${++requests}`;
  const res = await fetch(`${stack.api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "x-request-id": requestId },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { errors?: { extensions: { code: string } }[] };
}

/** The lines logged since the test began; each must be the last request's. */
const lines = () => {
  const logged = stack.api.logs.map((l) => JSON.parse(l) as Record<string, unknown> & { level: number; msg: string });
  expect(logged.filter((l) => l.requestId !== requestId).map((l) => l.msg)).toEqual([]);
  return logged;
};
const ERROR = 50;
const WARN = 40;
const INFO = 30;

describe("log levels", () => {
  it.each([
    ["a GraphQL validation error", "query { orders(first: 5) { nope } }", "GRAPHQL_VALIDATION_FAILED"],
    ["bad paging", "query { orders(first: -1) { edges { cursor } } }", "BAD_USER_INPUT"],
    ["an argument failing its zod rule", '{ order(orderId: "1", storeOrderId: "SO-000042") { orderId } }', "BAD_USER_INPUT"],
  ])("%s logs one info line without a stack, nothing at error", async (_what, query, code) => {
    const body = await post(query);
    expect(body.errors?.[0]?.extensions.code).toBe(code);
    const logged = lines();
    expect(logged.filter((l) => l.level >= WARN)).toEqual([]);
    expect(logged.filter((l) => l.level === INFO && l.msg === "client error")).toEqual([expect.objectContaining({ code })]);
    expect(stack.api.logs.join("\n")).not.toContain("stack");
  });

  it("a provider that is not connected is a client error too", async () => {
    const { apiKey: unconnected } = await createTenant(stack.api.store, "Unconnected");
    const body = await post("query { orders(first: 5) { edges { cursor } } }", unconnected);
    expect(body.errors?.[0]?.extensions.code).toBe("PROVIDER_NOT_CONNECTED");
    expect(lines().filter((l) => l.level >= WARN)).toEqual([]);
    expect(lines().filter((l) => l.msg === "client error")).toEqual([expect.objectContaining({ code: "PROVIDER_NOT_CONNECTED", level: INFO })]);
  });

  it("a schema mismatch logs one warn line with provider, endpoint and the issue paths, no values, nothing at error", async () => {
    stack.sims.hypersku.control.addFault({ endpoint: "getOrderInfos", kind: "schema" });
    const body = await post("query { orders(first: 5) { edges { cursor } } }");
    expect(body.errors?.[0]?.extensions.code).toBe("PROVIDER_SCHEMA_ERROR");
    const logged = lines();
    expect(logged.filter((l) => l.level >= ERROR)).toEqual([]);
    const warned = logged.filter((l) => l.level === WARN);
    expect(warned).toEqual([
      expect.objectContaining({ msg: "provider call failed", provider: "hypersku", endpoint: "getOrderInfos", code: "PROVIDER_SCHEMA_ERROR", status: null }),
    ]);
    expect(warned[0]!.issues).toEqual(["rows"]);
    // The corrupted value itself (what a real mismatch may hold: personal data) is not in the line.
    expect(JSON.stringify(warned[0])).not.toContain("corrupted");
  });

  it("a provider answering 500 logs one warn line with its status, however many fields it failed", async () => {
    stack.sims.hypersku.control.addFault({ endpoint: "getCustomerInventoryInfo", kind: "http500" });
    const body = await post("query { orders(first: 10) { edges { node { items { sku { inventory { available } } } } } } }");
    expect(body.errors!.length).toBeGreaterThan(1);
    const warned = lines().filter((l) => l.level === WARN && l.msg === "provider call failed");
    expect(warned).toEqual([expect.objectContaining({ provider: "hypersku", endpoint: "getCustomerInventoryInfo", status: 500, code: "PROVIDER_HTTP_ERROR" })]);
    expect(lines().filter((l) => l.level >= ERROR)).toEqual([]);
  });
});
