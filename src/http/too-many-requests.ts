import type { Context } from "hono";

/**
 * A 429 as a GraphQL-over-HTTP error, like every other refusal of this API: `Retry-After` in
 * whole seconds and the same number in `extensions.retryAfterSeconds`, so clients that only read
 * the body can wait too. The media type follows the request's Accept as Yoga's answers do:
 * `application/graphql-response+json` when the client lists it before `application/json`.
 */

export const RATE_LIMITED = "RATE_LIMITED";

export function tooManyRequests(c: Context, message: string, retryAfterSeconds: number): Response {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: RATE_LIMITED, retryAfterSeconds } }] });
  return c.body(body, 429, { "content-type": `${mediaType(c.req.header("accept"))}; charset=utf-8`, "retry-after": String(retryAfterSeconds) });
}

function mediaType(accept: string | undefined): string {
  for (const part of (accept ?? "").split(",")) {
    const type = part.split(";")[0]?.trim().toLowerCase();
    if (type === "application/graphql-response+json") return type;
    if (type === "application/json") return type;
  }
  return "application/json";
}
