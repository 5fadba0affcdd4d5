import type { MiddlewareHandler } from "hono";

/**
 * `Cache-Control: private, no-store` on every answer (docs/decisions/029-cache-scope.md).
 * A GraphQL answer is one tenant's data, and so is nearly everything else here: GraphiQL's
 * page may carry the demo key, the OAuth pages a connect link's outcome, /readyz and /metrics
 * the process's load. No answer is marked public, not even the SuperShip area lists: one
 * document can mix them with tenant fields, and telling them apart per document is a cache
 * policy nobody could check by reading the headers.
 *
 * Set last, over whatever an inner handler set (Yoga's SSE answers say `no-cache`), on the
 * response itself: @hono/node-server copies a response from its init's headers, so
 * `c.header()` after the fact would be lost (src/http/observe.ts). An immutable response (a
 * fetch answer passed through) is copied once to take the header.
 */
export const NO_STORE = "private, no-store";

export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    try {
      c.res.headers.set("Cache-Control", NO_STORE);
    } catch {
      c.header("Cache-Control", NO_STORE);
    }
  };
}
