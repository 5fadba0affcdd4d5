import { Hono } from "hono";
import { type Control, createControl } from "../shared/control.js";
import { createAuthStore, type SimEnv } from "./auth.js";
import { HYPERSKU_DEMO } from "./demo.js";
import { corrupt } from "./envelope.js";
import { authRoutes } from "./routes/auth.js";
import { controlRoutes } from "./routes/control.js";
import { inventoryRoutes } from "./routes/inventory.js";
import { logisticsRoutes } from "./routes/logistics.js";
import { loopbackRedirectUri, oauthRoutes } from "./routes/oauth.js";
import { orderWriteRoutes } from "./routes/order-writes.js";
import { orderReadRoutes } from "./routes/orders.js";
import { productRoutes } from "./routes/products.js";
import { buildSeed } from "./seed/index.js";
import type { HyperskuState } from "./state.js";

export interface HyperskuSimulatorOptions {
  /** Seed of the generated catalogue, orders and stock (default 42). */
  seed?: number;
  latencyMs?: number;
  jitterMs?: number;
  /** Access-token lifetime, seconds (default 7200). */
  accessTokenTtlSec?: number;
  /** Refresh-token lifetime, seconds (default 30 days). */
  refreshTokenTtlSec?: number;
  /** Registered OAuth apps (default: HYPERSKU_DEMO.oauthApp). */
  oauthApps?: Array<{ clientId: string; clientSecret: string }>;
  /** redirectUri check for the OAuth app: default allows any http(s) URL on 127.0.0.1/localhost/[::1] */
  allowRedirectUri?: (uri: string) => boolean;
  /** Refuse getToken, accessToken and refreshToken (HTTP 401) unless they carry `Authorization: <this>` (default: not checked). */
  requireTokenAuthorization?: string;
}

export interface HyperskuSimulator {
  app: Hono<SimEnv>;
  control: Control;
  state: HyperskuState;
}

/**
 * Builds the simulator without listening (tests may call `app.request` in-process).
 * `/__sim/reset` restores the seeded data; issued tokens and codes survive it so a client's
 * stored credentials stay usable (expire them with POST /__sim/hypersku/tokens/expire).
 */
export function createHyperskuSimulator({
  seed = 42,
  latencyMs,
  jitterMs,
  accessTokenTtlSec = 7200,
  refreshTokenTtlSec = 30 * 24 * 3600,
  oauthApps = [{ ...HYPERSKU_DEMO.oauthApp }],
  allowRedirectUri = loopbackRedirectUri,
  requireTokenAuthorization,
}: HyperskuSimulatorOptions = {}): HyperskuSimulator {
  const control = createControl({ corrupt, onReset: () => (state.data = buildSeed(seed)), latencyMs, jitterMs, seed });
  const state: HyperskuState = {
    seed,
    data: buildSeed(seed),
    auth: createAuthStore({ now: control.now, accessTokenTtlSec, refreshTokenTtlSec }),
    tokenAuthorization: requireTokenAuthorization ?? null,
    account(accountId) {
      const account = state.data.accounts.get(accountId);
      if (!account) throw new Error(`no seeded HyperSKU account ${accountId}`);
      return account;
    },
  };

  const app = new Hono<SimEnv>();
  control.mount(app);
  const deps = { app, control, state };
  authRoutes(deps, oauthApps);
  oauthRoutes(deps, { apps: oauthApps, allowRedirectUri });
  productRoutes(deps);
  logisticsRoutes(deps);
  orderReadRoutes(deps);
  orderWriteRoutes(deps);
  inventoryRoutes(deps);
  controlRoutes(deps);
  app.notFound((c) => c.json({ status: 404, message: `no route ${c.req.method} ${c.req.path}` }, 404));
  return { app, control, state };
}
