import { randomBytes } from "node:crypto";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startTracing, type Tracing } from "../../src/http/tracing.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { type HiveGateway, startHiveGateway } from "./hive-gateway.js";
import { type Storefront, startStorefront } from "./storefront.js";
import { SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/**
 * Context from the router (docs/federation.md "Context from the router"): Hive Gateway, configured
 * as the docs show, forwards the client's `x-request-id` and `traceparent` to our subgraph, and
 * they reach the provider calls and our log lines, as they do on /graphql (src/http/observe.ts
 * runs on every route). With tracing off the request id goes through and the traceparent does not
 * (docs/decisions/015-tracing.md); with tracing on every provider call is in the client's trace.
 */

let sims: Simulators;
let api: Api;
let storefront: Storefront;
let hive: HiveGateway;
let a: Tenant;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
  storefront = await startStorefront();
  hive = await startHiveGateway(
    { fulfillment: `${api.url}/subgraph`, storefront: storefront.url },
    { secret: { header: SUBGRAPH_HEADER, value: SUBGRAPH_SECRET }, session: "none" },
  );
  a = await connectedTenant(api, "Tenant A", 0);
  storefront.feature(`Bearer ${a.apiKey}`, { orderIds: seeded(sims, a).orderIds.slice(0, 5) });
});
afterAll(async () => {
  await hive?.close();
  await storefront?.close();
  await api?.close();
  await sims?.close();
});
beforeEach(() => {
  sims.hypersku.control.clearCounters();
  api.logs.length = 0;
});

/** A client's W3C trace context: version 00, random ids, sampled. */
function clientTrace() {
  const traceId = randomBytes(16).toString("hex");
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` };
}
const orderCalls = () => sims.hypersku.control.log().filter((c) => c.endpoint === "getOrderInfos");
const subgraphLines = () =>
  api.logs.map((l) => JSON.parse(l) as { msg?: string; path?: string; requestId?: string; traceId?: string }).filter((l) => l.msg === "request" && l.path === "/subgraph");

// Distinct documents: the gateway's response cache (on, session "none") must not answer from memory.
const featured = (field: string) => `{ featuredOrders { orderId ${field} } }`;

describe("tracing off (the default)", () => {
  it("the client's x-request-id reaches the provider calls and our access log; the traceparent is not sent on", async () => {
    const { traceparent } = clientTrace();
    const res = await hive.query<{ featuredOrders: unknown[] }>(featured("storeOrderId"), a.apiKey, { "x-request-id": "hive-req-1", traceparent });
    expect(res.errors).toBeUndefined();
    expect(res.data?.featuredOrders).toHaveLength(5);
    expect(orderCalls().map((c) => [c.requestId, c.traceparent])).toEqual([["hive-req-1", null]]);
    expect(subgraphLines().map((l) => l.requestId)).toEqual(["hive-req-1"]);
  });
});

describe("tracing on", () => {
  let tracing: Tracing | undefined;
  beforeAll(async () => {
    tracing = await startTracing(loadConfig({ OTEL_TRACES_EXPORTER: "otlp" }), { exporters: [exporter] });
  });
  afterAll(async () => {
    await tracing?.shutdown();
  });

  it("provider calls carry the client's request id and a traceparent in the client's trace; our log line names both", async () => {
    const { traceId, traceparent } = clientTrace();
    const res = await hive.query<{ featuredOrders: unknown[] }>(featured("status"), a.apiKey, { "x-request-id": "hive-req-2", traceparent });
    expect(res.errors).toBeUndefined();
    const calls = orderCalls();
    expect(calls.map((c) => c.requestId)).toEqual(["hive-req-2"]);
    expect(calls[0]?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(subgraphLines().map((l) => [l.requestId, l.traceId])).toEqual([["hive-req-2", traceId]]);
    await tracing!.forceFlush();
    const server = exporter.getFinishedSpans().find((s) => s.attributes["fulfillment.request_id"] === "hive-req-2");
    expect(server?.spanContext().traceId).toBe(traceId);
  });
});
