import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { PAGE_STYLE } from "./page.js";

/**
 * Response headers that keep browsers from misusing our answers (docs/decisions/025-csp.md),
 * all with `hono/secure-headers`:
 *
 * - every response: `nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, and a CSP
 *   that allows nothing (`default-src 'none'; frame-ancestors 'none'`): a JSON answer is never a
 *   document, so nothing in it may run, load or be framed. HSTS only when PUBLIC_URL is https: a
 *   loopback demo over http must not pin the browser to https for 127.0.0.1.
 * - the OAuth pages (src/http/page.ts): their one inline `<style>` by hash, nothing else.
 * - GraphiQL (GET /graphql answered with HTML): its one inline script by a per-response nonce,
 *   Monaco's workers from `blob:`, styles inline (Monaco injects `<style>` elements at run time),
 *   fonts and icons from `data:`, requests to this origin only.
 *
 * The route-specific policies are set by inner middleware; the app-wide one does not overwrite a
 * CSP already on the response. Every 401 also gets `WWW-Authenticate: Bearer` (RFC 9110 §15.5.2):
 * the API key, the metrics token and the connect link are all bearer credentials.
 */

const NOTHING = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] };

/** For the route-specific instances: their CSP only, the app-wide instance sets the rest. */
const CSP_ONLY = {
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

export function appSecureHeaders(publicUrl: string): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: NOTHING,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    // A year, this host only: includeSubDomains would bind hosts this service does not own.
    strictTransportSecurity: publicUrl.startsWith("https://") ? "max-age=31536000" : false,
    // Cross-origin callers listed in CORS_ORIGINS read /graphql through CORS; CORP would only get in their way.
    crossOriginResourcePolicy: false,
    overwrite: false,
  });
  return async (c, next) => {
    await headers(c, next);
    if (c.res.status === 401 && !c.res.headers.has("www-authenticate")) c.res.headers.set("WWW-Authenticate", "Bearer");
  };
}

/** The OAuth start/callback pages: static HTML whose only inline content is PAGE_STYLE. */
export function pageSecureHeaders(): MiddlewareHandler {
  const styleHash = `'sha256-${createHash("sha256").update(PAGE_STYLE).digest("base64")}'`;
  return secureHeaders({ ...CSP_ONLY, contentSecurityPolicy: { ...NOTHING, styleSrc: [styleHash] } });
}

/**
 * GraphiQL's policy, for GET /graphql. The page comes from Yoga (@graphql-yoga/render-graphiql)
 * with one inline `<script>`; after the response is rendered the nonce that `secureHeaders` put
 * in the policy is written into that tag. Only an HTML answer is touched: GET queries answered
 * with JSON keep the body as it is (and this policy, which allows them nothing either).
 */
export function graphiqlSecureHeaders(): MiddlewareHandler {
  const headers = secureHeaders({
    ...CSP_ONLY,
    contentSecurityPolicy: {
      ...NOTHING,
      scriptSrc: [NONCE],
      styleSrc: ["'self'", "'unsafe-inline'"],
      workerSrc: ["blob:"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
    },
  });
  return async (c, next) => {
    if (c.req.method !== "GET") return next();
    await headers(c, async () => {
      await next();
      if (!c.res.headers.get("content-type")?.startsWith("text/html")) return;
      const nonce = c.get("secureHeadersNonce") as string;
      const html = withNonce(await c.res.text(), nonce);
      // Native Headers, not Yoga's ponyfill response as the init: @hono/node-server 1.19 copies a
      // response from its init's headers, which would drop the policy set on this one just after.
      const { status } = c.res;
      const headers = new Headers(c.res.headers);
      headers.delete("content-length");
      // Unset first: assigning over a response copies its headers, the old length among them.
      c.res = undefined;
      c.res = new Response(html, { status, headers });
    });
  };
}

/**
 * Adds `nonce` to each `<script` tag of the page. It skips over script bodies, so a `<script`
 * inside one (React's bundle holds the string "<script><\/script>") is left alone: a script's
 * text ends at the first `</script`, which the bundles escape everywhere else.
 */
export function withNonce(html: string, nonce: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const open = html.indexOf("<script", at);
    if (open < 0) break;
    const close = html.indexOf("</script", open);
    const end = close < 0 ? html.length : close;
    out += `${html.slice(at, open)}<script nonce="${nonce}"${html.slice(open + "<script".length, end)}`;
    at = end;
  }
  return out + html.slice(at);
}
