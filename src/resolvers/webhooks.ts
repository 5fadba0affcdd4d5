import { createHash } from "node:crypto";
import { hashWebhookToken, isWebhookTokenShaped } from "../auth/webhook-token.js";
import { ProviderSchemaError } from "../domain/provider-errors.js";
import type { Logger } from "../logger.js";
import type { WebhookEvent } from "../providers/supership/schemas/webhooks.js";
import { parseWebhookPayload } from "../providers/supership/webhook.js";
import type { DeliveryEventRecord } from "../store/types.js";
import type { AppDeps } from "./context.js";
import type { DeliveryEvent } from "./delivery-events.js";

/**
 * One inbound SuperShip webhook (docs/decisions/026-supership-webhooks.md): which tenant the
 * URL's token names, whether the body is a payload we understand, whether we have it already.
 * A new event is stored first (so nothing accepted is lost across restarts and replicas), then
 * handed to the delivery cache and published to the tenant's subscribers. The HTTP route
 * (src/http/supership-webhooks.ts) turns the outcome into a status; a store failure throws.
 */

export type WebhookOutcome =
  | { outcome: "unknown_token" }
  | { outcome: "invalid"; tenantId: string; paths: string[] }
  | { outcome: "duplicate"; tenantId: string }
  | { outcome: "accepted"; event: DeliveryEvent };

// The store's record and the bus's event are one shape (the store may not import resolvers).
const sameShape = (e: DeliveryEvent): DeliveryEventRecord => e;

export async function receiveSupershipWebhook(deps: AppDeps, token: string, body: string, log: Logger = deps.logger): Promise<WebhookOutcome> {
  const tenantId = isWebhookTokenShaped(token) ? await deps.store.findWebhookTenant(hashWebhookToken(token)) : null;
  if (!tenantId) return { outcome: "unknown_token" };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { outcome: "invalid", tenantId, paths: ["(body: not JSON)"] };
  }
  let payload: WebhookEvent;
  try {
    payload = parseWebhookPayload(json);
  } catch (e) {
    if (!(e instanceof ProviderSchemaError)) throw e;
    return { outcome: "invalid", tenantId, paths: [...new Set(e.issues.map((i) => i.path || "(root)"))] };
  }
  const event = toEvent(tenantId, payload, deps.now());
  const stored = await deps.store.addDeliveryEvent(sameShape(event), { dedupeKey: dedupeKey(payload, json), retainMs: deps.config.SUPERSHIP_WEBHOOK_RETAIN_MS });
  if (!stored) return { outcome: "duplicate", tenantId };
  try {
    await deps.deliveryCache?.applyEvent(event);
  } catch (e) {
    // The event is stored and acknowledged all the same: a resend would be a duplicate and never
    // reach the cache either, whose entries fall back to their TTL.
    log.warn({ err: e instanceof Error ? e.name : "unknown" }, "delivery cache could not apply a webhook event");
  }
  deps.events.publish(event);
  return { outcome: "accepted", event };
}

function toEvent(tenantId: string, p: WebhookEvent, receivedAt: number): DeliveryEvent {
  return {
    tenantId,
    code: p.code,
    soc: p.soc ?? null,
    type: p.type,
    status: p.status,
    statusName: p.statusName,
    weightGrams: p.weight ?? null,
    shipmentFee: p.shipmentFee ?? null,
    insuranceFee: p.insuranceFee ?? null,
    reasonCode: p.reasonCode || null,
    reasonText: p.reasonText || null,
    pushedAt: p.pushedAt ?? null,
    receivedAt,
  };
}

/**
 * SuperShip may send one change more than once (§6: it retries until it sees a 200). With
 * `pushed_at`, code + status + type + pushed_at names the change; a legacy payload has none, so
 * the hash of the whole body (keys sorted) does.
 */
export function dedupeKey(p: WebhookEvent, json: unknown): string {
  if (p.pushedAt) return `${p.code}|${p.status}|${p.type}|${p.pushedAt}`;
  return `sha256:${createHash("sha256").update(canonical(json)).digest("base64url")}`;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
