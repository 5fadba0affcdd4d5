import { fromOAuth, supershipLogin } from "../auth/grants.js";
import { type TokenSet, toConnection } from "../auth/token-manager.js";
import { NotAllowedInCurrentStateError, ProviderNotConnectedError, type ReauthorizationReason } from "../domain/errors.js";
import type { ConnectionMethod, ProviderName } from "../store/types.js";
import type { Context } from "./context.js";
import { forgetSupershipWebhook } from "./supership-webhook.js";

/**
 * Connecting and disconnecting providers for the calling tenant. Each connect call proves the
 * credentials with a real provider call before anything is stored, so a typo never becomes
 * a "connected" status that fails later.
 */

export type ConnectionState = "CONNECTED" | "NOT_CONNECTED" | "REAUTHORIZATION_REQUIRED" | "PASSTHROUGH";

export interface ConnectionView {
  provider: ProviderName;
  state: ConnectionState;
  method: ConnectionMethod | null;
  scope: string | null;
  accountId: string | null;
  expiresAt: string | null;
  reauthorizationReason: ReauthorizationReason | null;
}

const CONNECT_LINK_TTL_MS = 10 * 60_000;

export async function connectionView(ctx: Context, provider: ProviderName): Promise<ConnectionView> {
  const empty = { provider, method: null, scope: null, accountId: null, expiresAt: null, reauthorizationReason: null };
  const tenant = ctx.viewer.tenant;
  if (!tenant) return { ...empty, state: ctx.viewer.via === "passthrough" ? "PASSTHROUGH" : "NOT_CONNECTED" };
  const conn = await ctx.app.store.getConnection(tenant.id, provider);
  if (!conn) return { ...empty, state: "NOT_CONNECTED" };
  return {
    provider,
    state: conn.status === "connected" ? "CONNECTED" : "REAUTHORIZATION_REQUIRED",
    method: conn.method,
    scope: conn.scope,
    accountId: conn.accountId,
    expiresAt: conn.expiresAt === null ? null : new Date(conn.expiresAt).toISOString(),
    reauthorizationReason: conn.status === "connected" ? null : (conn.reauthorizationReason ?? null),
  };
}

/** A short-lived link that starts the HyperSKU OAuth flow in a browser for the calling tenant. */
export function hyperskuConnectUrl(ctx: Context): string | null {
  const tenant = ctx.viewer.tenant;
  if (!tenant) return null;
  const link = ctx.app.signer.sign(tenant.id, CONNECT_LINK_TTL_MS);
  return `${ctx.app.publicUrl}/auth/hypersku/start?link=${encodeURIComponent(link)}`;
}

async function save(ctx: Context, provider: ProviderName, method: ConnectionMethod, tokens: TokenSet, secrets: Record<string, string> | null) {
  const tenantId = requireTenant(ctx);
  const conn = toConnection({ tenantId, provider, method, scope: null, accountId: null, secrets }, tokens, ctx.app.now());
  await ctx.app.store.putConnection(conn);
  // Another account's catalogue may follow; the old entries' token digests are unreachable anyway.
  if (provider === "hypersku") ctx.app.catalogue?.dropTenant(tenantId);
}

export async function connectHyperskuWithPassword(ctx: Context, input: { username: string; password: string }) {
  const t = await ctx.app.providers.hypersku(undefined, ctx.calls).getToken(input);
  await save(ctx, "hypersku", "password", { accessToken: t.accessToken, refreshToken: null, expiresInSec: t.expiresIn, refreshExpiresInSec: null }, { ...input });
  return connectionView(ctx, "hypersku");
}

export async function exchangeHyperskuCode(ctx: Pick<Context, "app"> & Partial<Pick<Context, "calls">>, tenantId: string, code: string, redirectUri: string) {
  const { config, providers, store, now } = ctx.app;
  const t = await providers
    .hypersku(undefined, ctx.calls)
    .accessToken({ clientId: config.HYPERSKU_CLIENT_ID, clientSecret: config.HYPERSKU_CLIENT_SECRET, code, redirectUri });
  await store.putConnection(toConnection({ tenantId, provider: "hypersku", method: "oauth", scope: null, accountId: null, secrets: null }, fromOAuth(t), now()));
  ctx.app.catalogue?.dropTenant(tenantId);
}

export async function connectSupershipWithToken(ctx: Context, token: string) {
  // An authenticated read proves the token before it is stored.
  await ctx.app.providers.supership(token, ctx.calls).listWarehouses();
  await save(ctx, "supership", "personal_token", { accessToken: token, refreshToken: null, expiresInSec: null, refreshExpiresInSec: null }, null);
  return connectionView(ctx, "supership");
}

export async function connectSupershipWithPartnerLogin(ctx: Context, input: { email: string; password: string }) {
  if (!ctx.app.config.SUPERSHIP_PARTNER_LOGIN) {
    throw new NotAllowedInCurrentStateError("SuperShip partner login is not enabled on this server (SUPERSHIP_PARTNER_LOGIN); connect with `connectSupershipWithToken`");
  }
  const tokens = await supershipLogin(ctx.app.config, ctx.app.providers, input.email, input.password, ctx.calls);
  await save(ctx, "supership", "partner_login", tokens, { username: input.email, password: input.password });
  return connectionView(ctx, "supership");
}

export async function disconnectProvider(ctx: Context, provider: ProviderName) {
  const tenantId = requireTenant(ctx);
  if (!(await ctx.app.store.getConnection(tenantId, provider))) throw new ProviderNotConnectedError(provider);
  await ctx.app.store.deleteConnection(tenantId, provider);
  if (provider === "hypersku") ctx.app.catalogue?.dropTenant(tenantId);
  if (provider === "supership") await forgetSupershipWebhook(ctx, tenantId);
  return connectionView(ctx, provider);
}

function requireTenant(ctx: Context): string {
  // The schema's `tenant` auth scope guarantees this; the check keeps the types honest.
  if (!ctx.viewer.tenant) throw new Error("tenant scope missing");
  return ctx.viewer.tenant.id;
}
