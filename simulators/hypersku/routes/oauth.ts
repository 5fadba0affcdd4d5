import type { Context } from "hono";
import { OAUTH_SCOPE, type SimEnv } from "../auth.js";
import { findAccountByLogin } from "../demo.js";
import { type ConsentParams, consentPage, errorPage } from "../oauth-page.js";
import type { RouteDeps } from "./register.js";

/**
 * The authorization step of the OAuth code flow (hypersku-api.md §3.1 step 2): GET renders the
 * consent page, POST approves or denies. Bad parameters never redirect (the redirect URI itself
 * may be the bad one): they get a 400 HTML page. Approval redirects with `code` and the same
 * `state`; denial with `error=access_denied` and the same `state`.
 */
export interface OAuthAppOptions {
  apps: ReadonlyArray<{ clientId: string; clientSecret: string }>;
  allowRedirectUri: (uri: string) => boolean;
}

export function oauthRoutes({ app, control, state }: RouteDeps, { apps, allowRedirectUri }: OAuthAppOptions): void {
  function check(p: Partial<ConsentParams>): string | ConsentParams {
    if (!p.clientId || !apps.some((a) => a.clientId === p.clientId)) return "Unknown clientId.";
    if (p.scope !== OAUTH_SCOPE) return `Unsupported scope: the only scope is "${OAUTH_SCOPE}".`;
    if (!p.redirectUri || !allowRedirectUri(p.redirectUri)) return "redirectUri does not match the application's registered callback.";
    if (!p.state) return "state is required.";
    return { clientId: p.clientId, scope: p.scope, redirectUri: p.redirectUri, state: p.state };
  }

  app.get("/application/auth", control.endpoint("authorizePage"), (c) => {
    const params = check(c.req.query());
    return typeof params === "string" ? c.html(errorPage(params), 400) : c.html(consentPage(params));
  });

  app.post("/application/auth", control.endpoint("authorizeApprove"), async (c: Context<SimEnv>) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : undefined);
    const params = check({ clientId: field("clientId"), scope: field("scope"), redirectUri: field("redirectUri"), state: field("state") });
    if (typeof params === "string") return c.html(errorPage(params), 400);
    const target = new URL(params.redirectUri);
    if (field("decision") !== "approve") {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("state", params.state);
      return c.redirect(target.toString(), 302);
    }
    const account = findAccountByLogin(field("username") ?? "", field("password") ?? "");
    if (!account) return c.html(consentPage(params, "Username or password incorrect."), 401);
    c.set("simAccount", account.accountId);
    target.searchParams.set("code", state.auth.issueCode(account.accountId, params.clientId, params.redirectUri));
    target.searchParams.set("state", params.state);
    return c.redirect(target.toString(), 302);
  });
}

/** Default redirect policy: any http(s) URL on loopback (the gateway's callback in demo and tests). */
export function loopbackRedirectUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}
