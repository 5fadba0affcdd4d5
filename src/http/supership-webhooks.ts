import { Hono } from "hono";
import { hashWebhookToken } from "../auth/webhook-token.js";
import type { AppDeps } from "../resolvers/context.js";
import { receiveSupershipWebhook } from "../resolvers/webhooks.js";
import { bodyLimitOf } from "./body-limit.js";
import type { RateLimits } from "./rate-limit.js";
import { logOf } from "./request-scope.js";

/**
 * `POST /webhooks/supership/<token>`: where SuperShip pushes status and weight changes (§6),
 * server to server (no cookies, no CORS). SuperShip counts only a 200 as delivered and sends
 * again otherwise, so: 200 for every payload we understand, new or duplicate; 404 for a token
 * that names no tenant and 400 for a body we cannot read (nothing stored in either case; a
 * resend cannot help); 503 only when the store could not keep the event, so that it is resent.
 * The token is the credential: it never reaches a log line (the access log masks it).
 */

export function supershipWebhookRoutes(deps: AppDeps, limits: RateLimits): Hono {
  const routes = new Hono();
  const tooLarge = bodyLimitOf(deps.config.SUPERSHIP_WEBHOOK_MAX_BODY_BYTES, (c) => c.json({ error: "payload too large" }, 413));
  const perToken = limits.webhookToken((c) => hashWebhookToken(c.req.param("token") ?? ""));
  routes.post("/webhooks/supership/:token", perToken, tooLarge, async (c) => {
    const log = logOf(c.req.raw, deps.logger);
    let result: Awaited<ReturnType<typeof receiveSupershipWebhook>>;
    try {
      result = await receiveSupershipWebhook(deps, c.req.param("token"), await c.req.text(), log);
    } catch (e) {
      log.error({ err: e instanceof Error ? e.name : "unknown" }, "SuperShip webhook not stored: the store failed");
      return c.json({ error: "not stored; send again" }, 503, { "retry-after": "5" });
    }
    switch (result.outcome) {
      case "unknown_token":
        return c.json({ error: "not found" }, 404);
      case "invalid":
        // Paths only: a value could be a receiver's name, phone or address.
        log.warn({ tenantId: result.tenantId, paths: result.paths }, "SuperShip webhook payload not understood");
        return c.json({ error: "payload not understood" }, 400);
      case "duplicate":
        return c.json({ ok: true, duplicate: true });
      case "accepted":
        return c.json({ ok: true, duplicate: false });
    }
  });
  return routes;
}
