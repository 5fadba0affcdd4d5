import { randomBytes } from "node:crypto";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CallRecord } from "../../simulators/shared/control.js";
import { loadConfig } from "../../src/config.js";
import { startTracing, type Tracing, traceExporters } from "../../src/http/tracing.js";
import { connectedTenant, startApi, useStack } from "../support/stack.js";

/**
 * OpenTelemetry tracing (docs/decisions/015-tracing.md) through the real app over HTTP with
 * real simulators: the SDK started by `startTracing` (what both entries call), its exporter
 * swapped for an in-memory one. One Dashboard query with a caller's `traceparent` makes
 * one tree: the caller's span → our SERVER span → the operation span → one CLIENT span per
 * provider call attempt, and each simulator saw the `traceparent` of the span that called it.
 */

const stack = useStack();
const exporter = new InMemorySpanExporter();
let apiKey: string;

beforeAll(async () => {
  ({ apiKey } = await connectedTenant(stack.api, "Tracing"));
});

beforeEach(() => {
  stack.sims.hypersku.control.clearCounters();
  stack.sims.supership.control.clearCounters();
  stack.api.logs.length = 0;
  exporter.reset();
});

/** A caller's W3C trace context: version 00, random trace and parent span ids, sampled. */
function callerContext() {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

const dashboard = (headers: Record<string, string>) => stack.api.sdk({ authorization: `Bearer ${apiKey}`, ...headers }).Dashboard({ first: 50 });
const simCalls = (): Array<CallRecord & { provider: string }> => [
  ...stack.sims.hypersku.control.log().map((c) => ({ ...c, provider: "hypersku" })),
  ...stack.sims.supership.control.log().map((c) => ({ ...c, provider: "supership" })),
];
const simCounts = () => {
  const out: Record<string, number> = {};
  for (const [provider, sim] of [
    ["hypersku", stack.sims.hypersku],
    ["supership", stack.sims.supership],
  ] as const) {
    for (const [endpoint, n] of Object.entries(sim.control.counts().byEndpoint)) out[`${provider} ${endpoint}`] = n;
  }
  return out;
};
const logLines = () => stack.api.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe("tracing off (the default)", () => {
  it("starts no SDK unless OTEL_TRACES_EXPORTER names an exporter; OTEL_SDK_DISABLED=true wins", async () => {
    expect(traceExporters(loadConfig({}))).toEqual([]);
    expect(traceExporters(loadConfig({ OTEL_TRACES_EXPORTER: "none" }))).toEqual([]);
    expect(traceExporters(loadConfig({ OTEL_TRACES_EXPORTER: "otlp,none" }))).toEqual([]);
    expect(traceExporters(loadConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "TRUE" }))).toEqual([]);
    expect(traceExporters(loadConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "false" }))).toEqual(["otlp"]);
    expect(traceExporters(loadConfig({ OTEL_TRACES_EXPORTER: "console, otlp,console" }))).toEqual(["console", "otlp"]);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: "zipkin" })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() => loadConfig({ OTEL_SDK_DISABLED: "maybe" })).toThrow(/OTEL_SDK_DISABLED/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(await startTracing(loadConfig({}), { exporters: [exporter] })).toBeUndefined();
    expect(await startTracing(loadConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "true" }), { exporters: [exporter] })).toBeUndefined();
  });

  it("the app works, records no span, forwards no traceparent and logs no trace id", async () => {
    const { traceparent } = callerContext();
    const data = await dashboard({ traceparent });
    expect(data.orders!.edges).toHaveLength(50);
    expect(simCalls().length).toBeGreaterThan(3);
    expect(simCalls().filter((c) => c.traceparent !== null)).toEqual([]);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(logLines().filter((l) => "traceId" in l)).toEqual([]);
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
  const finished = async () => {
    await tracing!.forceFlush();
    return exporter.getFinishedSpans();
  };

  it("one Dashboard query: caller → SERVER span → one operation span → one CLIENT span per provider call attempt", async () => {
    expect(tracing?.exporters).toEqual(["otlp"]);
    const caller = callerContext();
    const data = await dashboard({ traceparent: caller.traceparent, "x-request-id": "traced-1" });
    expect(data.orders!.edges).toHaveLength(50);
    const spans = await finished();

    // One trace, the caller's.
    expect(spans.length).toBeGreaterThan(10);
    expect(spans.filter((s) => s.spanContext().traceId !== caller.traceId)).toEqual([]);
    expect(spans.every((s) => s.resource.attributes["service.name"] === "fulfillment-graph")).toBe(true);

    const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(servers).toHaveLength(1);
    const server = servers[0]!;
    expect(parentOf(server)).toBe(caller.spanId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(server.name).toBe("POST /graphql");
    expect(server.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/graphql",
      "http.response.status_code": 200,
      "fulfillment.request_id": "traced-1",
    });

    const operations = spans.filter((s) => s.attributes["graphql.operation.name"] !== undefined);
    expect(operations.map((s) => s.name)).toEqual(["query Dashboard"]);
    const operation = operations[0]!;
    expect(parentOf(operation)).toBe(server.spanContext().spanId);
    expect(operation.attributes["graphql.operation.type"]).toBe("query");
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);

    // Every other span is a provider call made by the operation itself: no resolver spans in
    // between, and none lost (a context dropped across a DataLoader batch would lose its calls).
    const calls = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(calls.length + 2).toBe(spans.length);
    expect(calls.filter((s) => parentOf(s) !== operation.spanContext().spanId)).toEqual([]);

    // Per provider and endpoint, as many spans as the simulators counted calls.
    const byEndpoint: Record<string, number> = {};
    for (const s of calls) {
      expect(s.name).toBe(`${s.attributes.provider} ${s.attributes.endpoint}`);
      byEndpoint[s.name] = (byEndpoint[s.name] ?? 0) + 1;
    }
    const counted = simCounts();
    expect(Object.keys(counted).length).toBeGreaterThan(3);
    expect(byEndpoint).toEqual(counted);

    // Each call the simulators saw carried the traceparent of exactly one of those spans, whose
    // attributes say what the simulator logged.
    const bySpanId = new Map(calls.map((s) => [s.spanContext().spanId, s]));
    const seen = simCalls();
    expect(seen).toHaveLength(calls.length);
    for (const call of seen) {
      const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(call.traceparent ?? "");
      expect(m?.[1], `${call.provider} ${call.endpoint} traceparent`).toBe(caller.traceId);
      const span = bySpanId.get(m![2]!);
      expect(span?.attributes).toMatchObject({
        provider: call.provider,
        endpoint: call.endpoint,
        "http.request.method": call.method,
        "http.response.status_code": call.status,
      });
      bySpanId.delete(m![2]!);
    }
    expect(bySpanId.size).toBe(0);
    expect(calls.filter((s) => s.status.code !== SpanStatusCode.UNSET || s.attributes["error.type"] !== undefined)).toEqual([]);

    // Loader batches carry their key counts; the listing (not a loader call) carries none.
    const batchSizes = (name: string) => calls.filter((s) => s.name === name).map((s) => s.attributes["fulfillment.batch_size"]);
    expect(batchSizes("hypersku getOrderInfos")).toEqual([undefined]);
    for (const name of ["hypersku getPrivateProduct", "hypersku getCustomerInventoryInfo"]) {
      expect(batchSizes(name).length, name).toBeGreaterThan(0);
      expect(
        batchSizes(name).every((n) => typeof n === "number" && n > 1),
        name,
      ).toBe(true);
    }
    expect(batchSizes("supership orderInfo").every((n) => n === 1)).toBe(true);
    expect(batchSizes("hypersku internationalLogisticsInfo")).toEqual(batchSizes("hypersku internationalLogisticsInfo").map(() => 1));

    // The request's log lines carry the trace id.
    const lines = logLines();
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ requestId: "traced-1", traceId: caller.traceId });
    expect(lines.filter((l) => l.requestId === "traced-1" && l.traceId !== caller.traceId)).toEqual([]);
  });

  it("two dashboards at once through 2 provider slots: every call's span is in its own request's trace", async () => {
    // With 2 slots most calls wait in the bulkhead's queue and are started by the end of another
    // call, often the other request's: the span must hang under the context the call was made in.
    const narrow = await startApi({ urls: stack.sims.urls, env: { PROVIDER_CONCURRENCY: "2" } });
    try {
      const { apiKey: key } = await connectedTenant(narrow, "Narrow");
      stack.sims.hypersku.control.clearCounters();
      stack.sims.supership.control.clearCounters();
      exporter.reset();
      const a = callerContext();
      const b = callerContext();
      const run = (ctx: { traceparent: string }, requestId: string) =>
        narrow.sdk({ authorization: `Bearer ${key}`, traceparent: ctx.traceparent, "x-request-id": requestId }).Dashboard({ first: 50 });
      const [ra, rb] = await Promise.all([run(a, "narrow-a"), run(b, "narrow-b")]);
      expect([ra.orders!.edges.length, rb.orders!.edges.length]).toEqual([50, 50]);
      const spans = await finished();
      for (const [ctx, requestId] of [
        [a, "narrow-a"],
        [b, "narrow-b"],
      ] as const) {
        const calls = simCalls().filter((c) => c.requestId === requestId);
        const clientSpans = spans.filter((s) => s.kind === SpanKind.CLIENT && s.spanContext().traceId === ctx.traceId);
        expect(calls.length).toBeGreaterThan(50);
        expect(clientSpans).toHaveLength(calls.length);
        expect(calls.filter((c) => !c.traceparent?.startsWith(`00-${ctx.traceId}-`))).toEqual([]);
        const operation = spans.find((s) => s.name === "query Dashboard" && s.spanContext().traceId === ctx.traceId);
        expect(clientSpans.filter((s) => parentOf(s) !== operation?.spanContext().spanId)).toEqual([]);
      }
    } finally {
      await narrow.close();
    }
  });

  it("a retried call is two spans: the failed attempt with error.type and status ERROR, then the retry", async () => {
    stack.sims.hypersku.control.addFault({ endpoint: "getCustomerInventoryInfo", kind: "http500", times: 1 });
    const data = await dashboard({});
    expect(data.orders!.edges).toHaveLength(50);
    const spans = await finished();
    const inventory = spans.filter((s) => s.name === "hypersku getCustomerInventoryInfo");
    expect(inventory).toHaveLength(simCounts()["hypersku getCustomerInventoryInfo"]!);
    const failedAttempts = inventory.filter((s) => s.status.code === SpanStatusCode.ERROR);
    expect(failedAttempts).toHaveLength(1);
    expect(failedAttempts[0]!.attributes).toMatchObject({ "http.response.status_code": 500, "error.type": "PROVIDER_HTTP_ERROR" });
    const retries = inventory.filter((s) => s.attributes["http.request.resend_count"] === 1);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.status.code).toBe(SpanStatusCode.UNSET);
    expect(retries[0]!.attributes["http.response.status_code"]).toBe(200);
    // Without a caller's traceparent the SERVER span starts the trace.
    const server = spans.find((s) => s.kind === SpanKind.SERVER);
    expect(server?.parentSpanContext).toBeUndefined();
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });

  it("a caller's unsampled traceparent is obeyed: nothing recorded, nothing forwarded", async () => {
    const { traceId, spanId } = callerContext();
    const data = await dashboard({ traceparent: `00-${traceId}-${spanId}-00` });
    expect(data.orders!.edges).toHaveLength(50);
    expect(await finished()).toEqual([]);
    expect(simCalls().length).toBeGreaterThan(3);
    expect(simCalls().filter((c) => c.traceparent !== null)).toEqual([]);
  });

  it("names SERVER spans by route pattern, never by a path that matched none", async () => {
    expect((await fetch(`${stack.api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.api.url}/nowhere/42`)).status).toBe(404);
    const servers = (await finished()).filter((s) => s.kind === SpanKind.SERVER);
    expect(servers.map((s) => [s.name, s.attributes["http.route"], s.attributes["http.response.status_code"]])).toEqual([
      ["GET /healthz", "/healthz", 200],
      ["GET", undefined, 404],
    ]);
  });

  it("a failed operation's span is ERROR with the error's code", async () => {
    stack.sims.hypersku.control.addFault({ endpoint: "getOrderInfos", kind: "schema", times: 2 });
    const res = await fetch(`${stack.api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: "query Broken { orders(first: 5) { edges { cursor } } }" }),
    });
    expect(((await res.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    const operation = (await finished()).find((s) => s.name === "query Broken");
    expect(operation?.status.code).toBe(SpanStatusCode.ERROR);
    expect(operation?.attributes["error.type"]).toBe("PROVIDER_SCHEMA_ERROR");
  });
});
