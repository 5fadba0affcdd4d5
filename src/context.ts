import { randomUUID } from "node:crypto";
import type { LinkSigner } from "./auth/signed-link.js";
import type { TokenManager } from "./auth/token-manager.js";
import { authenticate, type Viewer } from "./auth/viewer.js";
import type { Config } from "./config.js";
import type { AreaLists } from "./loaders/area.js";
import type { Logger } from "./logger.js";
import { bindClient } from "./providers/bind.js";
import type { HyperskuClient } from "./providers/hypersku/client.js";
import type { ProviderRuntime } from "./providers/runtime.js";
import type { SupershipClient } from "./providers/supership/client.js";
import type { Store } from "./store/types.js";

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
  areas?: AreaLists;
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
  requestId: string;
}

export async function createContext(app: AppDeps, request: Request): Promise<Context> {
  const viewer = await authenticate(request.headers, {
    store: app.store,
    tokens: app.tokens,
    allowPassthrough: app.config.ALLOW_PASSTHROUGH_TOKENS,
  });
  return {
    app,
    viewer,
    hypersku: bindClient("hypersku", viewer, (token) => app.providers.hypersku(token)),
    supership: bindClient("supership", viewer, (token) => app.providers.supership(token)),
    requestId: request.headers.get("x-request-id") ?? randomUUID(),
  };
}
