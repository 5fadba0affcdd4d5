import { existsSync } from "node:fs";
import { join } from "node:path";
import proxyaddr from "proxy-addr";
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
/** The same test as createCipher (src/store/crypto.ts), checked here so a bad key is a clean ConfigError, never a stack. */
const isEncryptionKey = (v: string) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v.trim()) && Buffer.from(v.trim(), "base64").length === 32;
/** An entry proxy-addr can compile (src/http/client-ip.ts): an address, a CIDR, or one of its named ranges. */
const isTrustedProxy = (v: string) => {
  try {
    proxyaddr.compile([v]);
    return true;
  } catch {
    return false;
  }
};
const GENERATE_KEY = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

/** The demo defaults of the HyperSKU app credentials: fine against the simulator, refused in production. */
export const DEMO_HYPERSKU_CLIENT = { id: "demo-client", secret: "demo-client-secret" } as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /**
   * On SIGTERM/SIGINT: how long in-flight requests may take to finish before the process exits
   * anyway (code 1). Below Kubernetes' default terminationGracePeriodSeconds (30 s), so we exit
   * before the kubelet's SIGKILL (docs/decisions/024-drain-and-store-unavailable.md).
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1).default(10_000),
  /** Public base URL of this API (OAuth redirect URIs are built from it). Defaults to http://HOST:PORT. */
  PUBLIC_URL: url.optional(),

  /** Serve GraphiQL on GET /graphql. Unset: on, except with NODE_ENV=production (see loadConfig). */
  GRAPHIQL: bool.optional(),
  /**
   * Demo mode is this and not NODE_ENV=production (isDemoMode). Read by `npm start` (src/demo/):
   * in demo mode both provider simulators in-process and a connected demo tenant, otherwise the
   * production entry; and by the tenant CLI: only in demo mode may it use the demo key file. The
   * production entry (`node dist/server.js`) never starts simulators, whatever this says.
   */
  DEMO_MODE: bool.default(true),

  /**
   * Accept provider tokens sent directly in X-HyperSKU-Token / X-SuperShip-Token headers, without
   * an API key. Unset: on, except with NODE_ENV=production (see loadConfig).
   */
  ALLOW_PASSTHROUGH_TOKENS: bool.optional(),
  /** Refresh provider tokens this long before they expire. */
  TOKEN_REFRESH_AHEAD_MS: ms.default(60_000),

  // --- HyperSKU (see docs/providers/hypersku.md: most of this contract is inferred) ---
  HYPERSKU_BASE_URL: url.optional(),
  /** Authorize page of the OAuth code flow (docs §3.1: https://app.hypersku.com/application/auth). */
  HYPERSKU_AUTHORIZE_URL: url.optional(),
  HYPERSKU_CLIENT_ID: z.string().default(DEMO_HYPERSKU_CLIENT.id),
  HYPERSKU_CLIENT_SECRET: z.string().default(DEMO_HYPERSKU_CLIENT.secret),
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
  /**
   * Offer `connectSupershipWithPartnerLogin` (SuperShip's partner password grant, which needs the
   * three SUPERSHIP_* partner settings below). Unset: on, except with NODE_ENV=production.
   */
  SUPERSHIP_PARTNER_LOGIN: bool.optional(),
  SUPERSHIP_CLIENT_ID: z.string().optional(),
  SUPERSHIP_CLIENT_SECRET: z.string().optional(),
  SUPERSHIP_PARTNER_CODE: z.string().optional(),
  /** Browser page that renders labels for a print token (docs C6). */
  SUPERSHIP_LABEL_URL: url.optional(),

  // --- Provider HTTP behaviour (docs/decisions/002-http-resilience.md, 019-deadlines-and-breaker.md) ---
  /** Per-attempt timeout of a provider call; the request's remaining budget may cut it shorter. */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  /** Extra attempts for safe (read) calls; writes are never retried. */
  PROVIDER_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  PROVIDER_RETRY_BASE_MS: ms.default(100),
  PROVIDER_RETRY_MAX_MS: ms.default(2_000),
  /**
   * Calls in flight per provider and process: the adaptive limit starts here, grows while the
   * provider answers at its usual speed and shrinks when it refuses, fails or slows, between
   * PROVIDER_CONCURRENCY_MIN and PROVIDER_CONCURRENCY_MAX (docs/decisions/018-adaptive-concurrency.md).
   */
  PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  PROVIDER_CONCURRENCY_MIN: z.coerce.number().int().min(1).default(2),
  PROVIDER_CONCURRENCY_MAX: z.coerce.number().int().min(1).default(256),
  /**
   * Calls waiting for a slot per provider; past that a call fails at once (ProviderUnavailable).
   * 5000 holds a burst of 100 dashboards (50 deliveries each) instead of failing their fields.
   */
  PROVIDER_QUEUE: z.coerce.number().int().min(0).default(10_000),
  /**
   * A provider's circuit opens when more than this share of its calls failed (network, 429, 5xx,
   * timeouts; never 401/403 or business refusals) over PROVIDER_BREAKER_WINDOW_MS, once the
   * window holds at least PROVIDER_BREAKER_MIN_CALLS calls.
   */
  PROVIDER_BREAKER_FAILURE_RATE: z.coerce.number().gt(0).lt(1).default(0.5),
  PROVIDER_BREAKER_WINDOW_MS: z.coerce.number().int().min(100).default(10_000),
  PROVIDER_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).default(20),
  /** Calls one tenant may have waiting per provider; past that that tenant's calls fail at once, nobody else's. */
  PROVIDER_TENANT_QUEUE: z.coerce.number().int().min(0).default(4_000),
  /** How long an open circuit sheds calls (PROVIDER_UNAVAILABLE) before one probe call goes through. */
  PROVIDER_BREAKER_HALF_OPEN_MS: ms.default(10_000),
  /** The half-open probe's timeout: a hung provider keeps the circuit open after this, not after PROVIDER_TIMEOUT_MS. */
  PROVIDER_PROBE_TIMEOUT_MS: z.coerce.number().int().min(1).default(2_000),
  /**
   * How long SuperShip's area lists (anonymous reference data, the same for every tenant) are
   * kept per process; 0 keeps them for one request only (docs/decisions/008-area-cache.md).
   */
  AREA_CACHE_TTL_MS: ms.default(21_600_000),
  /**
   * The delivery cache (docs/decisions/028-delivery-cache.md): how long a SuperShip delivery read
   * stays the answer without a registered webhook, with one (until then every change is pushed),
   * and at least for a terminal status. 0 turns that case off; all three 0: no cache.
   */
  DELIVERY_CACHE_TTL_MS: ms.default(30_000),
  DELIVERY_CACHE_PUSHED_TTL_MS: ms.default(3_600_000),
  DELIVERY_CACHE_TERMINAL_TTL_MS: ms.default(86_400_000),
  /**
   * The catalogue cache (docs/decisions/036-catalogue-cache.md): how long a HyperSKU product (and
   * its SKUs) read by id is reused per tenant, in this process's memory; 0: no cache. Bounded by
   * entries and by estimated bytes (about the products' JSON length), least recently used first out.
   */
  CATALOGUE_CACHE_TTL_MS: ms.default(60_000),
  CATALOGUE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  CATALOGUE_CACHE_MAX_BYTES: z.coerce.number().int().min(1).default(16_000_000),

  /**
   * Time budget of one GraphQL request (/graphql and the subgraph), from its arrival: provider calls
   * get what is left as their timeout and retry only while it lasts; the fields still waiting when
   * it runs out get PROVIDER_TIMEOUT. A client's `x-request-budget-ms` header may lower it, never raise it.
   */
  GRAPHQL_REQUEST_BUDGET_MS: z.coerce.number().int().min(1).default(8_000),

  // --- Fair admission between tenants (docs/decisions/020-tenant-admission.md) ---
  /**
   * While two or more tenants are active, the event-loop utilization above which each tenant's
   * share of operations running at once shrinks; one tenant alone is never held. 0: off.
   */
  ADMISSION_ELU_TARGET: z.coerce.number().min(0).max(1).default(0.6),
  /** Operations one tenant may have waiting for its turn; more are refused at once (TENANT_BUSY). */
  ADMISSION_TENANT_QUEUE: z.coerce.number().int().min(0).default(500),
  /** A tenant counts as active this long after its last operation ended. */
  ADMISSION_IDLE_MS: z.coerce.number().int().min(0).default(1_000),
  /**
   * GraphQL operations one process executes at once, all tenants together (a tenant alone
   * too); the rest wait for a turn (fairly, per tenant) holding only their request. Bounds the
   * live heap, so peak RSS; the image sets 8 with NODE_OPTIONS' heap bounds
   * (docs/decisions/038-memory.md). 0: unbounded. Applies while ADMISSION_ELU_TARGET > 0.
   */
  ADMISSION_MAX_RUNNING: z.coerce.number().int().min(0).default(0),
  /**
   * Bounded admission (docs/decisions/038-memory.md): above 0, what one process runs at once
   * follows its event loop even for a tenant alone, never below this many: a saturated process
   * runs only the operations that keep its CPU busy (the rest wait holding only their request),
   * and operations stuck on a slow provider let more in. 0: a tenant alone is held only by
   * ADMISSION_MAX_RUNNING. Applies while ADMISSION_ELU_TARGET > 0.
   */
  ADMISSION_MIN_RUNNING: z.coerce.number().int().min(0).default(4),

  // --- Subscriptions over SSE (docs/decisions/027-subscriptions.md) ---
  /** Open subscriptions (SSE streams) one tenant may hold on one process; more are refused (TOO_MANY_SUBSCRIPTIONS). */
  SUBSCRIPTIONS_PER_TENANT: z.coerce.number().int().min(1).default(20),

  // --- GraphQL hardening (docs/decisions/006-hardening.md) ---
  /** Answer introspection (`__schema`, `__type`). Unset: on, except with NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: bool.optional(),
  /**
   * Queries run compiled (graphql-jit, src/http/compiled-queries.ts, docs/decisions/039-compiled-queries.md);
   * mutations and subscriptions always run on graphql-js. `false`: queries too.
   */
  GRAPHQL_COMPILE_QUERIES: bool.default(true),
  /** graphql-armor limits, checked before anything executes (src/http/armor.ts). Field nesting depth. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  /** Estimated cost, variables' values counted (src/http/input-limits.ts); about 2× the Dashboard query at 50 orders (ADR 006). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(50_000),
  /** Lexical tokens in the document, counted while parsing (stops huge documents early). */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(5_000),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  /**
   * Input limits, checked with the variables before anything executes (src/http/input-limits.ts):
   * items in any list argument or input field (`nodes(ids:)`, `createOrder` items…), inline or
   * through a variable; characters in any string argument or input field.
   */
  GRAPHQL_MAX_LIST: z.coerce.number().int().min(1).default(100),
  GRAPHQL_MAX_STRING: z.coerce.number().int().min(1).default(10_000),
  /** Largest request body on /graphql and SUBGRAPH_PATH; a larger one is a 413 before it is read further. */
  GRAPHQL_MAX_BODY_BYTES: z.coerce.number().int().min(1).default(1_048_576),
  /**
   * Trusted documents on /graphql (docs/decisions/033-trusted-documents.md): `allow` executes a
   * `documentId` from the SDK's manifest (src/http/persisted-documents.json) and free query
   * text; `require` only known ids (production, once every client uses the SDK: GraphiQL and
   * hand-written queries are refused); `off` no ids. The subgraph route always takes free documents.
   */
  PERSISTED_DOCUMENTS: z.enum(["off", "allow", "require"]).default("allow"),
  /** Browser origins allowed to call /graphql cross-origin, comma-separated (`*`: any). Empty: same-origin only. */
  CORS_ORIGINS: csv.pipe(z.array(z.string().refine(isOrigin, "each entry must be `*` or an origin like https://app.example.com (no path)"))).default([]),

  // --- Abuse limits (docs/decisions/023-abuse-limits.md): fixed windows from each key's first hit; 0 switches a limit off ---
  /** Window of RATE_LIMIT_PER_IP and RATE_LIMIT_PER_KEY: counts start at a client's first request and reset this long after. */
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** Requests per client address (IPv6: per /64) per window on /graphql, SUBGRAPH_PATH and /auth/*. */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(12_000),
  /** Requests per API key per window (counted only when the key is valid). */
  RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(6_000),
  /** Refused credentials (API keys, subgraph secrets, connect links) per client address per RATE_LIMIT_BAD_CREDENTIALS_WINDOW_MS; past it that address's credentialed requests get 429. */
  RATE_LIMIT_BAD_CREDENTIALS: z.coerce.number().int().min(0).default(100),
  RATE_LIMIT_BAD_CREDENTIALS_WINDOW_MS: z.coerce.number().int().min(1_000).default(900_000),
  /** Requests per SuperShip webhook endpoint token per RATE_LIMIT_WINDOW_MS on /webhooks/supership/<token>; past it 429 (SuperShip resends). */
  RATE_LIMIT_PER_WEBHOOK_TOKEN: z.coerce.number().int().min(0).default(6_000),
  /**
   * Proxies whose X-Forwarded-For is believed, comma-separated: addresses, CIDRs, or proxy-addr's
   * names `loopback`, `linklocal`, `uniquelocal`. The client is the right-most hop not in the list.
   * Empty: the socket's address, whatever the header says.
   */
  TRUSTED_PROXIES: csv
    .pipe(z.array(z.string().refine(isTrustedProxy, "each entry must be an IP address, a CIDR like 10.0.0.0/8, or loopback|linklocal|uniquelocal")))
    .default([]),

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
  /** Most operations one POST to SUBGRAPH_PATH may carry (HTTP batching: a JSON array); 1: batching off. */
  SUBGRAPH_BATCH_LIMIT: z.coerce.number().int().min(1).max(100).default(20),
  /**
   * Coalescing of the subgraph requests of one router request (same x-request-id or trace id, same
   * credentials; docs/decisions/031-subgraph-batching.md): a batch of provider lookups waits while
   * one of them has arrived but not yet started executing, and until none arrived for this long.
   * Costs each subgraph request up to this much latency once, on its first lookups. 0: off.
   */
  SUBGRAPH_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(1_000).default(5),
  /** The longest a batch waits for the other requests of its router request (see SUBGRAPH_BATCH_WINDOW_MS). */
  SUBGRAPH_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5_000).default(50),
  /**
   * Put before the subgraph's names of our own generic types (`Address` → `FgAddress`, `Provider`,
   * `Error`…) when they collide in the supergraph; entities, Node types, `PageInfo` and `Money`
   * keep theirs (docs/federation.md "Composing with other subgraphs"). Empty: no prefix.
   */
  SUBGRAPH_TYPE_PREFIX: z
    .string()
    .regex(/^([A-Z][A-Za-z0-9]*)?$/, "must be a GraphQL type name start, e.g. Fg (a capital letter, then letters or digits)")
    .default(""),

  // --- Observability (docs/decisions/014-observability.md) ---
  /** GET /metrics (Prometheus): `off`, `on`, or `token` (needs `Authorization: Bearer <METRICS_TOKEN>`). Unset: off with NODE_ENV=production, on otherwise. */
  METRICS: z.enum(["off", "on", "token"]).optional(),
  /** Secret for METRICS=token. */
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters (e.g. `openssl rand -hex 32`)").optional(),
  /**
   * OpenTelemetry tracing (docs/decisions/015-tracing.md), off unless this names an exporter:
   * `otlp` (OTLP over HTTP, protobuf), `console`, or both comma-separated; `none` or unset: no SDK
   * starts. Unlike the OTel spec's default (otlp), unset is off.
   */
  OTEL_TRACES_EXPORTER: csv.pipe(z.array(z.enum(["otlp", "console", "none"]))).optional(),
  /** `true`: no SDK starts, whatever OTEL_TRACES_EXPORTER says (the OTel spec's switch). */
  OTEL_SDK_DISABLED: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(["true", "false"]))
    .transform((v) => v === "true")
    .default(false),
  /**
   * Read by the OTel SDK itself from the environment, like every other OTEL_* variable
   * (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, …);
   * declared here so a bad value fails at start. The service name defaults to fulfillment-graph.
   */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Base URL of the OTLP receiver, e.g. http://collector:4318 (the SDK's default: http://localhost:4318). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL like http://collector:4318" }).optional(),

  // --- Inbound SuperShip webhooks (docs/decisions/026-supership-webhooks.md) ---
  /** Largest body accepted on /webhooks/supership/<token>; a larger one is a 413 (a real payload is under 2 KB). */
  SUPERSHIP_WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(65_536),
  /** How long received webhook events (and their dedupe keys) are kept in the store. */
  SUPERSHIP_WEBHOOK_RETAIN_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(30 * 24 * 3600_000),

  /** How long an idempotency key of createOrder/createDelivery is remembered. */
  IDEMPOTENCY_TTL_MS: ms.default(24 * 3600_000),
  /**
   * Write reconciliation (docs/decisions/021-write-reconciliation.md). A write whose outcome is
   * unknown is created again only when the provider still shows nothing this long after: time
   * for a slow provider to make the first attempt visible.
   */
  IDEMPOTENCY_SETTLE_MS: ms.default(2_000),
  /** How often each process reconciles unknown writes in the background; 0: never (retries still reconcile). */
  IDEMPOTENCY_SWEEP_MS: ms.default(60_000),
  /**
   * How long a request may hold an idempotency key while it writes; past it the key counts as
   * unknown (the process crashed or hung) and is reconciled. Must exceed the longest a create can
   * take (PROVIDER_TIMEOUT_MS plus time queued for a provider slot).
   */
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),

  // --- Store ---
  /** Embedded store directory (SQLite file, demo encryption key). */
  DATA_DIR: z.string().default(".data"),
  /** When set, the store (tokens, locks, idempotency keys) lives in Redis instead of SQLite. */
  REDIS_URL: z.string().optional(),
  /**
   * 32-byte key, base64, for AES-256-GCM encryption of provider tokens at rest. Required by the
   * production entry, and by the tenant CLI outside demo mode; the demo keeps one in DATA_DIR.
   */
  ENCRYPTION_KEY: z.string().refine(isEncryptionKey, `must be 32 bytes, base64-encoded (generate one: ${GENERATE_KEY})`).optional(),
  /**
   * Key rotation: comma-separated keys (each like ENCRYPTION_KEY) that still decrypt what they
   * sealed; ENCRYPTION_KEY alone encrypts. Kept until `npm run tenant -- rekey` reports 0
   * unreadable (docs/decisions/016-key-rotation.md). Entries are named by position, never echoed.
   */
  ENCRYPTION_KEY_PREVIOUS: csv
    .superRefine((keys, ctx) => {
      const bad = keys.flatMap((k, i) => (isEncryptionKey(k) ? [] : [i + 1]));
      if (bad.length > 0) {
        const which = bad.length === 1 ? `entry ${bad[0]} of ${keys.length} is` : `entries ${bad.join(", ")} of ${keys.length} are`;
        ctx.addIssue({ code: "custom", message: `${which} not 32 bytes, base64-encoded (each comma-separated key must be, like ENCRYPTION_KEY)` });
      }
    })
    .default([]),
});

type ParsedConfig = z.infer<typeof configSchema>;
/** Settings whose default depends on NODE_ENV, resolved by loadConfig. */
type ModeDependent = "GRAPHIQL" | "GRAPHQL_INTROSPECTION" | "ALLOW_PASSTHROUGH_TOKENS" | "SUPERSHIP_PARTNER_LOGIN";
/** A parsed environment with the NODE_ENV-dependent defaults resolved. */
export type Resolved<T extends ParsedConfig> = Omit<T, ModeDependent> & Record<ModeDependent, boolean>;
export type Config = Resolved<ParsedConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface LoadOptions {
  /**
   * The entries pass true: with NODE_ENV=production, also refuse what a real deployment cannot run
   * with (missing settings, demo values; see deploymentProblems). Tests and tools that build an app
   * in-process with NODE_ENV=production (for its GraphiQL or introspection defaults) leave it off.
   */
  deployment?: boolean;
  /** Variables this caller cannot run without in any mode (the production entry: ENCRYPTION_KEY). */
  require?: ReadonlyArray<keyof ParsedConfig>;
}

const REQUIRED_WHY: Partial<Record<keyof ParsedConfig, string>> = {
  ENCRYPTION_KEY: `required: base64 of 32 random bytes, the key of the stored provider tokens (generate one: ${GENERATE_KEY})`,
};

/** Parses the environment; a bad value fails with a message naming each variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: LoadOptions = {}): Config {
  return loadConfigWith(configSchema, env, options);
}

/** The same, with `configSchema` or a schema extending it (the demo's, src/demo/config.ts). */
export function loadConfigWith<T extends ParsedConfig>(schema: z.ZodType<T>, env: Record<string, string | undefined>, options: LoadOptions = {}): Resolved<T> {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const parsed = schema.safeParse(input);
  // Every problem in one message: the schema's, then what this caller requires, then the deployment checks.
  const problems: Array<[string, string]> = parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join(".") || "(root)", i.message]);
  for (const name of options.require ?? []) {
    if (input[name] === undefined) problems.push([name, REQUIRED_WHY[name] ?? "required"]);
  }
  const production = input.NODE_ENV === "production";
  if (options.deployment && production) {
    // A variable the schema or `require` already reported is not reported twice.
    const named = new Set(problems.map(([name]) => name));
    problems.push(...deploymentProblems(input).filter(([name]) => !named.has(name)));
  }
  if (!parsed.success || problems.length > 0) {
    const lines = problems.map(([name, message]) => `  ${name}: ${message}`);
    const footer = options.deployment && production ? "\nNODE_ENV=production refuses missing settings and demo values; see README, Production." : "";
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}${footer}`);
  }
  // The playground, introspection, pass-through tokens and partner login: off in production unless
  // set explicitly. Resolved here, not in the schema, because the default depends on NODE_ENV.
  const data = parsed.data;
  return {
    ...data,
    GRAPHIQL: data.GRAPHIQL ?? !production,
    GRAPHQL_INTROSPECTION: data.GRAPHQL_INTROSPECTION ?? !production,
    ALLOW_PASSTHROUGH_TOKENS: data.ALLOW_PASSTHROUGH_TOKENS ?? !production,
    SUPERSHIP_PARTNER_LOGIN: data.SUPERSHIP_PARTNER_LOGIN ?? !production,
  };
}

const LOOPBACK_HOSTS = new Set(["localhost", "0.0.0.0", "[::1]", "[::]"]);
/** Loopback and unspecified hosts: the demo's, and ones browsers and providers outside this machine cannot reach. */
export const isLoopback = (host: string) => LOOPBACK_HOSTS.has(host) || host.endsWith(".localhost") || /^127\./.test(host) || host.startsWith("[::ffff:127.");

/**
 * What a production deployment (NODE_ENV=production) cannot run with, as [variable, problem]
 * pairs, read from the raw environment so they are reported together with any schema error.
 * No configured value is echoed (some are secrets); only the public demo defaults are quoted.
 */
export function deploymentProblems(input: Record<string, string | undefined>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (!input.ENCRYPTION_KEY) problems.push(["ENCRYPTION_KEY", REQUIRED_WHY.ENCRYPTION_KEY ?? "required"]);
  const demoValue = (name: string, demo: string, what: string) => {
    const v = input[name];
    if (!v) problems.push([name, `required in production: ${what}`]);
    else if (v === demo) problems.push([name, `still the demo value "${demo}": set ${what}`]);
  };
  demoValue("HYPERSKU_CLIENT_ID", DEMO_HYPERSKU_CLIENT.id, "your HyperSKU app's client id");
  demoValue("HYPERSKU_CLIENT_SECRET", DEMO_HYPERSKU_CLIENT.secret, "your HyperSKU app's client secret");
  const publicUrl = input.PUBLIC_URL;
  if (!publicUrl) problems.push(["PUBLIC_URL", "required in production: the https URL browsers reach this API at (OAuth redirect URI, connect links)"]);
  else if (URL.canParse(publicUrl)) {
    const u = new URL(publicUrl);
    if (u.protocol !== "https:") problems.push(["PUBLIC_URL", "must be an https URL in production (OAuth redirects and connect links carry secrets)"]);
    if (isLoopback(u.hostname)) problems.push(["PUBLIC_URL", "must not be a loopback or unspecified host in production: browsers and HyperSKU must reach it"]);
  }
  if (bool.safeParse(input.SUPERSHIP_PARTNER_LOGIN).data === true) {
    for (const name of ["SUPERSHIP_CLIENT_ID", "SUPERSHIP_CLIENT_SECRET", "SUPERSHIP_PARTNER_CODE"]) {
      if (!input[name]) problems.push([name, "required when SUPERSHIP_PARTNER_LOGIN=true: your SuperShip partner credentials"]);
    }
  }
  return problems;
}

/**
 * Demo mode: DEMO_MODE (default true) and not NODE_ENV=production. Only in demo mode does `npm start`
 * start the simulators and the tenant CLI keep a generated encryption key in DATA_DIR.
 */
export function isDemoMode(config: Pick<Config, "DEMO_MODE" | "NODE_ENV">): boolean {
  return config.DEMO_MODE && config.NODE_ENV !== "production";
}

/**
 * Loads `.env` from the current directory if there is one (Node's own parser). Variables already
 * set in the environment win; a missing file is no error. Called first by both entries and the CLI.
 */
export function loadDotEnv(dir: string = process.cwd()): boolean {
  const file = join(dir, ".env");
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
