import type { HyperskuClient } from "../providers/hypersku/client.js";
import type { ClientRequest, ProviderRuntime } from "../providers/runtime.js";
import type { SupershipClient } from "../providers/supership/client.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import type { AreaCache } from "./area.js";
import type { CatalogueView } from "./catalogue-cache.js";

/**
 * What a batch function needs from the request: its bound provider clients, and from the
 * process the area cache and the batching switch. The resolvers' Context has all of it.
 */
export interface LoaderContext {
  hypersku: HyperskuClient;
  supership: SupershipClient;
  /** The tenant's view of the delivery cache; absent without a tenant or with the cache off. */
  deliveryCache?: DeliveryCacheView;
  /** The tenant's view of the catalogue cache; absent without a tenant or with CATALOGUE_CACHE_TTL_MS=0. */
  catalogue?: CatalogueView;
  /** The request as provider clients see it, for the clients a loader builds itself (areas). */
  calls?: ClientRequest;
  app: {
    /** false: one provider call per key (the tests' and benchmark's baseline; never configured). */
    batching: boolean;
    providers: Pick<ProviderRuntime, "supership">;
    areas?: AreaCache;
    observe?: LoaderObserve;
  };
}

/** Batch sizes, for metrics (absent with METRICS=off). */
export interface LoaderObserve {
  loaderBatch(loader: string, keys: number): void;
}

/**
 * The delivery cache as one tenant's loaders see it (src/resolvers/delivery-cache.ts builds it).
 * Reads never fail: a store error reads as "not cached" and the loader asks SuperShip.
 */
export interface DeliveryCacheView {
  /** Fresh entries by code, in key order; undefined where none is fresh. */
  fresh(codes: readonly string[]): Promise<(Delivery | undefined)[]>;
  /** Fresh by-soc answers: the newest delivery's code, null for none, undefined where none is fresh. */
  freshSocs(socs: readonly string[]): Promise<(string | null | undefined)[]>;
  /** The cache's clock: read it when a fetch starts, and pass it as the answer's `askedAt`. */
  now(): number;
  /** Records deliveries as SuperShip answered a fetch started at `askedAt` (an event pushed since then is not overwritten). */
  record(deliveries: readonly Delivery[], askedAt: number): Promise<void>;
  /** Records a by-soc answer (and the delivery). */
  recordSoc(soc: string, delivery: Delivery | null, askedAt: number): Promise<void>;
  /** Codes of every delivery the cache holds (fresh or not), only `soc`'s when given, newest first. */
  known(opts: { soc?: string; limit: number }): Promise<string[]>;
}
