import { registerSupershipWebhook, rotateSupershipWebhookToken, supershipWebhookView, type WebhookRegistrationView } from "../resolvers/supership-webhook.js";
import { builder } from "./builder.js";
import { ConnectionRef } from "./viewer.js";

/** SuperShip's webhook registration for the caller's shop, and the mutations that make it point here. */

const SupershipWebhookRef = builder.objectRef<WebhookRegistrationView>("SupershipWebhook").implement({
  description: "The one callback URL SuperShip posts status and weight changes of the shop's deliveries to.",
  fields: (t) => ({
    url: t.exposeString("url", { description: "The registered URL; this API's endpoint token is shown as `***` (it is the endpoint's only credential)." }),
    registeredAt: t.expose("registeredAt", { type: "DateTime", description: "When the shop first registered a URL (SuperShip's `created_at`)." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", description: "When the URL last changed." }),
    ours: t.exposeBoolean("ours", {
      description: "Whether the URL is this API's current endpoint for the tenant; false: pushes go elsewhere (register with `registerSupershipWebhook`).",
    }),
  }),
});

builder.objectField(ConnectionRef, "webhook", (t) =>
  t.field({
    type: SupershipWebhookRef,
    nullable: true,
    description:
      "SuperShip only: the shop's webhook registration as SuperShip reports it; null when none is registered, for a connection not stored with this API, and for HyperSKU.",
    resolve: (c, _, ctx) => (c.provider === "supership" && c.state !== "NOT_CONNECTED" && c.state !== "PASSTHROUGH" ? supershipWebhookView(ctx) : null),
  }),
);

const webhookMutation = { authScopes: { tenant: true as const }, errors: {}, type: SupershipWebhookRef };

builder.mutationFields((t) => ({
  registerSupershipWebhook: t.field({
    ...webhookMutation,
    description: [
      "Register this API with SuperShip as the shop's webhook receiver, so deliveries' status and weight changes are pushed here (subscriptions, fresh deliveries). Needs SuperShip connected.",
      "SuperShip keeps one URL per shop and applies it to orders created afterwards; registering again sends the same URL. Safe to call repeatedly.",
    ].join("\n\n"),
    resolve: (_, __, ctx) => registerSupershipWebhook(ctx),
  }),
  rotateSupershipWebhookToken: t.field({
    ...webhookMutation,
    description:
      "Register a new endpoint URL and stop accepting the old one (it answers 404 from then on). Orders created before keep SuperShip's old URL, so their pushes are lost: rotate only when the URL may have leaked.",
    resolve: (_, __, ctx) => rotateSupershipWebhookToken(ctx),
  }),
}));
