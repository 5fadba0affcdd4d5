import { Writable } from "node:stream";
import { serve } from "@hono/node-server";
import { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll } from "vitest";
import { getSdk } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { createApp } from "../../src/app.js";
import { generateApiKey } from "../../src/auth/api-keys.js";
import { loadConfig } from "../../src/config.js";
import { loadDemoConfig } from "../../src/demo/config.js";
import { startSimulators as startDemoSimulators } from "../../src/demo/simulators.js";
import { createLogger } from "../../src/logger.js";
import type { CallEvent } from "../../src/providers/http.js";
import type { ProviderUrls } from "../../src/providers/runtime.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/types.js";
import { getSdk as getTestSdk } from "./generated.js";

/**
 * The test stack: both simulators and the API, each a real HTTP server on a free loopback
 * port. Tests drive the API through the generated graphql-request SDK, exactly as a client would
 * (packages/sdk), plus the operations only tests send (test/support/operations, same codegen).
 */

/** The published SDK's operations and the test-only ones on one client. */
const testSdk = (client: GraphQLClient) => ({ ...getSdk(client), ...getTestSdk(client) });

/** Both simulators on free ports, exactly as demo mode starts them. */
export const startSimulators = () => startDemoSimulators(loadDemoConfig({ SIM_HYPERSKU_PORT: "0", SIM_SUPERSHIP_PORT: "0" }));
export type Simulators = Awaited<ReturnType<typeof startSimulators>>;

/**
 * The delivery cache off unless a test's `env` turns it on: most suites count SuperShip calls
 * per query, which is the cold path; test/api/delivery-cache.test.ts tests the cache itself.
 */
export const DELIVERY_CACHE_OFF = { DELIVERY_CACHE_TTL_MS: "0", DELIVERY_CACHE_PUSHED_TTL_MS: "0", DELIVERY_CACHE_TERMINAL_TTL_MS: "0" };

/** The catalogue cache off unless a test's `env` turns it on, for the same reason (test/api/catalogue-cache.test.ts tests it). */
export const CATALOGUE_CACHE_OFF = { CATALOGUE_CACHE_TTL_MS: "0" };

export interface ApiOptions {
  urls: ProviderUrls;
  store?: Store;
  encryptionKey?: string;
  env?: Record<string, string>;
  now?: () => number;
  batching?: boolean;
  onProviderCall?: (e: CallEvent) => void;
}

export async function startApi({ urls, store, encryptionKey = generateKey(), env = {}, now, batching, onProviderCall }: ApiOptions) {
  const logs: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString("utf8")), done()) });
  const theStore = store ?? createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey), now });
  // The server's bindings go through to the app: its abuse limits read the socket's address from them.
  let handler: (req: Request, env: unknown) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  const server = serve({ fetch: (req, env) => handler(req, env), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ DEMO_MODE: "false", LOG_LEVEL: "debug", PUBLIC_URL: url, ...DELIVERY_CACHE_OFF, ...CATALOGUE_CACHE_OFF, ...env });
  const built = createApp({ config, urls, store: theStore, encryptionKey, logger: createLogger({ level: "debug", destination: sink }), now, batching, onProviderCall });
  handler = (req, env) => built.app.fetch(req, env);

  return {
    url,
    deps: built.deps,
    store: theStore,
    logs,
    /** The generated SDK with the given headers (an API key, pass-through tokens, or none). */
    sdk: (headers: Record<string, string> = {}) => testSdk(new GraphQLClient(`${url}/graphql`, { headers })),
    /** The SDK authenticated as a tenant. */
    as: (apiKey: string) => testSdk(new GraphQLClient(`${url}/graphql`, { headers: { authorization: `Bearer ${apiKey}` } })),
    close: async () => {
      await new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await built.stop();
      if (!store) await theStore.close();
    },
  };
}
export type Api = Awaited<ReturnType<typeof startApi>>;

/**
 * Both simulators and one API for the test file: started before its tests, closed after.
 * Read `stack.sims` / `stack.api` inside tests and hooks (they exist once beforeAll ran).
 */
export function useStack(options: Omit<ApiOptions, "urls"> = {}): { readonly sims: Simulators; readonly api: Api } {
  let sims: Simulators | undefined;
  let api: Api | undefined;
  beforeAll(async () => {
    sims = await startSimulators();
    api = await startApi({ ...options, urls: sims.urls });
  });
  afterAll(async () => {
    await api?.close();
    await sims?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error("useStack: read the stack inside a test or hook");
    return value;
  };
  return {
    get sims() {
      return started(sims);
    },
    get api() {
      return started(api);
    },
  };
}

/** A tenant with a fresh API key, straight in the store (the CLI's own tests cover the CLI). */
export async function createTenant(store: Store, name: string) {
  const tenant = await store.createTenant(name);
  const key = generateApiKey();
  await store.putApiKey({ keyId: key.keyId, tenantId: tenant.id, hash: key.hash });
  return { tenantId: tenant.id, apiKey: key.key };
}

/**
 * A tenant connected, through the public SDK, to demo account `index` of each provider asked
 * for (default both). Throws unless each connect mutation succeeded.
 */
export async function connectedTenant(api: Api, name: string, index: 0 | 1 = 0, providers: { hypersku?: boolean; supership?: boolean } = {}) {
  const { hypersku = true, supership = true } = providers;
  const { apiKey, tenantId } = await createTenant(api.store, name);
  const sdk = api.as(apiKey);
  const merchant = HYPERSKU_DEMO.accounts[index];
  const shop = SUPERSHIP_DEMO.accounts[index];
  if (hypersku) {
    const res = await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
    if (res.connectHyperskuWithPassword.__typename !== "MutationConnectHyperskuWithPasswordSuccess") throw new Error("connecting HyperSKU failed");
  }
  if (supership) {
    const res = await sdk.ConnectSupershipWithToken({ token: shop.token });
    if (res.connectSupershipWithToken.__typename !== "MutationConnectSupershipWithTokenSuccess") throw new Error("connecting SuperShip failed");
  }
  return { apiKey, tenantId, sdk, accountId: merchant.accountId, shopCode: shop.shopCode };
}

/** Every string that must never appear in a log line or an error sent to a client. */
export function findSecrets(haystack: string, secrets: Iterable<string>): string[] {
  return [...secrets].filter((s) => s.length >= 6 && haystack.includes(s));
}
