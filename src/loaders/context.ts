import type { HyperskuClient } from "../providers/hypersku/client.js";
import type { ProviderRuntime } from "../providers/runtime.js";
import type { SupershipClient } from "../providers/supership/client.js";
import type { AreaLists } from "./area.js";

/**
 * What a batch function needs from the request: its bound provider clients, and from the
 * process the area cache and the batching switch. The resolvers' Context has all of it.
 */
export interface LoaderContext {
  hypersku: HyperskuClient;
  supership: SupershipClient;
  app: {
    /** false: one provider call per key (the tests' and benchmark's baseline; never configured). */
    batching: boolean;
    providers: Pick<ProviderRuntime, "supership">;
    areas?: AreaLists;
    observe?: LoaderObserve;
  };
}

/** Batch sizes, for metrics (absent with METRICS=off). */
export interface LoaderObserve {
  loaderBatch(loader: string, keys: number): void;
}
