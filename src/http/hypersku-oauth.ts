import { randomBytes } from "node:crypto";
import { Hono, type Context as HonoContext } from "hono";
import { redeemLink } from "../auth/signed-link.js";
import { authenticate } from "../auth/viewer.js";
import { ProviderError } from "../domain/provider-errors.js";
import { authorizeUrl } from "../providers/hypersku/authorize-url.js";
import type { AppDeps } from "../resolvers/context.js";
import { exchangeHyperskuCode } from "../resolvers/provider-connection.js";
import { browserBinding } from "./browser-binding.js";
import { page } from "./page.js";
import { callsOf, logOf } from "./request-scope.js";
import { pageSecureHeaders } from "./secure-headers.js";

/**
 * The HyperSKU OAuth2 authorization-code flow (seed page "accessToken", steps 2 and 3).
 * `start` is reached with an API key or a short-lived, single-use signed link; it binds a
 * random one-time `state` to the tenant and to the browser (a cookie, ./browser-binding.ts)
 * and redirects to HyperSKU's consent page. `callback` accepts only a state it issued, once,
 * before it expires, from the browser that started it, for a tenant still active; anything
 * else gets a 400 page and no token call.
 */

const STATE_TTL_MS = 10 * 60_000;

export function hyperskuOAuthRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.use("*", pageSecureHeaders());
  const redirectUri = `${deps.publicUrl}/auth/hypersku/callback`;
  const binding = browserBinding(deps.publicUrl);
  const notCompleted = (c: HonoContext) =>
    c.html(
      page(
        "Connection not completed",
        "This sign-in attempt is unknown, was already used, has expired, or was started in another browser. Start again from your dashboard, in this browser.",
      ),
      400,
    );

  routes.get("/start", async (c) => {
    const tenantId = await tenantOf(deps, c);
    if (!tenantId) return c.html(page("Sign-in link not valid", "This link is invalid, has expired or was already used. Ask your dashboard for a new one."), 401);
    const state = randomBytes(32).toString("base64url");
    const returnTo = safeReturnTo(c.req.query("returnTo"), deps.publicUrl);
    const browserHash = binding.bind(c, state, STATE_TTL_MS / 1000);
    await deps.store.putOAuthState({ state, tenantId, provider: "hypersku", redirectUri, returnTo, expiresAt: deps.now() + STATE_TTL_MS, browserHash });
    const location = authorizeUrl({
      authorizeBaseUrl: deps.providers.urls.hyperskuAuthorizeUrl,
      clientId: deps.config.HYPERSKU_CLIENT_ID,
      scope: deps.config.HYPERSKU_SCOPE,
      redirectUri,
      state,
    });
    return c.redirect(location, 302);
  });

  routes.get("/callback", async (c) => {
    const { state, code, error } = c.req.query();
    // Consumed before the browser check: a state presented by another browser is spent, so
    // the code that came with it cannot be tried again from anywhere.
    const record = state ? await deps.store.consumeOAuthState(state) : null;
    if (record?.provider !== "hypersku") return notCompleted(c);
    if (!binding.check(c, record.state, record.browserHash)) {
      logOf(c.req.raw, deps.logger).warn({ tenantId: record.tenantId }, "hypersku callback from a browser that did not start the flow");
      return notCompleted(c);
    }
    // Revocation deletes pending states; this covers a start whose state landed just after one.
    const tenant = await deps.store.getTenant(record.tenantId);
    if (!tenant || tenant.revokedAt !== null) return notCompleted(c);
    if (error || !code) {
      return c.html(page("HyperSKU was not connected", "The authorization was declined at HyperSKU. Nothing was changed."), 400);
    }
    try {
      await exchangeHyperskuCode({ app: deps, calls: callsOf(c.req.raw) }, record.tenantId, code, record.redirectUri);
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      logOf(c.req.raw, deps.logger).warn({ tenantId: record.tenantId, err: e.code }, "hypersku code exchange failed");
      return c.html(page("HyperSKU was not connected", "HyperSKU did not accept the authorization. Start again from your dashboard."), 502);
    }
    if (record.returnTo) return c.redirect(record.returnTo, 302);
    return c.html(page("HyperSKU connected", "You can close this window and return to your dashboard."));
  });

  return routes;
}

async function tenantOf(deps: AppDeps, c: HonoContext): Promise<string | null> {
  const link = c.req.query("link");
  if (link) return redeemLink(deps.signer, deps.store, link);
  if (!c.req.header("authorization")) return null;
  try {
    const viewer = await authenticate(c.req.raw.headers, { store: deps.store, tokens: deps.tokens, allowPassthrough: false });
    return viewer.tenant?.id ?? null;
  } catch {
    return null;
  }
}

/** Only same-origin return paths: an open redirect would turn our callback into a phishing tool. */
function safeReturnTo(value: string | undefined, publicUrl: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, publicUrl);
    return url.origin === new URL(publicUrl).origin ? url.toString() : null;
  } catch {
    return null;
  }
}
