import { ProviderSchemaError } from "../../domain/provider-errors.js";
import { type WebhookEvent, WebhookPayload } from "./schemas/webhooks.js";

/**
 * Reads one inbound SuperShip webhook body (§6), current or legacy form. Pure: the HTTP
 * route decides how to answer. SuperShip counts only HTTP 200 as delivered, so a route may
 * prefer to acknowledge even a payload this rejects rather than invite redelivery.
 */
export function parseWebhookPayload(json: unknown): WebhookEvent {
  const parsed = WebhookPayload.safeParse(json);
  if (!parsed.success) {
    const call = { provider: "supership" as const, endpoint: "webhook", method: "POST", url: "inbound:webhook" };
    throw new ProviderSchemaError(call, "webhook payload does not match the expected schema", parsed.error);
  }
  return parsed.data;
}
