import { generateWebhookToken, maskWebhookUrl } from "../auth/webhook-token.js";
import type { SupershipClient } from "../providers/supership/client.js";
import type { WebhookRegistrationResult } from "../providers/supership/schemas/webhooks.js";
import { DecryptionError } from "../store/crypto.js";
import type { AppDeps, Context } from "./context.js";

/**
 * Registering this API with SuperShip as the tenant's webhook receiver (E1/E2,
 * docs/decisions/026-supership-webhooks.md). SuperShip keeps one URL per shop and snapshots it
 * on each order when the order is created (§5 E2): a URL we stop answering loses the pushes of
 * every order made before the change. So registering again sends the same URL (the tenant's
 * token, kept sealed), and only rotation mints a new one.
 */

export interface WebhookRegistrationView {
  /** The registered URL with our token masked. */
  url: string;
  registeredAt: string;
  updatedAt: string;
  /** Whether it is this API's current endpoint for the tenant. */
  ours: boolean;
}

const endpointUrl = (app: AppDeps, token: string) => `${app.publicUrl}/webhooks/supership/${token}`;

/** Registers the tenant's endpoint (creating its token on first use). */
export async function registerSupershipWebhook(ctx: Context): Promise<WebhookRegistrationView> {
  return registerTenantWebhook(ctx.app, requireTenant(ctx), ctx.supership);
}

/** The same for a tenant outside a request (the demo registers its tenant at start). */
export async function registerTenantWebhook(app: AppDeps, tenantId: string, supership: Pick<SupershipClient, "createWebhook">): Promise<WebhookRegistrationView> {
  let token = await currentToken(app, tenantId);
  if (!token) {
    const fresh = generateWebhookToken();
    // Stored before SuperShip hears of it: a failed registration leaves a token the retry reuses.
    await app.store.putWebhookToken({ tenantId, ...fresh });
    token = fresh.token;
  }
  const reg = await supership.createWebhook(endpointUrl(app, token));
  await app.deliveryCache?.setPushed(tenantId, true);
  return view(reg, true);
}

/**
 * A new token, registered, and the old one dead (its URL answers 404 from then on). Pushes of
 * orders created before still go to the old URL (§5 E2) and are lost: rotate when the URL leaked.
 */
export async function rotateSupershipWebhookToken(ctx: Context): Promise<WebhookRegistrationView> {
  const tenantId = requireTenant(ctx);
  const fresh = generateWebhookToken();
  // SuperShip first: if it refuses, the old URL stays registered and keeps working.
  const reg = await ctx.supership.createWebhook(endpointUrl(ctx.app, fresh.token));
  await ctx.app.store.putWebhookToken({ tenantId, ...fresh });
  await ctx.app.deliveryCache?.setPushed(tenantId, true);
  return view(reg, true);
}

/** What SuperShip has registered for the caller's shop, or null (none, or no stored SuperShip connection). */
export async function supershipWebhookView(ctx: Context): Promise<WebhookRegistrationView | null> {
  const tenant = ctx.viewer.tenant;
  if (!tenant || !(await ctx.app.store.getConnection(tenant.id, "supership"))) return null;
  const reg = await ctx.supership.getWebhook();
  if (!reg) return null;
  const token = await currentToken(ctx.app, tenant.id);
  return view(reg, token !== null && reg.url === endpointUrl(ctx.app, token));
}

/** Disconnecting SuperShip: later pushes find no tenant (404). SuperShip has no delete endpoint (§5 E1/E2). */
export async function forgetSupershipWebhook(ctx: Context, tenantId: string): Promise<void> {
  await ctx.app.store.deleteWebhookToken(tenantId);
  await ctx.app.deliveryCache?.setPushed(tenantId, false);
}

/** The tenant's token, or null; a token no configured key opens any more (after `rekey` dropped its key) counts as none. */
async function currentToken(app: AppDeps, tenantId: string): Promise<string | null> {
  try {
    return (await app.store.getWebhookToken(tenantId))?.token ?? null;
  } catch (e) {
    if (e instanceof DecryptionError) return null;
    throw e;
  }
}

const view = (reg: WebhookRegistrationResult, ours: boolean): WebhookRegistrationView => ({
  url: maskWebhookUrl(reg.url),
  registeredAt: reg.createdAt,
  updatedAt: reg.updatedAt,
  ours,
});

function requireTenant(ctx: Context): string {
  // The schema's `tenant` auth scope guarantees this; the check keeps the types honest.
  if (!ctx.viewer.tenant) throw new Error("tenant scope missing");
  return ctx.viewer.tenant.id;
}
