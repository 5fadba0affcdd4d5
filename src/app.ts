import { Hono } from "hono";
import { createTokenGrants } from "./auth/grants.js";
import { createLinkSigner } from "./auth/signed-link.js";
import { createTokenManager } from "./auth/token-manager.js";
import type { Config } from "./config.js";
import { createAdmission } from "./http/admission.js";
import { graphqlBodyLimit } from "./http/body-limit.js";
import { noStore } from "./http/cache-control.js";
import { graphqlCors } from "./http/cors.js";
import { healthRoutes } from "./http/health.js";
import { hyperskuOAuthRoutes } from "./http/hypersku-oauth.js";
import { createMetrics, type Metrics, metricsMode, metricsRoutes } from "./http/metrics.js";
import { observeRequests } from "./http/observe.js";
import { createRateLimits } from "./http/rate-limit.js";
import { appSecureHeaders, graphiqlSecureHeaders } from "./http/secure-headers.js";
import { subgraphRoutes } from "./http/subgraph.js";
import { supershipWebhookRoutes } from "./http/supership-webhooks.js";
import { createGraphQLServer } from "./http/yoga.js";
import { createAreaCache } from "./loaders/area.js";
import { createCatalogueCache } from "./loaders/catalogue-cache.js";
import { createLogger, type Logger } from "./logger.js";
import type { Exchange } from "./providers/exchange.js";
import type { CallEvent } from "./providers/http.js";
import { createProviderRuntime, type ProviderSettings, type ProviderUrls } from "./providers/runtime.js";
import type { AppDeps } from "./resolvers/context.js";
import { createDeliveryCache } from "./resolvers/delivery-cache.js";
import { createDeliveryEvents, type DeliveryEventTarget } from "./resolvers/delivery-events.js";
import { createSubscriptions } from "./resolvers/subscriptions.js";
import { startWriteSweep } from "./resolvers/write-sweep.js";
import { connectRedisEventTarget } from "./store/redis-events.js";
import type { Store } from "./store/types.js";

/**
 * Builds the HTTP application without listening: tests call `app.fetch` in-process or serve
 * it on port 0; src/server.ts serves it for real. Every dependency with I/O is passed in.
 */

export interface AppOptions {
  config: Config;
  urls: ProviderUrls;
  store: Store;
  /**
   * Base64 AES-256 key: the one the store's cipher encrypts with, and the signed-link key's
   * source. Links signed with a key in config.ENCRYPTION_KEY_PREVIOUS are still accepted.
   */
  encryptionKey: string;
  logger?: Logger;
  fetch?: typeof globalThis.fetch;
  /** Replaces the providers' HTTP exchange (wins over `fetch`): the in-process benchmark's socketless one. */
  providerExchange?: Exchange;
  now?: () => number;
  /** false: one provider call per key instead of batches, for comparison in tests and the benchmark. */
  batching?: boolean;
  graphiqlApiKey?: () => string | undefined;
  onProviderCall?: (event: CallEvent) => void;
}

export function createApp({
  config,
  urls,
  store,
  encryptionKey,
  logger = createLogger({ level: config.LOG_LEVEL }),
  fetch,
  providerExchange,
  now = Date.now,
  batching = true,
  graphiqlApiKey,
  onProviderCall,
}: AppOptions) {
  if (config.IDEMPOTENCY_LEASE_MS <= config.PROVIDER_TIMEOUT_MS) {
    logger.warn("IDEMPOTENCY_LEASE_MS is not above PROVIDER_TIMEOUT_MS: a create still running may be reconciled as unknown and made twice");
  }
  if (config.HYPERSKU_ORDER_LOOKUP === "external" && !config.HYPERSKU_STORE_CODE) {
    logger.warn("HYPERSKU_STORE_CODE is not set: order(storeOrderId:) uses the inferred getOrderInfos filter instead of getOrdersByExternalOrderId");
  }
  const providers = createProviderRuntime(providerSettings(config), urls, {
    fetch,
    exchange: providerExchange,
    logger,
    onCall: (e) => {
      metrics?.providerCall(e);
      onProviderCall?.(e);
    },
    onRetry: (e) => metrics?.providerRetry(e),
    onFailure: (e) => metrics?.providerFailure(e),
  });
  // One per process, shared by /graphql and the subgraph (docs/decisions/020-tenant-admission.md).
  const admission =
    config.ADMISSION_ELU_TARGET > 0
      ? createAdmission({
          target: config.ADMISSION_ELU_TARGET,
          tenantQueue: config.ADMISSION_TENANT_QUEUE,
          idleMs: config.ADMISSION_IDLE_MS,
          maxRunning: config.ADMISSION_MAX_RUNNING || undefined,
          minRunning: config.ADMISSION_MIN_RUNNING,
        })
      : undefined;
  // One registry per app (src/http/metrics.ts); none with METRICS=off.
  const mode = metricsMode(config);
  const metrics: Metrics | undefined =
    mode === "off" ? undefined : createMetrics(providers, { subgraphPath: config.SUBGRAPH_SECRET ? config.SUBGRAPH_PATH : undefined, admission });
  // SuperShip's pushes, across replicas through Redis pub/sub when REDIS_URL is set (issue 15).
  const bus = config.REDIS_URL ? connectRedisEventTarget<CustomEvent>(config.REDIS_URL) : undefined;
  const deps: AppDeps = {
    events: createDeliveryEvents(bus?.eventTarget as DeliveryEventTarget | undefined),
    subscriptions: createSubscriptions({ perTenant: config.SUBSCRIPTIONS_PER_TENANT }),
    config,
    store,
    providers,
    logger,
    now,
    batching,
    tokens: createTokenManager({
      store,
      grants: createTokenGrants(config, providers),
      now,
      refreshAheadMs: config.TOKEN_REFRESH_AHEAD_MS,
      logger,
      onRefresh: (provider, outcome) => metrics?.tokenRefresh(provider, outcome),
    }),
    signer: createLinkSigner({ current: encryptionKey, previous: config.ENCRYPTION_KEY_PREVIOUS }, now),
    ...(metrics ? { observe: { idempotency: metrics.idempotency, loaderBatch: metrics.loaderBatch, execution: metrics.execution } } : {}),
    publicUrl: (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/+$/, ""),
    ...(config.AREA_CACHE_TTL_MS > 0 ? { areas: createAreaCache((request) => providers.supership(undefined, request), { ttlMs: config.AREA_CACHE_TTL_MS, now }) } : {}),
    ...(deliveryCacheOn(config) ? { deliveryCache: createDeliveryCache({ store, now, logger, ...deliveryCacheTtls(config) }) } : {}),
    ...(config.CATALOGUE_CACHE_TTL_MS > 0
      ? {
          catalogue: createCatalogueCache({
            ttlMs: config.CATALOGUE_CACHE_TTL_MS,
            maxEntries: config.CATALOGUE_CACHE_MAX_ENTRIES,
            maxBytes: config.CATALOGUE_CACHE_MAX_BYTES,
            now,
            onLookup: (result, keys) => metrics?.catalogueLookup(result, keys),
          }),
        }
      : {}),
  };
  const yoga = createGraphQLServer(deps, { graphiqlApiKey, admission, persistedDocuments: config.PERSISTED_DOCUMENTS });

  const app = new Hono();
  app.use("*", observeRequests(logger, metrics && ((done) => metrics.request(done))));
  // Cache-Control: private, no-store on every answer: they are per tenant (src/http/cache-control.ts).
  app.use("*", noStore());
  // CSP, nosniff, framing, referrer, HSTS on https, WWW-Authenticate on 401 (src/http/secure-headers.ts).
  app.use("*", appSecureHeaders(deps.publicUrl));
  if (metrics) app.route("/", metricsRoutes(metrics, mode === "token" ? config.METRICS_TOKEN : undefined));
  // Set by `drain` on SIGTERM (src/http/serve.ts): /readyz answers 503 from then on.
  let draining = false;
  app.route("/", healthRoutes(deps, { admission, draining: () => draining }));
  // Abuse limits (docs/decisions/023-abuse-limits.md), registered before the routes they guard.
  const limits = createRateLimits(config, { logger, onLimited: (limit) => metrics?.rateLimited(limit) });
  app.use("/auth/*", ...limits.guard({ carriesCredential: (c) => c.req.header("authorization") !== undefined || c.req.query("link") !== undefined }));
  app.route("/auth/hypersku", hyperskuOAuthRoutes(deps));
  app.use("/graphql", graphqlCors(config.CORS_ORIGINS));
  app.use("/graphql", ...limits.guard({ carriesCredential: (c) => c.req.header("authorization") !== undefined }));
  app.use("/graphql", graphqlBodyLimit(config.GRAPHQL_MAX_BODY_BYTES));
  app.use("/graphql", graphiqlSecureHeaders());
  // Every method reaches Yoga, so PUT or DELETE get its JSON 405 (with Allow), not a bare 404.
  app.on(["GET", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"], "/graphql", (c) => yoga.fetch(c.req.raw, {}));
  // SuperShip's pushes (docs/decisions/026-supership-webhooks.md): the URL's token names the tenant.
  app.route("/", supershipWebhookRoutes(deps, limits));
  // The federation subgraph for a router (SUBGRAPH_PATH); nothing is mounted without SUBGRAPH_SECRET.
  app.route("/", subgraphRoutes(deps, { admission, limits }));
  // Reconciles unknown writes in the background (IDEMPOTENCY_SWEEP_MS; the timer never holds the process open).
  const sweep = startWriteSweep(deps);
  /**
   * Stops the app's background work — open subscription streams, the admission's timer, the write
   * sweep (waiting for a sweep under way), the limits' counters, the events bus — before the
   * store is closed.
   */
  const stop = async () => {
    deps.subscriptions.endAll();
    admission?.stop();
    await sweep.stop();
    await limits.close();
    await bus?.close();
  };
  /** The process is shutting down: readiness turns 503, open subscription streams complete (the listener drains the connections). */
  const drain = () => {
    draining = true;
    deps.subscriptions.endAll();
  };
  return { app, deps, yoga, metrics, stop, drain };
}

const deliveryCacheTtls = (c: Config) => ({ ttlMs: c.DELIVERY_CACHE_TTL_MS, pushedTtlMs: c.DELIVERY_CACHE_PUSHED_TTL_MS, terminalTtlMs: c.DELIVERY_CACHE_TERMINAL_TTL_MS });
const deliveryCacheOn = (c: Config) => Object.values(deliveryCacheTtls(c)).some((ms) => ms > 0);

/** The provider layer's knobs from the environment: the app and the probes (scripts/probe) read them here. */
export function providerSettings(config: Config): ProviderSettings {
  return {
    transport: {
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
      retries: config.PROVIDER_RETRIES,
      retryBaseMs: config.PROVIDER_RETRY_BASE_MS,
      retryMaxMs: config.PROVIDER_RETRY_MAX_MS,
      concurrency: config.PROVIDER_CONCURRENCY,
      concurrencyMin: config.PROVIDER_CONCURRENCY_MIN,
      concurrencyMax: config.PROVIDER_CONCURRENCY_MAX,
      queue: config.PROVIDER_QUEUE,
      breakerFailureRate: config.PROVIDER_BREAKER_FAILURE_RATE,
      breakerWindowMs: config.PROVIDER_BREAKER_WINDOW_MS,
      breakerMinCalls: config.PROVIDER_BREAKER_MIN_CALLS,
      tenantQueue: config.PROVIDER_TENANT_QUEUE,
      breakerHalfOpenMs: config.PROVIDER_BREAKER_HALF_OPEN_MS,
      probeTimeoutMs: config.PROVIDER_PROBE_TIMEOUT_MS,
    },
    hypersku: {
      authPrefix: config.HYPERSKU_AUTH_PREFIX,
      successCodes: config.HYPERSKU_SUCCESS_CODES,
      prefixes: { auth: config.HYPERSKU_AUTH_PREFIX_PATH, customer: config.HYPERSKU_CUSTOMER_PREFIX_PATH },
      tokenAuthorization: config.HYPERSKU_TOKEN_AUTHORIZATION,
      idEncoding: config.HYPERSKU_ID_ENCODING,
    },
  };
}
