import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { type Config, ConfigError } from "../config.js";
import type { ProviderUnavailableError } from "../domain/provider-errors.js";
import type { CallEvent, RetryEvent } from "../providers/http.js";
import type { ProviderRuntime } from "../providers/runtime.js";
import type { ExecutionEngine, IdempotencyOutcome } from "../resolvers/context.js";
import type { Admission } from "./admission.js";
import type { RequestDone } from "./observe.js";

/**
 * Prometheus metrics with prom-client (docs/decisions/014-observability.md), one registry per
 * app (never the global one, so several apps in one process do not collide). Labels are
 * bounded: providers and endpoints come from the endpoint tables, operation names are capped
 * (the first MAX_OPERATIONS distinct names, then "other"), tenants and tokens are never labels.
 */

export type MetricsMode = "off" | "on" | "token";

/** METRICS unset: off in production, on otherwise; `token` needs METRICS_TOKEN. */
export function metricsMode(config: Pick<Config, "METRICS" | "METRICS_TOKEN" | "NODE_ENV">): MetricsMode {
  const mode = config.METRICS ?? (config.NODE_ENV === "production" ? "off" : "on");
  if (mode === "token" && !config.METRICS_TOKEN) throw new ConfigError("Invalid configuration:\n  METRICS_TOKEN: required when METRICS=token");
  return mode;
}

const MAX_OPERATIONS = 100;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(["GET", "POST", "OPTIONS", "HEAD"]);

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(
  providers: Pick<ProviderRuntime, "transports">,
  { subgraphPath, admission }: { subgraphPath?: string | undefined; admission?: Pick<Admission, "load"> | undefined } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = (name: string) => `fulfillment_${name}`;

  const httpRequests = new Counter({
    name: m("http_requests_total"),
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const graphqlRequests = new Counter({
    name: m("graphql_requests_total"),
    help: "GraphQL requests by operation name and outcome (ok, error: executed with errors, rejected: not executed)",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: m("graphql_request_duration_seconds"),
    help: "GraphQL request latency by operation name and outcome",
    labelNames: ["operation", "outcome"],
    buckets: SECONDS,
    registers: [registry],
  });
  const providerCalls = new Counter({
    name: m("provider_calls_total"),
    help: "HTTP calls to the providers (each attempt) by provider, endpoint and outcome",
    labelNames: ["provider", "endpoint", "outcome"],
    registers: [registry],
  });
  const providerDuration = new Histogram({
    name: m("provider_call_duration_seconds"),
    help: "Provider call latency (each attempt) by provider, endpoint and outcome",
    labelNames: ["provider", "endpoint", "outcome"],
    buckets: SECONDS,
    registers: [registry],
  });
  const providerRetries = new Counter({
    name: m("provider_retries_total"),
    help: "Retries of safe provider calls",
    labelNames: ["provider", "endpoint"],
    registers: [registry],
  });
  const providerFailures = new Counter({
    name: m("provider_failures_total"),
    help: "Provider calls that failed for their caller (after retries; schema mismatches included) by code",
    labelNames: ["provider", "endpoint", "code"],
    registers: [registry],
  });
  const transports = Object.values(providers.transports);
  new Gauge({
    name: m("provider_circuit_state"),
    help: "1 for each provider's current circuit state (closed, open, half-open, isolated)",
    labelNames: ["provider", "state"],
    registers: [registry],
    collect() {
      for (const t of transports)
        for (const state of ["closed", "open", "half-open", "isolated"]) this.set({ provider: t.provider, state }, t.circuitState() === state ? 1 : 0);
    },
  });
  new Gauge({
    name: m("provider_concurrency_limit"),
    help: "Calls each provider may have in flight now (the adaptive limit, PROVIDER_CONCURRENCY_MIN..MAX)",
    labelNames: ["provider"],
    registers: [registry],
    collect() {
      for (const t of transports) this.set({ provider: t.provider }, t.load().limit);
    },
  });
  new Gauge({
    name: m("provider_in_flight"),
    help: "Provider calls running",
    labelNames: ["provider"],
    registers: [registry],
    collect() {
      for (const t of transports) this.set({ provider: t.provider }, t.load().inFlight);
    },
  });
  new Gauge({
    name: m("provider_queued"),
    help: "Provider calls waiting for a slot under the concurrency limit",
    labelNames: ["provider"],
    registers: [registry],
    collect() {
      for (const t of transports) this.set({ provider: t.provider }, t.load().queued);
    },
  });
  if (admission) {
    // Tenant-fair admission (src/http/admission.ts): while tenants compete, operations held at their tenant's share.
    new Gauge({
      name: m("admission_waiting"),
      help: "GraphQL operations waiting for their tenant's turn (only while two or more tenants compete on a busy process)",
      registers: [registry],
      collect() {
        this.set(admission.load().waiting);
      },
    });
    new Gauge({
      name: m("admission_active_tenants"),
      help: "Tenants with an operation running, waiting, or ended within ADMISSION_IDLE_MS",
      registers: [registry],
      collect() {
        this.set(admission.load().activeTenants);
      },
    });
  }
  const tokenRefreshes = new Counter({
    name: m("token_refreshes_total"),
    help: "Provider token refreshes by outcome",
    labelNames: ["provider", "outcome"],
    registers: [registry],
  });
  const idempotency = new Counter({
    name: m("idempotency_keys_total"),
    help: "Idempotency keys of writes by operation and outcome (claimed, replayed, conflict, unknown, reconciled, released)",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const loaderBatches = new Histogram({
    name: m("loader_batch_keys"),
    help: "Keys per batched provider call, by loader",
    labelNames: ["loader"],
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers: [registry],
  });

  const executions = new Counter({
    name: m("graphql_executions_total"),
    help: "GraphQL queries and mutations executed, by engine (compiled: graphql-jit; graphql-js: mutations, first runs, fallbacks); subscriptions are not counted",
    labelNames: ["engine"],
    registers: [registry],
  });

  const catalogueLookups = new Counter({
    name: m("catalogue_cache_lookups_total"),
    help: "Product ids the catalogue cache served (hit) or left to HyperSKU (miss)",
    labelNames: ["result"],
    registers: [registry],
  });

  const rateLimited = new Counter({
    name: m("rate_limited_total"),
    help: "Requests answered 429 by the abuse limits, by limit (ip, key, bad_credentials)",
    labelNames: ["limit"],
    registers: [registry],
  });

  const operations = new Set<string>();
  const operationLabel = (name: string | undefined) => {
    if (!name) return "unknown";
    if (operations.has(name)) return name;
    if (operations.size >= MAX_OPERATIONS) return "other";
    operations.add(name);
    return name;
  };
  const routes = new Set(["/graphql", "/healthz", "/readyz", "/metrics", ...(subgraphPath ? [subgraphPath] : [])]);
  const routeLabel = (path: string) =>
    routes.has(path) ? path : path.startsWith("/auth/hypersku/") ? "/auth/hypersku/*" : path.startsWith("/webhooks/supership/") ? "/webhooks/supership/*" : "other";

  return {
    registry,
    request({ method, path, status, durationMs, scope }: RequestDone) {
      httpRequests.inc({ method: METHODS.has(method) ? method : "other", route: routeLabel(path), status: String(status) });
      if (!scope.graphql) return;
      const labels = { operation: operationLabel(scope.operationName), outcome: scope.outcome ?? "rejected" };
      graphqlRequests.inc(labels);
      graphqlDuration.observe(labels, durationMs / 1000);
    },
    providerCall(e: CallEvent) {
      const labels = { provider: e.provider, endpoint: e.endpoint, outcome: callOutcome(e) };
      providerCalls.inc(labels);
      providerDuration.observe(labels, e.durationMs / 1000);
    },
    providerRetry: (e: RetryEvent) => providerRetries.inc({ provider: e.provider, endpoint: e.endpoint }),
    providerFailure: (e: ProviderUnavailableError) => providerFailures.inc({ provider: e.provider, endpoint: e.endpoint, code: e.code }),
    tokenRefresh: (provider: string, outcome: string) => tokenRefreshes.inc({ provider, outcome }),
    idempotency: (operation: string, outcome: IdempotencyOutcome) => idempotency.inc({ operation, outcome }),
    loaderBatch: (loader: string, keys: number) => loaderBatches.observe({ loader }, keys),
    execution: (engine: ExecutionEngine) => executions.inc({ engine }),
    catalogueLookup: (result: "hit" | "miss", keys: number) => catalogueLookups.inc({ result }, keys),
    rateLimited: (limit: string) => rateLimited.inc({ limit }),
  };
}

function callOutcome(e: CallEvent): string {
  if (e.status === null) return e.error === "PROVIDER_TIMEOUT" ? "timeout" : "network";
  if (e.error === "PROVIDER_SCHEMA_ERROR") return "bad_body";
  if (e.status === 429) return "rate_limited";
  if (e.status >= 500) return "server_error";
  if (e.status >= 400) return "client_error";
  return "ok";
}

/** GET /metrics; with METRICS=token only for `Authorization: Bearer <METRICS_TOKEN>`. */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Hono {
  const routes = new Hono();
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  const expected = token ? digest(token) : undefined;
  routes.get("/metrics", async (c) => {
    if (expected) {
      const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
      if (!given || !timingSafeEqual(digest(given), expected)) return c.text("metrics need Authorization: Bearer <METRICS_TOKEN>\n", 401, { "www-authenticate": "Bearer" });
    }
    return c.body(await metrics.registry.metrics(), 200, { "content-type": metrics.registry.contentType });
  });
  return routes;
}
