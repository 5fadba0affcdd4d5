import { randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { tokenInvalid } from "./envelope.js";

/**
 * Tokens, refresh tokens and authorization codes. Lifetimes are ours (hypersku-api.md §3.3 found
 * none): access tokens `accessTokenTtlSec` (default 2 h), refresh tokens `refreshTokenTtlSec`
 * (default 30 days) and rotated on every refresh, authorization codes 5 minutes and single-use.
 * Every expiry reads the injected clock (`control.now()`), so tests move time with /__sim/clock.
 */

export const CODE_TTL_MS = 5 * 60_000;
export const OAUTH_SCOPE = "oms";

export type SimEnv = { Variables: { simAccount: string } };

interface Grant {
  accountId: string;
  clientId: string | null;
  expiresAt: number;
}
interface CodeGrant extends Grant {
  redirectUri: string;
}

/** OAuth2TokenVo exactly as the accessToken page's response example (DOC). */
export interface OAuth2TokenVoWire {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpireIn: number;
  scope: string;
  userId: string;
}

export interface AuthStoreOptions {
  now: () => number;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
}

export type AuthStore = ReturnType<typeof createAuthStore>;

const secret = (prefix: string) => prefix + randomBytes(24).toString("base64url");

export function createAuthStore({ now, accessTokenTtlSec, refreshTokenTtlSec }: AuthStoreOptions) {
  const access = new Map<string, Grant>();
  const refresh = new Map<string, Grant>();
  const codes = new Map<string, CodeGrant>();
  const live = (g: Grant | undefined): g is Grant => g !== undefined && g.expiresAt > now();

  function issueAccess(accountId: string, clientId: string | null = null) {
    const token = secret("hsat_");
    access.set(token, { accountId, clientId, expiresAt: now() + accessTokenTtlSec * 1000 });
    return { token, expiresIn: accessTokenTtlSec };
  }

  function issuePair(accountId: string, clientId: string): OAuth2TokenVoWire {
    const { token, expiresIn } = issueAccess(accountId, clientId);
    const refreshToken = secret("hsrt_");
    refresh.set(refreshToken, { accountId, clientId, expiresAt: now() + refreshTokenTtlSec * 1000 });
    return { accessToken: token, expiresIn, refreshToken, refreshTokenExpireIn: refreshTokenTtlSec, scope: OAUTH_SCOPE, userId: accountId };
  }

  return {
    issueAccess,
    issuePair,
    /** The account a live access token belongs to, or null. */
    verify(token: string): string | null {
      const grant = access.get(token);
      return live(grant) ? grant.accountId : null;
    },
    issueCode(accountId: string, clientId: string, redirectUri: string): string {
      const code = randomBytes(16).toString("hex");
      codes.set(code, { accountId, clientId, redirectUri, expiresAt: now() + CODE_TTL_MS });
      return code;
    },
    /** Single use: a code is gone after its first successful exchange. Bound to app and redirect URI. */
    redeemCode(code: string, clientId: string, redirectUri: string): OAuth2TokenVoWire | null {
      const grant = codes.get(code);
      if (!live(grant) || grant.clientId !== clientId || grant.redirectUri !== redirectUri) return null;
      codes.delete(code);
      return issuePair(grant.accountId, clientId);
    },
    /** Rotation: the presented refresh token dies; old access tokens live on until they expire. */
    rotate(refreshToken: string, clientId: string): OAuth2TokenVoWire | null {
      const grant = refresh.get(refreshToken);
      if (!live(grant) || grant.clientId !== clientId) return null;
      refresh.delete(refreshToken);
      return issuePair(grant.accountId, clientId);
    },
    /** Expires every access token now, or only one account's. Returns how many were live. */
    expireAccess(accountId?: string): number {
      let count = 0;
      for (const grant of access.values()) {
        if ((accountId === undefined || grant.accountId === accountId) && live(grant)) {
          grant.expiresAt = now();
          count++;
        }
      }
      return count;
    },
  };
}

/** Business routes: a missing, unknown or expired token is HTTP 200 + status 40101 (§3.3, §5.2). */
export function requireToken(auth: AuthStore): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    // Raw token (3P, INT) or "Bearer <token>" (3P-weak): both are accepted (§3.2).
    const token = (c.req.header("authorization") ?? "").replace(/^Bearer\s+/i, "").trim();
    const accountId = token ? auth.verify(token) : null;
    if (!accountId) return c.json(tokenInvalid());
    c.set("simAccount", accountId);
    await next();
  };
}
