import type { Config } from "../config.js";
import type { ClientRequest, ProviderRuntime } from "../providers/runtime.js";
import type { TokenGrants, TokenSet } from "./token-manager.js";

/**
 * How each kind of stored connection gets a new token: HyperSKU OAuth by refresh token (with
 * rotation), HyperSKU password connections and SuperShip partner logins by logging in again
 * with their encrypted credentials. A SuperShip personal token cannot be renewed by us (the
 * merchant regenerates it in the dashboard), so it answers null: re-authorization required.
 */
export function createTokenGrants(config: Config, providers: ProviderRuntime): TokenGrants {
  return {
    async refresh(provider, conn, request): Promise<TokenSet | null> {
      const s = conn.secrets ?? {};
      if (provider === "hypersku" && conn.method === "oauth" && conn.refreshToken) {
        const t = await providers.hypersku(undefined, request).refreshToken({
          clientId: config.HYPERSKU_CLIENT_ID,
          clientSecret: config.HYPERSKU_CLIENT_SECRET,
          refreshToken: conn.refreshToken,
        });
        return fromOAuth(t);
      }
      if (provider === "hypersku" && conn.method === "password" && s.username && s.password) {
        const t = await providers.hypersku(undefined, request).getToken({ username: s.username, password: s.password });
        return { accessToken: t.accessToken, refreshToken: null, expiresInSec: t.expiresIn, refreshExpiresInSec: null };
      }
      if (provider === "supership" && conn.method === "partner_login" && s.username && s.password) {
        return supershipLogin(config, providers, s.username, s.password, request);
      }
      return null;
    },
  };
}

export function fromOAuth(t: {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshTokenExpireIn?: number | null;
  scope?: string | null;
  userId?: string | null;
}): TokenSet {
  return {
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    expiresInSec: t.expiresIn,
    refreshExpiresInSec: t.refreshTokenExpireIn ?? null,
    scope: t.scope ?? null,
    accountId: t.userId ?? null,
  };
}

export async function supershipLogin(config: Config, providers: ProviderRuntime, username: string, password: string, request?: ClientRequest): Promise<TokenSet> {
  const t = await providers.supership(undefined, request).login({
    clientId: config.SUPERSHIP_CLIENT_ID ?? "",
    clientSecret: config.SUPERSHIP_CLIENT_SECRET ?? "",
    partner: config.SUPERSHIP_PARTNER_CODE ?? "",
    username,
    password,
  });
  return { accessToken: t.accessToken, refreshToken: null, expiresInSec: t.expiresIn ?? null, refreshExpiresInSec: null };
}
