import { bindClient } from "../auth/bind.js";
import type { LinkSigner } from "../auth/signed-link.js";
import type { TokenManager } from "../auth/token-manager.js";
import type { Viewer } from "../auth/viewer.js";
import type { Config } from "../config.js";
import type { AreaCache } from "../loaders/area.js";
import type { CatalogueCache, CatalogueView } from "../loaders/catalogue-cache.js";
import type { DeliveryCacheView, LoaderObserve } from "../loaders/context.js";
import type { Logger } from "../logger.js";
import type { HyperskuClient } from "../providers/hypersku/client.js";
import type { ClientRequest, ProviderRuntime } from "../providers/runtime.js";
import type { SupershipClient } from "../providers/supership/client.js";
import type { ProviderName, Store } from "../store/types.js";
import type { DeliveryCache } from "./delivery-cache.js";
import type { DeliveryEvents } from "./delivery-events.js";
import type { Subscriptions } from "./subscriptions.js";

/**
 * What a resolver sees: the process-wide dependencies and the request's own context. Built by
 * src/app.ts (AppDeps) and src/http/context.ts (Context, once per request).
 */

/** Process-wide dependencies, built once at start (src/app.ts) and shared by every request. */
export interface AppDeps {
  config: Config;
  store: Store;
  tokens: TokenManager;
  providers: ProviderRuntime;
  signer: LinkSigner;
  logger: Logger;
  now: () => number;
  /** false: loaders make one provider call per key (the benchmark's and tests' baseline; never configured). */
  batching: boolean;
  /** Base URL of this API as browsers reach it (OAuth redirect URI, connect links). */
  publicUrl: string;
  /** SuperShip's area lists, kept for the process; absent with AREA_CACHE_TTL_MS=0 (per request then). */
  areas?: AreaCache;
  /** Accepted SuperShip webhook events, per tenant, shared by every replica (src/resolvers/delivery-events.ts). */
  events: DeliveryEvents;
  /** Open subscription streams: the per-tenant cap and the drain that ends them (src/resolvers/subscriptions.ts). */
  subscriptions: Subscriptions;
  /** The delivery cache webhooks keep fresh (src/resolvers/delivery-cache.ts); absent: every read asks SuperShip. */
  deliveryCache?: DeliveryCache;
  /** HyperSKU products per tenant (src/loaders/catalogue-cache.ts); absent with CATALOGUE_CACHE_TTL_MS=0. */
  catalogue?: CatalogueCache;
  /** Metrics hooks (src/http/metrics.ts); absent with METRICS=off. */
  observe?: Observe;
}

/**
 * What an idempotency key did: claimed (this request wrote), replayed, conflict, unknown (a
 * write's outcome became unknown), reconciled (the provider's record completed an unknown one),
 * released (the provider had none: written again, or freed by the sweep).
 */
export type IdempotencyOutcome = "claimed" | "replayed" | "conflict" | "unknown" | "reconciled" | "released";

/** Which executor ran an operation: graphql-jit's compiled code, or graphql-js' interpreter. */
export type ExecutionEngine = "compiled" | "graphql-js";

/** What resolvers and loaders report to the metrics. */
export interface Observe extends LoaderObserve {
  idempotency(operation: string, outcome: IdempotencyOutcome): void;
  /** An operation executed, compiled or on graphql-js (src/http/compiled-queries.ts). */
  execution(engine: ExecutionEngine): void;
}

/**
 * A new object per request: who is calling and provider clients bound to their credentials.
 * Nothing here outlives the request; Pothos keeps the request's dataloaders on it too.
 */
export interface Context {
  app: AppDeps;
  viewer: Viewer;
  hypersku: HyperskuClient;
  supership: SupershipClient;
  /** The viewer's tenant's view of the delivery cache; absent without a tenant (pass-through tokens) or a cache. */
  deliveryCache?: DeliveryCacheView;
  /** The viewer's tenant's view of the catalogue cache; absent without a tenant (pass-through tokens) or a cache. */
  catalogue?: CatalogueView;
  requestId: string;
  /** The request as provider clients see it (id, tenant lane, deadline, logger): for clients built here without a token (connect calls, reference data). */
  calls: ClientRequest;
  /** The request's logger: a pino child carrying the request id, tenant id and operation name. */
  log: Logger;
}

/** A context for `viewer`: provider clients bound to its credentials and to `request` (id, tenant lane, deadline). */
export function contextFor(app: AppDeps, viewer: Viewer, request: ClientRequest & { requestId: string }, log: Logger): Context {
  const calls: ClientRequest = { ...request, log };
  // The viewer's token refreshes are this request's calls too.
  const forRequest: Viewer = { ...viewer, token: (p) => viewer.token(p, calls), refresh: (p, rejected) => viewer.refresh(p, rejected, calls) };
  // One HyperSKU token read per request, shared by the client and the catalogue cache's key.
  let hyperskuToken: Promise<string> | undefined;
  const once = (p: ProviderName) => (p === "hypersku" ? (hyperskuToken ??= forRequest.token(p)) : forRequest.token(p));
  const bound: Viewer = { ...forRequest, token: once };
  return {
    app,
    viewer: forRequest,
    hypersku: bindClient("hypersku", bound, (token) => app.providers.hypersku(token, calls)),
    supership: bindClient("supership", forRequest, (token) => app.providers.supership(token, calls)),
    ...(app.deliveryCache && viewer.tenant ? { deliveryCache: app.deliveryCache.forTenant(viewer.tenant.id) } : {}),
    ...(app.catalogue && viewer.tenant ? { catalogue: app.catalogue.forTenant(viewer.tenant.id, () => once("hypersku")) } : {}),
    requestId: request.requestId,
    calls,
    log,
  };
}
