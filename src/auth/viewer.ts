import { ProviderNotConnectedError, UnauthenticatedError } from "../domain/errors.js";
import { ProviderCredentialsRejectedError } from "../domain/provider-errors.js";
import type { ClientRequest } from "../providers/runtime.js";
import type { ProviderName, Store, Tenant } from "../store/types.js";
import { parseApiKey, verifyApiKey } from "./api-keys.js";
import type { TokenManager } from "./token-manager.js";

/**
 * Who is calling, and how to get their provider tokens. Built once per request from its
 * headers: `Authorization: Bearer <API key>` → a tenant whose stored connections the token
 * manager serves; or, when enabled, pass-through headers carrying provider tokens directly.
 */

export const PASSTHROUGH_HEADERS = { hypersku: "x-hypersku-token", supership: "x-supership-token" } as const;

export interface Viewer {
  tenant: Tenant | null;
  via: "api_key" | "passthrough" | "anonymous";
  /**
   * A valid token for the provider; UnauthenticatedError without any credentials;
   * ProviderNotConnectedError. `request`: the API request a refresh it makes serves (its id,
   * tenant lane, deadline and logger).
   */
  token(provider: ProviderName, request?: ClientRequest): Promise<string>;
  /** A replacement for a token the provider just rejected (ProviderCredentialsRejectedError when there is none). */
  refresh(provider: ProviderName, rejected: string, request?: ClientRequest): Promise<string>;
}

export interface AuthenticateOptions {
  store: Store;
  tokens: TokenManager;
  allowPassthrough: boolean;
}

export async function authenticate(headers: Headers, { store, tokens, allowPassthrough }: AuthenticateOptions): Promise<Viewer> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const key = /^Bearer\s+(.+)$/i.exec(authorization)?.[1] ?? "";
    const tenant = await tenantForKey(store, key);
    if (!tenant) throw new UnauthenticatedError("invalid or revoked API key");
    return tenantViewer(tenant, tokens);
  }
  const direct: Partial<Record<ProviderName, string>> = {};
  if (allowPassthrough) {
    for (const [provider, header] of Object.entries(PASSTHROUGH_HEADERS) as [ProviderName, string][]) {
      const value = headers.get(header)?.trim();
      if (value) direct[provider] = value;
    }
  }
  const via = Object.keys(direct).length ? "passthrough" : "anonymous";
  // No credentials at all is UNAUTHENTICATED, not "not connected": there is no tenant to connect.
  const passthroughRefused = !allowPassthrough && Object.values(PASSTHROUGH_HEADERS).some((h) => headers.has(h));
  const anonymous = passthroughRefused
    ? "this server does not accept pass-through provider tokens (ALLOW_PASSTHROUGH_TOKENS is off): send an API key (Authorization: Bearer <key>)"
    : "this field needs an API key (Authorization: Bearer <key>)";
  const token = async (p: ProviderName) => {
    const t = direct[p];
    if (t) return t;
    if (via === "anonymous") throw new UnauthenticatedError(anonymous);
    throw new ProviderNotConnectedError(p, "passthrough");
  };
  return {
    tenant: null,
    via,
    token,
    // A pass-through token belongs to the caller: we cannot renew it for them.
    refresh: async (p) => {
      throw new ProviderCredentialsRejectedError({ provider: p, endpoint: "passthrough", method: "-", url: "-" }, "the pass-through token was rejected");
    },
  };
}

/** A tenant acting with its stored connections: an API key's caller, or a background job on the tenant's behalf. */
export function tenantViewer(tenant: Tenant, tokens: TokenManager): Viewer {
  return {
    tenant,
    via: "api_key",
    token: (p, request) => tokens.getToken(tenant.id, p, request),
    refresh: (p, rejected, request) => tokens.refresh(tenant.id, p, rejected, request),
  };
}

async function tenantForKey(store: Store, key: string): Promise<Tenant | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const record = await store.getApiKey(parsed.keyId);
  if (!record || record.revokedAt !== null || !verifyApiKey(key, record.hash)) return null;
  const tenant = await store.getTenant(record.tenantId);
  return tenant && tenant.revokedAt === null ? tenant : null;
}
