import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { metricsMode } from "../../src/http/metrics.js";
import { connectHyperskuOAuth } from "../support/oauth.js";
import { US_ADDRESS } from "../support/order-inputs.js";
import { connectedTenant, createTenant, startApi, useStack } from "../support/stack.js";

/**
 * GET /metrics (docs/decisions/014-observability.md): Prometheus text from prom-client. The
 * provider-call counters of one Dashboard query equal the simulators' own call counters.
 */

const stack = useStack();
let apiKey: string;

beforeEach(async () => {
  if (!apiKey) ({ apiKey } = await connectedTenant(stack.api, "Metrics"));
  stack.sims.hypersku.control.clearCounters();
  stack.sims.supership.control.clearCounters();
});

/** Samples of one metric from the exposition text, as `{labels: value}` with labels written `k=v,k=v`. */
async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}
function samples(text: string, metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== metric) continue;
    out.set(m[2] ?? "", Number(m[3]));
  }
  return out;
}
/** Provider calls by "provider endpoint", summed over outcomes. */
function providerCalls(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [labels, value] of samples(text, "fulfillment_provider_calls_total")) {
    const l = Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const key = `${l.provider} ${l.endpoint}`;
    out[key] = (out[key] ?? 0) + value;
  }
  return out;
}
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).flatMap(([k, v]) => (v - (before[k] ?? 0) > 0 ? [[k, v - (before[k] ?? 0)]] : [])));

describe("/metrics", () => {
  it("after one Dashboard query, counts exactly the provider calls the simulators counted, per endpoint", async () => {
    const before = providerCalls(await scrape(stack.api.url));
    const data = await stack.api.as(apiKey).Dashboard({ first: 50 });
    expect(data.orders!.edges).toHaveLength(50);
    const text = await scrape(stack.api.url);

    const simulated: Record<string, number> = {};
    for (const [provider, sim] of [
      ["hypersku", stack.sims.hypersku],
      ["supership", stack.sims.supership],
    ] as const) {
      for (const [endpoint, n] of Object.entries(sim.control.counts().byEndpoint)) simulated[`${provider} ${endpoint}`] = n;
    }
    expect(Object.keys(simulated).length).toBeGreaterThan(3);
    expect(diff(providerCalls(text), before)).toEqual(simulated);

    // The operation, by name and outcome; the circuits; batch sizes; no tenant or token anywhere.
    expect(samples(text, "fulfillment_graphql_requests_total").get('operation="Dashboard",outcome="ok"')).toBe(1);
    expect(samples(text, "fulfillment_provider_circuit_state").get('provider="hypersku",state="closed"')).toBe(1);
    expect(samples(text, "fulfillment_provider_queued").get('provider="supership"')).toBe(0);
    // The adaptive limit as the transport has it now (it grew under the Dashboard's 50 deliveries).
    expect(samples(text, "fulfillment_provider_concurrency_limit").get('provider="supership"')).toBe(stack.api.deps.providers.transports.supership.load().limit);
    expect(samples(text, "fulfillment_provider_concurrency_limit").get('provider="supership"')).toBeGreaterThan(16);
    expect(samples(text, "fulfillment_loader_batch_keys_count").get('loader="Product"')).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(apiKey);
    // No series is labelled by tenant (unbounded cardinality, and who is a customer is nobody's metric).
    expect(text).not.toMatch(/tenant\w*="/i);
  });

  it("counts failures by code, and rejected operations apart from executed ones", async () => {
    stack.sims.hypersku.control.addFault({ endpoint: "getOrderInfos", kind: "schema", times: 2 });
    const before = await scrape(stack.api.url);
    const post = (query: string) =>
      fetch(`${stack.api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ query }),
      });
    await post("query Broken { orders(first: 5) { edges { cursor } } }");
    await post("query Invalid { orders(first: 5) { nope } }");
    const after = await scrape(stack.api.url);
    const failures = (t: string) => samples(t, "fulfillment_provider_failures_total").get('provider="hypersku",endpoint="getOrderInfos",code="PROVIDER_SCHEMA_ERROR"') ?? 0;
    expect(failures(after) - failures(before)).toBe(1);
    expect(samples(after, "fulfillment_graphql_requests_total").get('operation="Broken",outcome="error"')).toBe(1);
    expect(samples(after, "fulfillment_graphql_requests_total").get('operation="Invalid",outcome="rejected"')).toBe(1);
  });
});

describe("METRICS config", () => {
  it("off: no /metrics; token: only with the bearer token", async () => {
    const off = await startApi({ urls: stack.sims.urls, env: { METRICS: "off" } });
    const token = "m".repeat(32);
    const guarded = await startApi({ urls: stack.sims.urls, env: { METRICS: "token", METRICS_TOKEN: token } });
    const production = await startApi({ urls: stack.sims.urls, env: { NODE_ENV: "production" } });
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${production.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      expect(await scrape(guarded.url, { authorization: `Bearer ${token}` })).toContain("fulfillment_provider_calls_total");
    } finally {
      await Promise.all([off.close(), guarded.close(), production.close()]);
    }
  });

  it("token without METRICS_TOKEN refuses to start, naming the variable; unset is off only in production", () => {
    expect(() => metricsMode(loadConfig({ METRICS: "token" }))).toThrow(/METRICS_TOKEN: required when METRICS=token/);
    expect(metricsMode(loadConfig({}))).toBe("on");
    expect(metricsMode(loadConfig({ NODE_ENV: "production" }))).toBe("off");
    expect(metricsMode(loadConfig({ NODE_ENV: "production", METRICS: "on" }))).toBe("on");
  });
});

describe("token refreshes and idempotency replays", () => {
  it("a rejected token's refresh and a replayed createOrder are counted", async () => {
    const { apiKey: oauthKey } = await createTenant(stack.api.store, "Refreshing");
    await connectHyperskuOAuth(stack.api, oauthKey);
    const before = await scrape(stack.api.url);
    await fetch(`${stack.sims.hypersku.url}/__sim/hypersku/tokens/expire`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await stack.api.as(oauthKey).Countries();
    const after = await scrape(stack.api.url);
    const refreshed = (t: string) => samples(t, "fulfillment_token_refreshes_total").get('provider="hypersku",outcome="refreshed"') ?? 0;
    expect(refreshed(after) - refreshed(before)).toBe(1);

    // The same createOrder twice: the first claims the key and writes, the second replays it.
    const replays = (t: string) => samples(t, "fulfillment_idempotency_keys_total").get('operation="createOrder",outcome="replayed"') ?? 0;
    const claims = (t: string) => samples(t, "fulfillment_idempotency_keys_total").get('operation="createOrder",outcome="claimed"') ?? 0;
    const sdk = stack.api.as(apiKey);
    const { orders } = await sdk.Orders({ first: 50 });
    const us = orders!.edges.map((e) => e.node).find((o) => o.shippingAddress?.countryCode === "US" && o.shippingOptionId && o.items[0]?.sku)!;
    const input = {
      idempotencyKey: randomUUID(),
      storeOrderId: `WEB-${randomUUID().slice(0, 8)}`,
      storeOrderName: "#5001",
      shippingOptionId: us.shippingOptionId!,
      shippingAddress: US_ADDRESS,
      items: [{ skuId: us.items[0]!.sku!.skuId, quantity: 1 }],
    };
    const first = await scrape(stack.api.url);
    expect((await sdk.CreateOrder({ input })).createOrder.__typename).toBe("MutationCreateOrderSuccess");
    expect((await sdk.CreateOrder({ input })).createOrder.__typename).toBe("MutationCreateOrderSuccess");
    const last = await scrape(stack.api.url);
    expect(claims(last) - claims(first)).toBe(1);
    expect(replays(last) - replays(first)).toBe(1);
  });
});
