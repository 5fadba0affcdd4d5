import { ProviderNotConnectedError, type ReauthorizationReason, ReauthorizationRequiredError } from "../domain/errors.js";
import { ProviderClientCredentialsError, ProviderCredentialsRejectedError, ProviderRejectedError, ProviderSchemaError } from "../domain/provider-errors.js";
import type { Logger } from "../logger.js";
import type { ClientRequest } from "../providers/runtime.js";
import type { ProviderConnection, ProviderName, Store } from "../store/types.js";

/**
 * Hands out a valid provider token for a tenant. Refreshes ahead of expiry and when the
 * provider rejected the token; single-flight per tenant and provider inside the process (a
 * shared promise) and across processes (the store's lock, then a re-read: whoever comes second
 * finds the fresh token and makes no call). A refresh that fails for good marks the connection
 * as needing re-authorization, with the reason, instead of retrying forever; one refused because
 * OUR client credentials are wrong (ProviderClientCredentialsError) is logged as a configuration
 * error and leaves the connection connected. An answer we cannot read is asked for once more at
 * once: the provider may have rotated the refresh token in the answer we lost, and the next
 * request would find the stored one spent (docs/decisions/024-drain-and-store-unavailable.md).
 */

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  /** Lifetimes in seconds as the provider gave them; null = does not expire / unknown. */
  expiresInSec: number | null;
  refreshExpiresInSec: number | null;
  scope?: string | null;
  accountId?: string | null;
}

/** The provider calls that mint tokens, by connection method. Missing ones cannot refresh. */
export interface TokenGrants {
  /** `request`: the API request whose token the grant renews (its calls carry its id, lane, deadline and logger). */
  refresh?: (provider: ProviderName, conn: ProviderConnection, request?: ClientRequest) => Promise<TokenSet | null>;
}

export interface TokenManagerOptions {
  store: Store;
  grants: TokenGrants;
  now?: () => number;
  /** Refresh this long before the stored expiry. */
  refreshAheadMs?: number;
  lockTtlMs?: number;
  logger?: Logger;
  /** Each renewal attempt's outcome, for metrics: refreshed, reauthorization_required, client_credentials_rejected, failed. */
  onRefresh?: (provider: ProviderName, outcome: string) => void;
}

export type TokenManager = ReturnType<typeof createTokenManager>;

/** The store lock a refresh holds while it reads and rewrites a connection; `npm run tenant -- rekey` takes the same one. */
export const refreshLockName = (tenantId: string, provider: ProviderName) => `refresh:${tenantId}:${provider}`;
/** How long that lock lives by default; a waiter gives up 5 s after it would have lapsed. */
export const REFRESH_LOCK_TTL_MS = 15_000;

export function createTokenManager({ store, grants, now = Date.now, refreshAheadMs = 60_000, lockTtlMs = REFRESH_LOCK_TTL_MS, logger, onRefresh }: TokenManagerOptions) {
  const inflight = new Map<string, Promise<string>>();

  const fresh = (c: ProviderConnection) => c.expiresAt === null || c.expiresAt - refreshAheadMs > now();

  async function load(tenantId: string, provider: ProviderName): Promise<ProviderConnection> {
    const conn = await store.getConnection(tenantId, provider);
    if (!conn) throw new ProviderNotConnectedError(provider);
    if (conn.status === "reauthorization_required") throw new ReauthorizationRequiredError(provider, conn.reauthorizationReason ?? null);
    return conn;
  }

  /** A token to use now; refreshed first when it is about to expire. */
  async function getToken(tenantId: string, provider: ProviderName, request?: ClientRequest): Promise<string> {
    const conn = await load(tenantId, provider);
    return fresh(conn) ? conn.accessToken : refresh(tenantId, provider, conn.accessToken, request);
  }

  /**
   * Replaces `staleToken` (expired, or just rejected by the provider) once, however many callers
   * ask; the first caller's `request` is the one the grant's calls and lines belong to.
   */
  function refresh(tenantId: string, provider: ProviderName, staleToken: string, request?: ClientRequest): Promise<string> {
    const key = `${tenantId}:${provider}`;
    const running = inflight.get(key);
    if (running) return running;
    const job = store
      .withLock(refreshLockName(tenantId, provider), { ttlMs: lockTtlMs, waitMs: lockTtlMs + 5_000 }, async () => {
        const conn = await load(tenantId, provider);
        // Another process may have refreshed while we waited for the lock.
        if (conn.accessToken !== staleToken && fresh(conn)) return conn.accessToken;
        return renew(conn, request);
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, job);
    return job;
  }

  async function renew(conn: ProviderConnection, request: ClientRequest | undefined): Promise<string> {
    try {
      const token = await renewOnce(conn, request);
      onRefresh?.(conn.provider, "refreshed");
      return token;
    } catch (e) {
      const outcome =
        e instanceof ReauthorizationRequiredError ? "reauthorization_required" : e instanceof ProviderClientCredentialsError ? "client_credentials_rejected" : "failed";
      onRefresh?.(conn.provider, outcome);
      throw e;
    }
  }

  async function renewOnce(conn: ProviderConnection, request: ClientRequest | undefined): Promise<string> {
    const log = request?.log ?? logger;
    let tokens: TokenSet | null;
    let reason: ReauthorizationReason = "not_renewable";
    try {
      tokens = (await askOnceMore(conn, request)) ?? null;
    } catch (e) {
      // Our own client credentials were refused: a configuration problem of this deployment,
      // not the merchant's. The connection stays as it is; every tenant is affected until fixed.
      if (e instanceof ProviderClientCredentialsError) {
        log?.error(
          { tenantId: conn.tenantId, provider: conn.provider, endpoint: e.endpoint, err: e.code },
          `provider token endpoint refused this app's credentials (configuration problem): ${e.message}`,
        );
        throw e;
      }
      // Two unreadable answers to a refresh-token grant: the token may be spent either way, and
      // a connection left "connected" would fail every request until someone noticed. A login
      // with stored credentials spends nothing: it stays connected and the next request tries.
      if (e instanceof ProviderSchemaError && conn.refreshToken !== null && conn.method === "oauth") {
        reason = "refresh_answer_unreadable";
        tokens = null;
      } else {
        // The provider refused the grant: that is final. Anything else (network, 5xx, a bug)
        // leaves the connection as it is, and the next request tries again.
        if (!(e instanceof ProviderCredentialsRejectedError || e instanceof ProviderRejectedError)) throw e;
        reason = "refresh_rejected";
        tokens = null;
      }
    }
    if (!tokens) {
      await store.putConnection({ ...conn, status: "reauthorization_required", reauthorizationReason: reason, updatedAt: now() });
      log?.warn({ tenantId: conn.tenantId, provider: conn.provider, reason }, "provider connection needs re-authorization");
      throw new ReauthorizationRequiredError(conn.provider, reason);
    }
    await store.putConnection(toConnection(conn, tokens, now()));
    log?.info({ tenantId: conn.tenantId, provider: conn.provider }, "provider token refreshed");
    return tokens.accessToken;
  }

  /** The grant, asked a second time when its first answer could not be read (ProviderSchemaError). */
  async function askOnceMore(conn: ProviderConnection, request: ClientRequest | undefined): Promise<TokenSet | null | undefined> {
    const log = request?.log ?? logger;
    try {
      return await grants.refresh?.(conn.provider, conn, request);
    } catch (e) {
      if (!(e instanceof ProviderSchemaError)) throw e;
      log?.warn({ tenantId: conn.tenantId, provider: conn.provider, endpoint: e.endpoint }, "unreadable token answer: asking once more");
      return grants.refresh?.(conn.provider, conn, request);
    }
  }

  return { getToken, refresh };
}

/** A stored connection from a token set: lifetimes become absolute expiries. */
export function toConnection(
  base: Omit<ProviderConnection, "accessToken" | "refreshToken" | "expiresAt" | "refreshExpiresAt" | "updatedAt" | "status"> & Partial<ProviderConnection>,
  tokens: TokenSet,
  at: number,
): ProviderConnection {
  return {
    ...base,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? base.refreshToken ?? null,
    expiresAt: tokens.expiresInSec === null ? null : at + tokens.expiresInSec * 1000,
    refreshExpiresAt: tokens.refreshExpiresInSec === null ? (base.refreshExpiresAt ?? null) : at + tokens.refreshExpiresInSec * 1000,
    scope: tokens.scope ?? base.scope ?? null,
    accountId: tokens.accountId ?? base.accountId ?? null,
    secrets: base.secrets ?? null,
    status: "connected",
    reauthorizationReason: null,
    updatedAt: at,
  };
}
