import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/**
 * CORS for /graphql from CORS_ORIGINS. Empty (the default): no `Access-Control-Allow-Origin`
 * at all, so only same-origin pages (GraphiQL served by this API) can read answers. `*`
 * allows any origin. Yoga's own CORS is switched off (src/http/yoga.ts): it reflects every
 * origin by default.
 *
 * No `Access-Control-Allow-Credentials`: callers authenticate with headers (an API key or
 * provider tokens), never cookies, so browsers need only these headers allowed.
 */

export const CORS_ALLOWED_HEADERS = ["authorization", "content-type", "x-hypersku-token", "x-supership-token", "x-graphql-yoga-csrf", "x-request-id"];

export function graphqlCors(origins: readonly string[]): MiddlewareHandler {
  const anyOrigin = origins.includes("*");
  const allowOrigin = (origin: string) => (anyOrigin ? "*" : origins.includes(origin) ? origin : null);
  const middleware = cors({
    origin: anyOrigin ? "*" : allowOrigin,
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: CORS_ALLOWED_HEADERS,
    maxAge: 600,
  });
  return async (c, next) => {
    const preflight = await middleware(c, next);
    if (preflight) return preflight;
    // Hono's cors sets Access-Control-Allow-Origin before the handler runs. When the handler
    // answers with a non-native Response (Yoga's @whatwg-node ponyfill), @hono/node-server
    // 1.19 loses headers set that way on the next copy of the response (the `Vary` that cors
    // appends afterwards survives). Same symptom: ponder-sh/ponder#1642. So set it again on
    // the final response; test/api/hardening.test.ts checks it over real HTTP.
    const allowed = c.req.method === "OPTIONS" ? null : allowOrigin(c.req.header("origin") ?? "");
    if (allowed) c.header("Access-Control-Allow-Origin", allowed);
  };
}
