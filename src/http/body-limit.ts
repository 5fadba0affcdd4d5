import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/**
 * GRAPHQL_MAX_BODY_BYTES on /graphql and the subgraph route: a larger body is answered 413 with
 * a GraphQL-shaped error (`extensions.code: REQUEST_TOO_LARGE`) before Yoga reads it. A GET
 * carries its document in the URL instead: Node's header limit (`--max-http-header-size`,
 * 16 KB by default, answered 431) bounds it.
 *
 * With a Content-Length (and no Transfer-Encoding) the header decides and nothing is read. That
 * check is ours, made before anything touches `c.req.raw.body`: Hono's `bodyLimit` makes the same
 * comparison, but only after reading `.body`, which in @hono/node-server 1.19 attaches a web
 * stream to the request; the server's drain of the unread rest then stalls and it closes the
 * connection: fetch clients saw "other side closed" on the refused request or the next one.
 * Untouched, the rest is drained (at most 64 MB or 500 ms) and the connection stays usable
 * (test/api/input-limits.test.ts sends a request after each refusal on the same connection).
 *
 * A chunked body goes through Hono's `bodyLimit`: read chunk by chunk and refused as soon as the
 * count passes the limit, so at most the limit plus one chunk is held, whatever the client still
 * sends. That connection is closed after the answer (the drain stalls, as above): fine for a
 * client that streams an oversized body.
 */
export function graphqlBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimitOf(maxBytes, (c) => c.json({ errors: [{ message: `The request body is larger than ${maxBytes} bytes.`, extensions: { code: "REQUEST_TOO_LARGE" } }] }, 413));
}

/** The same limit with another answer (the webhook route's plain JSON 413). */
export function bodyLimitOf(maxBytes: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  const chunked = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(length) > maxBytes) return tooLarge(c);
      await next();
      return;
    }
    return chunked(c, next);
  };
}
