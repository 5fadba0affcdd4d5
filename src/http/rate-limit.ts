import type { Context, MiddlewareHandler } from "hono";
import { type RateLimitInfo, rateLimiter } from "hono-rate-limiter";
import { parseApiKey } from "../auth/api-keys.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { connectRateLimitRedis } from "../store/rate-limit-redis.js";
import { clientAddress } from "./client-ip.js";
import { limitStore } from "./rate-limit-store.js";
import { logOf } from "./request-scope.js";
import { tooManyRequests } from "./too-many-requests.js";

/**
 * The abuse limits in front of /graphql, SUBGRAPH_PATH and /auth/* (docs/decisions/023-abuse-limits.md),
 * all answered here, at the HTTP layer, before a context is built or a document parsed:
 * - per client address: every request (hono-rate-limiter);
 * - refused credentials per client address: once an address had RATE_LIMIT_BAD_CREDENTIALS
 *   requests refused with 401/403 in the window, its requests that carry a credential are
 *   answered 429 without the credential being looked at, so the answer says nothing about
 *   whether it was right and costs no store read;
 * - per API key: requests with the key (hono-rate-limiter), not counting those where the key
 *   was refused, so someone who knows a key's public id cannot spend its quota.
 * A limit set to 0 is off.
 */

export type LimitName = "ip" | "key" | "bad_credentials" | "webhook_token";

export interface RateLimitsOptions {
  logger: Logger;
  onLimited?: (limit: LimitName) => void;
}

export interface GuardOptions {
  /** Whether the request carries a credential this route checks (an API key, a secret, a signed link). */
  carriesCredential: (c: Context) => boolean;
  /** Requests the per-address limit does not count (the subgraph's router, which speaks for many clients). */
  exemptFromAddressLimit?: (c: Context) => boolean;
}

export type RateLimits = ReturnType<typeof createRateLimits>;

/** A credential was refused: the answers src/auth and src/http give a bad API key, secret or link. */
const refused = (status: number) => status === 401 || status === 403;

export function createRateLimits(config: Config, { logger, onLimited }: RateLimitsOptions) {
  // Production answers on an https PUBLIC_URL, so something terminates TLS in front of it.
  if (config.NODE_ENV === "production" && config.TRUSTED_PROXIES.length === 0 && (config.RATE_LIMIT_PER_IP > 0 || config.RATE_LIMIT_BAD_CREDENTIALS > 0)) {
    logger.warn("TRUSTED_PROXIES is not set: behind a proxy every client counts as the proxy's address for the abuse limits (docs/deploy.md)");
  }
  const redis = config.REDIS_URL ? connectRateLimitRedis(config.REDIS_URL) : undefined;
  const addressOf = clientAddress(config.TRUSTED_PROXIES);
  const apiKeyId = (c: Context) => {
    const key = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    return key ? parseApiKey(key)?.keyId : undefined;
  };
  const limited = (c: Context, limit: LimitName, message: string, resetTime: Date | undefined, windowMs: number) => {
    const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
    logOf(c.req.raw, logger).debug({ limit, retryAfterSeconds: seconds }, "rate limited");
    onLimited?.(limit);
    return tooManyRequests(c, message, seconds);
  };
  const fromLibrary = (limit: LimitName, message: string, windowMs: number) => (c: Context) => {
    const info = c.get(`rateLimit_${limit}` as never) as RateLimitInfo | undefined;
    return limited(c, limit, message, info?.resetTime, windowMs);
  };
  const pass: MiddlewareHandler = (_c, next) => next();
  const windowMs = config.RATE_LIMIT_WINDOW_MS;
  // One store per limit, shared by every route it guards: /graphql and /auth/* count together.
  const stores = {
    ip: limitStore("ip", redis, logger),
    key: limitStore("key", redis, logger),
    bad: limitStore("bad", redis, logger),
    webhook: limitStore("webhook", redis, logger),
  };

  const perAddress = (exempt: (c: Context) => boolean): MiddlewareHandler =>
    config.RATE_LIMIT_PER_IP === 0
      ? pass
      : rateLimiter({
          windowMs,
          limit: config.RATE_LIMIT_PER_IP,
          standardHeaders: false,
          requestPropertyName: "rateLimit_ip",
          store: stores.ip,
          skip: (c) => addressOf(c) === undefined || exempt(c),
          keyGenerator: (c) => addressOf(c) ?? "",
          handler: fromLibrary("ip", "Too many requests from this address.", windowMs),
        });

  const perKey: MiddlewareHandler =
    config.RATE_LIMIT_PER_KEY === 0
      ? pass
      : rateLimiter({
          windowMs,
          limit: config.RATE_LIMIT_PER_KEY,
          standardHeaders: false,
          requestPropertyName: "rateLimit_key",
          store: stores.key,
          skip: (c) => apiKeyId(c) === undefined,
          keyGenerator: (c) => apiKeyId(c) ?? "",
          skipFailedRequests: true,
          requestWasSuccessful: (c) => !refused(c.res.status),
          handler: fromLibrary("key", "Too many requests with this API key.", windowMs),
        });

  const badWindowMs = config.RATE_LIMIT_BAD_CREDENTIALS_WINDOW_MS;
  const badStore = stores.bad;
  // Off (0): no store started, so no timer of its own either.
  if (config.RATE_LIMIT_BAD_CREDENTIALS > 0) badStore.init?.({ windowMs: badWindowMs } as Parameters<NonNullable<typeof badStore.init>>[0]);
  const badCredentials = (carries: (c: Context) => boolean): MiddlewareHandler => {
    if (config.RATE_LIMIT_BAD_CREDENTIALS === 0) return pass;
    return async (c, next) => {
      const address = addressOf(c);
      if (address === undefined || !carries(c)) return next();
      const seen = await badStore.get?.(address);
      const live = seen?.resetTime === undefined || seen.resetTime.getTime() > Date.now();
      if (seen && live && Number.isFinite(seen.totalHits) && seen.totalHits >= config.RATE_LIMIT_BAD_CREDENTIALS) {
        return limited(c, "bad_credentials", "Too many refused credentials from this address.", seen.resetTime, badWindowMs);
      }
      await next();
      if (refused(c.res.status)) await badStore.increment(address);
    };
  };

  return {
    /** The three limits for one route, in order: per address, refused credentials, per API key. */
    guard({ carriesCredential, exemptFromAddressLimit = () => false }: GuardOptions): MiddlewareHandler[] {
      return [perAddress(exemptFromAddressLimit), badCredentials(carriesCredential), perKey];
    },
    /**
     * Requests per SuperShip webhook endpoint (RATE_LIMIT_PER_WEBHOOK_TOKEN per window), counted
     * under `keyOf` (the token's hash: a counter key never holds the secret itself).
     */
    webhookToken(keyOf: (c: Context) => string): MiddlewareHandler {
      if (config.RATE_LIMIT_PER_WEBHOOK_TOKEN === 0) return pass;
      return rateLimiter({
        windowMs,
        limit: config.RATE_LIMIT_PER_WEBHOOK_TOKEN,
        standardHeaders: false,
        requestPropertyName: "rateLimit_webhook_token",
        store: stores.webhook,
        keyGenerator: keyOf,
        handler: fromLibrary("webhook_token", "Too many webhook deliveries to this endpoint.", windowMs),
      });
    },
    /** Closes the counters' Redis connection, if any. */
    async close() {
      for (const store of Object.values(stores)) await store.shutdown?.();
      await redis?.close();
    },
  };
}
