import { z } from "zod";

/**
 * Every user-facing knob, read once from the environment. Each variable is documented in
 * `.env.example` and the README. The demo entry (`npm start`, src/demo/) extends this schema
 * with its simulator knobs; the production entry (src/server.ts) reads only this one.
 */

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");
const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const ms = z.coerce.number().int().nonnegative();
const url = z.url();
/** What a browser sends in `Origin`: scheme, host and port only. A path or trailing slash would never match. */
const isOrigin = (v: string) => v === "*" || (URL.canParse(v) && new URL(v).origin === v);

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Public base URL of this API (OAuth redirect URIs are built from it). Defaults to http://HOST:PORT. */
  PUBLIC_URL: url.optional(),

  /** Serve GraphiQL on GET /graphql. Unset: on, except with NODE_ENV=production (see loadConfig). */
  GRAPHIQL: bool.optional(),
  /**
   * Read by `npm start` (src/demo/) only. `true`: both provider simulators in-process and a
   * connected demo tenant; `false`: `npm start` runs the production entry instead. The
   * production entry (`node dist/server.js`) never starts simulators, whatever this says.
   */
  DEMO_MODE: bool.default(true),

  /** Accept provider tokens sent directly in X-HyperSKU-Token / X-SuperShip-Token headers. */
  ALLOW_PASSTHROUGH_TOKENS: bool.default(true),
  /** Refresh provider tokens this long before they expire. */
  TOKEN_REFRESH_AHEAD_MS: ms.default(60_000),

  // --- HyperSKU (see docs/providers/hypersku.md: most of this contract is inferred) ---
  HYPERSKU_BASE_URL: url.optional(),
  /** Authorize page of the OAuth code flow (docs §3.1: https://app.hypersku.com/application/auth). */
  HYPERSKU_AUTHORIZE_URL: url.optional(),
  HYPERSKU_CLIENT_ID: z.string().default("demo-client"),
  HYPERSKU_CLIENT_SECRET: z.string().default("demo-client-secret"),
  HYPERSKU_SCOPE: z.string().default("oms"),
  /** Prefix of the Authorization header value on business calls: "" (raw token, default) or "Bearer ". */
  HYPERSKU_AUTH_PREFIX: z.string().default(""),
  /** Envelope `status` values that mean success (200 per the AG-Admin convention, 0 per third-party code). */
  HYPERSKU_SUCCESS_CODES: csv
    .pipe(
      z.array(
        z
          .string()
          .regex(/^-?\d+$/)
          .transform(Number),
      ),
    )
    .default([200, 0]),
  /**
   * Secret. Sent as the `Authorization` header (raw, no prefix) on the token endpoints getToken,
   * accessToken and refreshToken: the app's API key, as the accessToken page's header box and
   * third-party code show (addendum #1, #2). Unset: those calls carry no Authorization header.
   */
  HYPERSKU_TOKEN_AUTHORIZATION: z.string().optional(),
  /** The merchant store's code that `getOrdersByExternalOrderId` takes (3P, addendum #6). Unset: see HYPERSKU_ORDER_LOOKUP. */
  HYPERSKU_STORE_CODE: z.string().optional(),
  /**
   * How `order(storeOrderId:)` finds an order: `external` = getOrdersByExternalOrderId with
   * HYPERSKU_STORE_CODE (3P; without a store code it falls back to `filter`, with a warning at
   * start), `filter` = getOrderInfos with a storeOrderIds filter (inferred).
   */
  HYPERSKU_ORDER_LOOKUP: z.enum(["external", "filter"]).default("external"),
  /**
   * How logisticsId, skuId and thirdOrderId go into HyperSKU request bodies: "string" (default) or
   * "number" (bare JSON digits, as the third-party client sends them; exact even for 19-digit ids).
   */
  HYPERSKU_ID_ENCODING: z.enum(["string", "number"]).default("string"),
  /** Overrides of the inferred path prefixes: `/api/auth` and `/api/customer`. */
  HYPERSKU_AUTH_PREFIX_PATH: z.string().default("/api/auth"),
  HYPERSKU_CUSTOMER_PREFIX_PATH: z.string().default("/api/customer"),

  // --- SuperShip ---
  SUPERSHIP_BASE_URL: url.optional(),
  SUPERSHIP_CLIENT_ID: z.string().optional(),
  SUPERSHIP_CLIENT_SECRET: z.string().optional(),
  SUPERSHIP_PARTNER_CODE: z.string().optional(),
  /** Browser page that renders labels for a print token (docs C6). */
  SUPERSHIP_LABEL_URL: url.optional(),

  // --- Provider HTTP behaviour ---
  PROVIDER_TIMEOUT_MS: ms.default(10_000),
  /** Extra attempts for safe (read) calls; writes are never retried. */
  PROVIDER_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  PROVIDER_RETRY_BASE_MS: ms.default(100),
  PROVIDER_RETRY_MAX_MS: ms.default(2_000),
  /** Concurrent calls in flight per provider and process; more wait in a queue. */
  PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  /**
   * Calls waiting for a slot per provider; past that a call fails at once (ProviderUnavailable).
   * 5000 holds a burst of 100 dashboards (50 deliveries each) instead of failing their fields.
   */
  PROVIDER_QUEUE: z.coerce.number().int().min(0).default(5_000),
  /** Consecutive failures that open a provider's circuit, and how long it stays open. */
  PROVIDER_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  PROVIDER_BREAKER_HALF_OPEN_MS: ms.default(10_000),
  /**
   * How long SuperShip's area lists (anonymous reference data, the same for every tenant) are
   * kept per process; 0 keeps them for one request only (docs/decisions/008-area-cache.md).
   */
  AREA_CACHE_TTL_MS: ms.default(21_600_000),

  // --- GraphQL hardening (docs/decisions/006-hardening.md) ---
  /** Answer introspection (`__schema`, `__type`). Unset: on, except with NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: bool.optional(),
  /** graphql-armor limits, checked before anything executes (src/http/armor.ts). Field nesting depth. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  /** Estimated cost; about 2× the Dashboard query with `orders(first: 50)` inline (measured in ADR 006). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  /** Lexical tokens in the document, counted while parsing (stops huge documents early). */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(5_000),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  /** Browser origins allowed to call /graphql cross-origin, comma-separated (`*`: any). Empty: same-origin only. */
  CORS_ORIGINS: csv.pipe(z.array(z.string().refine(isOrigin, "each entry must be `*` or an origin like https://app.example.com (no path)"))).default([]),

  // --- Federation subgraph (docs/federation.md) ---
  /** Path of the Federation v2 subgraph endpoint that a router (Apollo Router, Hive Gateway, Cosmo) calls. */
  SUBGRAPH_PATH: z
    .string()
    .regex(/^\/[\w\-/]*[\w-]$/, "must be a path like /subgraph (leading slash, no trailing slash)")
    .refine((p) => p !== "/graphql", "must differ from /graphql, the public endpoint")
    .default("/subgraph"),
  /** Shared secret the router sends in SUBGRAPH_SECRET_HEADER. Unset: the subgraph endpoint is off (404). */
  SUBGRAPH_SECRET: z.string().min(16, "use at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
  SUBGRAPH_SECRET_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i, "must be an HTTP header name")
    .transform((h) => h.toLowerCase())
    .default("x-subgraph-secret"),

  // --- Observability (docs/decisions/014-observability.md) ---
  /** GET /metrics (Prometheus): `off`, `on`, or `token` (needs `Authorization: Bearer <METRICS_TOKEN>`). Unset: off with NODE_ENV=production, on otherwise. */
  METRICS: z.enum(["off", "on", "token"]).optional(),
  /** Secret for METRICS=token. */
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),

  /** How long an idempotency key of createOrder/createDelivery is remembered. */
  IDEMPOTENCY_TTL_MS: ms.default(24 * 3600_000),

  // --- Store ---
  /** Embedded store directory (SQLite file, demo encryption key). */
  DATA_DIR: z.string().default(".data"),
  /** When set, the store (tokens, locks, idempotency keys) lives in Redis instead of SQLite. */
  REDIS_URL: z.string().optional(),
  /** 32-byte key, base64, for AES-256-GCM encryption of provider tokens at rest. Required by the production entry; the demo generates one. */
  ENCRYPTION_KEY: z.string().optional(),
});

type ParsedConfig = z.infer<typeof configSchema>;
/** A parsed environment with the NODE_ENV-dependent defaults resolved. */
export type Resolved<T extends ParsedConfig> = Omit<T, "GRAPHIQL" | "GRAPHQL_INTROSPECTION"> & { GRAPHIQL: boolean; GRAPHQL_INTROSPECTION: boolean };
export type Config = Resolved<ParsedConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a bad value fails with a message naming each variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfigWith(configSchema, env);
}

/** The same, with `configSchema` or a schema extending it (the demo's, src/demo/config.ts). */
export function loadConfigWith<T extends ParsedConfig>(schema: z.ZodType<T>, env: Record<string, string | undefined>): Resolved<T> {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  // The playground and introspection describe the whole schema to anyone: off in production
  // unless set explicitly. Resolved here, not in the schema, because the default depends on NODE_ENV.
  const production = parsed.data.NODE_ENV === "production";
  return { ...parsed.data, GRAPHIQL: parsed.data.GRAPHIQL ?? !production, GRAPHQL_INTROSPECTION: parsed.data.GRAPHQL_INTROSPECTION ?? !production };
}
