import { randomUUID } from "node:crypto";
import type { ReauthorizationReason } from "../domain/errors.js";

/**
 * The durable store: tenants, hashed API keys, provider connections (tokens encrypted at rest),
 * one-time OAuth states, idempotency records and named locks. SQLite (embedded default) and
 * Redis (several replicas) implement it and pass one contract suite (test/store/store-contract.ts).
 */

export type ProviderName = "hypersku" | "supership";

export interface Tenant {
  id: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface ApiKeyRecord {
  keyId: string;
  tenantId: string;
  hash: string;
  createdAt: number;
  revokedAt: number | null;
}

export type ConnectionMethod = "oauth" | "password" | "personal_token" | "partner_login";

export interface ProviderConnection {
  tenantId: string;
  provider: ProviderName;
  method: ConnectionMethod;
  accessToken: string; // encrypted at rest
  refreshToken: string | null; // encrypted at rest
  expiresAt: number | null; // epoch ms, absolute
  refreshExpiresAt: number | null;
  scope: string | null;
  accountId: string | null;
  /** Extra secrets needed to re-login (e.g. username/password for a password grant); encrypted at rest as one JSON blob. */
  secrets: Record<string, string> | null;
  status: "connected" | "reauthorization_required";
  /** Why status is reauthorization_required; null while connected (and for connections marked before reasons were kept). */
  reauthorizationReason?: ReauthorizationReason | null;
  updatedAt: number;
}

export interface OAuthStateRecord {
  state: string;
  tenantId: string;
  provider: ProviderName;
  redirectUri: string;
  returnTo: string | null;
  expiresAt: number;
  /** SHA-256 (base64url) of the value in the starting browser's cookie (RFC 9700 §4.7); null on states stored before it existed, which no callback accepts. */
  browserHash: string | null;
}

export type IdempotencyBegin =
  | { outcome: "started"; owner: string } // caller owns the key now (its lease), must complete(), abandon() or markUnknown()
  | { outcome: "in_progress" } // another request holds the key (its lease has not lapsed)
  | { outcome: "completed"; response: string } // replay this stored response
  | { outcome: "mismatch" } // same key, different request fingerprint
  | ({ outcome: "unknown" } & IdempotencyUnknown); // nobody holds it and the write's outcome is unknown: takeOverIdempotent to reconcile

/**
 * A write whose outcome is unknown, with what the provider can be asked: `since` is when it
 * became unknown (the ambiguous failure, or the lapse of a holder's lease: a crashed process),
 * `hint` the write's natural id at the provider (HyperSKU storeOrderId, SuperShip soc) when known.
 */
export interface IdempotencyUnknown {
  since: number;
  hint: string | null;
}

export interface IdempotencyBeginOptions {
  ttlMs: number;
  /** How long a holder may keep the key in progress; past it the record counts as unknown (the holder crashed or hung). */
  leaseMs: number;
  /** The write's natural id, when known before it runs. */
  hint?: string | null;
}

/**
 * One SuperShip webhook event, per tenant and delivery: as stored, and as the webhook route,
 * the delivery cache and the subscriptions pass it on (DeliveryEvent, src/resolvers/delivery-events.ts).
 */
export interface DeliveryEventRecord {
  tenantId: string;
  code: string;
  soc: string | null;
  type: "update_status" | "update_weight";
  status: string;
  statusName: string;
  weightGrams: number | null;
  shipmentFee: number | null;
  insuranceFee: number | null;
  reasonCode: string | null;
  reasonText: string | null;
  pushedAt: string | null;
  receivedAt: number;
}

/** A tenant's inbound webhook endpoint token: its SHA-256 (the lookup key) and the token itself, sealed at rest. */
export interface WebhookTokenRecord {
  tenantId: string;
  hash: string;
  token: string;
  createdAt: number;
}

/** What resealConnection found: a connection it rewrote, one already sealed with the current key, or none. */
export type ResealOutcome = "resealed" | "current" | "missing";

/**
 * A delivery the delivery cache holds (src/resolvers/delivery-cache.ts): delivery data, not a
 * secret, but per tenant: every read names the tenant and sees only its own rows.
 */
export interface CachedDelivery {
  tenantId: string;
  code: string;
  soc: string | null;
  /** The delivery as the graph serves it (the domain shape), as JSON. */
  data: string;
  /** SuperShip's time (epoch ms) of the newest fact held: a fetch's updatedAt, an event's pushed_at. A put older than the stored entry is refused. */
  asOf: number;
  /** SuperShip's createdAt (epoch ms): listings run newest first by it. */
  createdAt: number;
  /** When this API wrote it (the store's clock): the cache judges freshness from it. */
  storedAt: number;
}

/** What a by-soc lookup answered: the code of SuperShip's newest delivery with that soc, or null for none. */
export interface CachedDeliverySoc {
  code: string | null;
  storedAt: number;
}

export interface Store {
  readonly kind: "sqlite" | "redis";
  ping(): Promise<void>; // throws if unusable (used by /readyz)
  close(): Promise<void>;
  createTenant(name: string): Promise<Tenant>;
  getTenant(id: string): Promise<Tenant | null>;
  listTenants(): Promise<Tenant[]>;
  /**
   * Also revokes every API key of the tenant, and deletes (not just disables) its stored
   * provider connections (tokens, passwords), its pending OAuth states, its webhook token and
   * its stored webhook events. Atomic; running it
   * again on a revoked tenant deletes whatever is left.
   */
  revokeTenant(id: string): Promise<void>;
  putApiKey(rec: Omit<ApiKeyRecord, "createdAt" | "revokedAt">): Promise<ApiKeyRecord>;
  getApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  listApiKeys(tenantId: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(keyId: string): Promise<void>;
  getConnection(tenantId: string, provider: ProviderName): Promise<ProviderConnection | null>;
  putConnection(conn: ProviderConnection): Promise<void>;
  deleteConnection(tenantId: string, provider: ProviderName): Promise<void>;
  /**
   * Key rotation (`npm run tenant -- rekey`): when any blob of the stored connection is not
   * sealed with the cipher's current key, writes the same values back sealed with it. Atomic per
   * connection: the write lands only over the exact row that was read, so a connect, refresh or
   * disconnect in between is never undone. Throws DecryptionError, changing nothing, when no
   * configured key opens the connection.
   */
  resealConnection(tenantId: string, provider: ProviderName): Promise<ResealOutcome>;
  /**
   * The tenant's webhook endpoint token (docs/decisions/026-supership-webhooks.md): replaces any
   * previous one atomically, so the old token's hash finds no tenant from then on.
   */
  putWebhookToken(rec: Omit<WebhookTokenRecord, "createdAt">): Promise<void>;
  /** The tenant's current token (opened from its sealed copy), or null. */
  getWebhookToken(tenantId: string): Promise<WebhookTokenRecord | null>;
  /** Key rotation (`rekey`): the tenant's sealed token written back sealed with the current key, as resealConnection does. */
  resealWebhookToken(tenantId: string): Promise<ResealOutcome>;
  /** The tenant a token's SHA-256 belongs to, or null. */
  findWebhookTenant(hash: string): Promise<string | null>;
  deleteWebhookToken(tenantId: string): Promise<void>;
  /**
   * Stores a webhook event unless one with the same `dedupeKey` is stored for the tenant: true
   * when stored, false for a duplicate (atomic, across processes). Kept `retainMs` after receipt.
   */
  addDeliveryEvent(event: DeliveryEventRecord, opts: { dedupeKey: string; retainMs: number }): Promise<boolean>;
  /** The stored events of one delivery of the tenant, in the order they were received. */
  listDeliveryEvents(tenantId: string, code: string): Promise<DeliveryEventRecord[]>;
  putOAuthState(rec: OAuthStateRecord): Promise<void>;
  /** Returns the record at most once; null when unknown, already consumed, or expired (expiry uses the injected clock). */
  consumeOAuthState(state: string): Promise<OAuthStateRecord | null>;
  /**
   * Records a signed link's id as used until `expiresAt` (the link's own expiry): true for the
   * first claim of an id, false for every later or concurrent one, across processes.
   */
  claimLink(linkId: string, expiresAt: number): Promise<boolean>;
  /**
   * Idempotency records of writes, per scope and client key. Atomic: of N concurrent calls with
   * one key, exactly one gets "started". Records expire after ttlMs.
   */
  beginIdempotent(scope: string, key: string, fingerprint: string, opts: IdempotencyBeginOptions): Promise<IdempotencyBegin>;
  /**
   * Compare-and-set: makes the caller the holder of a record that is unknown (or in progress past
   * its lease), with a new lease; of N concurrent callers exactly one gets it, the rest null.
   * With `fingerprint`, only a record of that request is taken. Returns what was unknown.
   */
  takeOverIdempotent(scope: string, key: string, opts: { leaseMs: number; fingerprint?: string }): Promise<({ owner: string } & IdempotencyUnknown) | null>;
  /** The holder `owner` stores the response to replay; false (nothing changed) when it no longer holds the key. */
  completeIdempotent(scope: string, key: string, owner: string, response: string): Promise<boolean>;
  /** The holder frees the key (nothing was written), so a retry may run; false when it no longer holds it. */
  abandonIdempotent(scope: string, key: string, owner: string): Promise<boolean>;
  /** The holder gives the key up as unknown since `since`, keeping the stored hint when `hint` is null; false when it no longer holds it. */
  markIdempotentUnknown(scope: string, key: string, owner: string, unknown: IdempotencyUnknown): Promise<boolean>;
  /** Unexpired records unknown since `settledBefore` or earlier (lapsed leases included) that have a hint, oldest first: what a sweep can reconcile. */
  listUnknownIdempotent(opts: { settledBefore: number; limit: number }): Promise<Array<{ scope: string; key: string; since: number; hint: string }>>;
  /**
   * The delivery cache's entries, per tenant; each kept `retainMs` from its put. Written unless
   * the stored entry of that code has a later asOf (an older event never overwrites a newer
   * one); true when written. Atomic per entry across processes.
   */
  putCachedDelivery(entry: CachedDelivery, retainMs: number): Promise<boolean>;
  /** The tenant's unexpired entries for `codes`, in key order (null where none). */
  getCachedDeliveries(tenantId: string, codes: readonly string[]): Promise<(CachedDelivery | null)[]>;
  /** The tenant's unexpired entries (only those with `soc` when given), newest createdAt first. */
  listCachedDeliveries(tenantId: string, opts: { soc?: string; limit: number }): Promise<CachedDelivery[]>;
  /** Records what the by-soc lookup answered (null: SuperShip has none), kept `retainMs`. */
  putCachedDeliverySoc(tenantId: string, soc: string, rec: CachedDeliverySoc, retainMs: number): Promise<void>;
  getCachedDeliverySocs(tenantId: string, socs: readonly string[]): Promise<(CachedDeliverySoc | null)[]>;
  deleteCachedDeliverySoc(tenantId: string, soc: string): Promise<void>;
  /** Since when (epoch ms) SuperShip pushes the tenant's status changes to us; null: it does not. */
  setDeliveryPushSince(tenantId: string, since: number | null): Promise<void>;
  getDeliveryPushSince(tenantId: string): Promise<number | null>;
  /** Runs fn while holding a named lock across processes sharing this store; waits (polling with small backoff) up to waitMs, then throws LockTimeoutError. The lock auto-expires after ttlMs so a crashed holder cannot wedge it. */
  withLock<T>(name: string, opts: { ttlMs: number; waitMs: number }, fn: () => Promise<T>): Promise<T>;
}

/** Raised when withLock could not acquire its lock within waitMs. */
export class LockTimeoutError extends Error {
  override name = "LockTimeoutError";
  constructor(
    readonly lockName: string,
    readonly waitMs: number,
  ) {
    super(`lock "${lockName}" not acquired within ${waitMs} ms`);
  }
}

/** One attempt to take a lock (true when taken) and its owner-checked release; each backend supplies both. */
export interface LockPrimitive {
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

/**
 * The polling loop shared by both backends. The wait deadline uses real monotonic time, not the
 * injected clock: a frozen test clock must not turn a bounded wait into an endless one.
 */
export async function runWithLock<T>(lock: LockPrimitive, name: string, opts: { ttlMs: number; waitMs: number }, fn: () => Promise<T>): Promise<T> {
  // A fresh owner per acquisition, so a holder whose ttl lapsed cannot release its successor's lock.
  const owner = randomUUID();
  const deadline = performance.now() + opts.waitMs;
  let delay = 5;
  while (!(await lock.tryAcquire(name, owner, opts.ttlMs))) {
    const left = deadline - performance.now();
    if (left <= 0) throw new LockTimeoutError(name, opts.waitMs);
    // Jitter keeps waiting replicas from polling in lockstep.
    await new Promise((r) => setTimeout(r, Math.min(left, delay * (0.5 + Math.random()))));
    delay = Math.min(delay * 2, 100);
  }
  try {
    return await fn();
  } finally {
    await lock.release(name, owner);
  }
}
