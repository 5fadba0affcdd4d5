import { z } from "zod";
import { ActiveDeliveryExistsError, IdempotencyConflictError } from "../domain/errors.js";
import { deliveriesBySoc, liveDeliveries, liveDeliveriesBySoc } from "../loaders/delivery.js";
import type { Context } from "../resolvers/context.js";
import { cancelDelivery, createDelivery, createShippingLabels, type DeliveryLoaders, type ShippingLabels } from "../resolvers/delivery-mutations.js";
import { builder } from "./builder.js";
import { DeliveryRef, LabelSizeEnum } from "./delivery.js";
import { CreateDeliveryInput } from "./delivery-input.js";
import { OrderRef } from "./order.js";

/** Delivery mutations: createDelivery (exactly once per idempotency key), cancelDelivery, createShippingLabels. */

const ShippingLabelsRef = builder.objectRef<ShippingLabels>("ShippingLabels").implement({
  description: "A print job for SuperShip labels.",
  fields: (t) => ({
    printToken: t.exposeString("printToken", { description: "SuperShip's print token." }),
    url: t.exposeString("url", { description: "Open in a browser to print the labels." }),
  }),
});

const loaders = (ctx: Context): DeliveryLoaders => ({
  byCode: DeliveryRef.getDataloader(ctx),
  bySoc: deliveriesBySoc(ctx),
  live: liveDeliveries(ctx),
  liveBySoc: liveDeliveriesBySoc(ctx),
  orders: OrderRef.getDataloader(ctx),
});
const deliveryMutation = { authScopes: { authenticated: true as const }, errors: {} };

builder.mutationFields((t) => ({
  createDelivery: t.field({
    authScopes: { tenant: true },
    errors: { types: [IdempotencyConflictError, ActiveDeliveryExistsError] },
    type: DeliveryRef,
    description: [
      "Book a SuperShip delivery, exactly once per idempotency key. Needs an API key (keys are kept per tenant). Area names are checked against the areas queries.",
      "A ProviderUnavailableError with code DELIVERY_OUTCOME_UNKNOWN means the delivery may exist: retry with the same key. The retry asks SuperShip by the delivery's soc (`senderOrderCode`, or the order's storeOrderId) and returns the delivery if it exists, or books it once SuperShip shows none for IDEMPOTENCY_SETTLE_MS (IdempotencyConflictError with `retryAfterMs` until then). Without a soc the outcome cannot be looked up: the retry says so. Other ProviderUnavailableErrors (HTTP 429, connection refused) booked nothing: retry with the same key.",
      "An order (soc) whose delivery is still active gets an ActiveDeliveryExistsError unless `allowAdditional: true`.",
    ].join("\n\n"),
    args: { input: t.arg({ type: CreateDeliveryInput, required: true }) },
    resolve: (_, { input }, ctx) => createDelivery(ctx, input, loaders(ctx)),
  }),
  cancelDelivery: t.field({
    ...deliveryMutation,
    type: DeliveryRef,
    description: "Cancel a delivery; SuperShip refuses once pickup has started (NotAllowedInCurrentStateError).",
    args: { code: t.arg.string() },
    resolve: (_, { code }, ctx) => cancelDelivery(ctx, code, loaders(ctx)),
  }),
  createShippingLabels: t.field({
    ...deliveryMutation,
    type: ShippingLabelsRef,
    description: "One printable page with the labels of 1–100 deliveries.",
    args: {
      codes: t.arg.stringList({ validate: z.array(z.string().min(1)).min(1).max(100) }),
      size: t.arg({ type: LabelSizeEnum, required: true }),
    },
    resolve: (_, { codes, size }, ctx) => createShippingLabels(ctx, codes, size),
  }),
}));
