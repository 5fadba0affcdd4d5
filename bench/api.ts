import { type AppOptions, createApp } from "../src/app.js";
import { generateApiKey } from "../src/auth/api-keys.js";
import { loadConfig } from "../src/config.js";

/**
 * The API as the bench wires and reaches it. Wired here, not by src/server.ts: batching off and
 * the socketless provider exchange are createApp options, not production config. Nothing here
 * imports the simulators, so the served API's process (bench/serve.ts) holds only the API.
 * Reached the one way the harness talks GraphQL outside autocannon (POST JSON with the tenant's
 * API key), with one rule for what counts as a failed answer, load runs included: GraphQL
 * answers errors with HTTP 200, so the status alone says little.
 */

// The abuse limits off: the bench sends from one address with one key far past any client's rate (ADR 023).
const BASE_ENV = {
  NODE_ENV: "production",
  DEMO_MODE: "false",
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_IP: "0",
  RATE_LIMIT_PER_KEY: "0",
  RATE_LIMIT_BAD_CREDENTIALS: "0",
  // The scenarios measure SuperShip's cold path; a warm-cache Dashboard needs a registered webhook (ADR 028).
  DELIVERY_CACHE_TTL_MS: "0",
  DELIVERY_CACHE_PUSHED_TTL_MS: "0",
  DELIVERY_CACHE_TERMINAL_TTL_MS: "0",
  // Issue 17's per-tenant catalogue cache off: every scenario measures the cold path unless it says "catalogue cache on" (a src without the cache ignores it).
  CATALOGUE_CACHE_TTL_MS: "0",
};
export const CONFIG = loadConfig(BASE_ENV);
/** The catalogue cache at its default TTL (CATALOGUE_CACHE_TTL_MS unset); everything else as CONFIG. */
export const catalogueConfig = () => loadConfig({ ...BASE_ENV, CATALOGUE_CACHE_TTL_MS: undefined });
/**
 * The pushed scenario's API (bench/pushed.ts): the delivery cache at its defaults, and PUBLIC_URL
 * where this process listens, so the webhook it registers with the simulator points at it;
 * `catalogue`: the catalogue cache at its default too (the warm cells of the latency matrix).
 */
export const pushedConfig = (publicUrl: string, catalogue = false) =>
  loadConfig({
    ...BASE_ENV,
    PUBLIC_URL: publicUrl,
    DELIVERY_CACHE_TTL_MS: undefined,
    DELIVERY_CACHE_PUSHED_TTL_MS: undefined,
    DELIVERY_CACHE_TERMINAL_TTL_MS: undefined,
    ...(catalogue ? { CATALOGUE_CACHE_TTL_MS: undefined } : {}),
  });
/** A numeric setting of the API's config, or `fallback` where this version of src has no such setting yet. */
export const configNumber = (name: string, fallback: number): number => {
  const v = (CONFIG as unknown as Record<string, unknown>)[name];
  return typeof v === "number" ? v : fallback;
};

export function benchApp(o: Pick<AppOptions, "store" | "encryptionKey" | "batching" | "providerExchange">, hypersku: string, supership: string, config = CONFIG) {
  const urls = { hyperskuBaseUrl: hypersku, hyperskuAuthorizeUrl: `${hypersku}/application/auth`, supershipBaseUrl: supership, supershipLabelUrl: `${supership}/orders/awb` };
  const { app, stop } = createApp({ ...o, config, urls });
  // `stop` ends the app's timers (the idempotency sweep): call it before closing the store.
  return { fetch: app.fetch, stop };
}

export type Fetch = typeof globalThis.fetch;
// biome-ignore lint/suspicious/noExplicitAny: answers are checked by `dataOf` and read defensively
export type Data = Record<string, any>;

export const authHeaders = (apiKey: string) => ({ authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "application/json" });

/**
 * An answer's `data`, or throws why it is an error: a non-2xx status, a body that is not JSON,
 * any entry in `errors`, or a mutation result (field `resultPath`) whose `__typename` is a typed error.
 */
export function dataOf(status: number, text: string, resultPath?: string): Data {
  if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
  // A body that is not JSON throws JSON.parse's own SyntaxError, which quotes its start.
  const json: { data?: Data | null; errors?: Array<{ message: string; path?: unknown[] }> } = JSON.parse(text);
  const first = json.errors?.[0];
  if (first) throw new Error(`GraphQL error at ${(first.path ?? []).join(".") || "(document)"}: ${first.message}`);
  const result = resultPath ? json.data?.[resultPath] : undefined;
  if (resultPath && !result?.__typename?.endsWith("Success")) throw new Error(`${resultPath} answered ${result?.__typename ?? "nothing"}: ${result?.message ?? ""}`);
  return json.data ?? {};
}

/** One operation's `data` (see `dataOf`); `fetch` is injectable: the in-process measurement passes `app.fetch` (no socket). */
export async function request(url: string, apiKey: string, query: string, variables: object, fetch: Fetch = globalThis.fetch, resultPath?: string): Promise<Data> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: authHeaders(apiKey), body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(60_000) });
  return dataOf(res.status, await res.text(), resultPath);
}

/** A tenant and its API key, straight through the store (what the tenant CLI does). */
export async function createApiKey(store: AppOptions["store"], name = "bench"): Promise<string> {
  const tenant = await store.createTenant(name);
  const key = generateApiKey();
  await store.putApiKey({ keyId: key.keyId, tenantId: tenant.id, hash: key.hash });
  return key.key;
}

/**
 * Each provider's current concurrency limit in a `/readyz` answer, or {} where it reports none.
 * Read defensively (the field's name and nesting are the limiter's business): per provider, a
 * number under `limit`, `current`, `currentLimit`, `concurrency` or `concurrencyLimit`, else the
 * largest such number nested below it (per endpoint), never a `min…`/`max…` bound.
 */
export function limitsOf(ready: unknown): Record<string, number> {
  const limitOf = (detail: unknown): number | undefined => {
    if (!detail || typeof detail !== "object") return undefined;
    const entries = Object.entries(detail);
    const own = entries.find(([k, v]) => typeof v === "number" && /^(limit|current(limit)?|concurrency(limit)?)$/i.test(k));
    if (own) return own[1] as number;
    const nested = entries.flatMap(([k, v]) => (/^(min|max)/i.test(k) ? [] : [limitOf(v)])).filter((n) => n !== undefined);
    return nested.length ? Math.max(...nested) : undefined;
  };
  const providers = Object.entries((ready as { providers?: Record<string, unknown> } | null)?.providers ?? {});
  return Object.fromEntries(providers.flatMap(([name, detail]) => (limitOf(detail) === undefined ? [] : [[name, limitOf(detail)!]])));
}
export const providerLimits = async (url: string) => limitsOf(await (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).json().catch(() => null));
