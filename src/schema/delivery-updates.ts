import { normalizeDeliveryStatus } from "../domain/delivery-status.js";
import { toMoney } from "../domain/money.js";
import type { DeliveryEvent } from "../resolvers/delivery-events.js";
import { subscribeDeliveryUpdates } from "../resolvers/delivery-updates.js";
import { builder } from "./builder.js";
import { MoneyRef } from "./money.js";
import { ShipmentStatusEnum } from "./shipment.js";

/** Subscription.deliveryUpdated and what it yields: one SuperShip webhook event of the tenant (issue 15). */

const vnd = (amount: number | null) => (amount === null ? null : toMoney(amount, "VND"));

const DeliveryUpdateKindEnum = builder.enumType("DeliveryUpdateKind", {
  description: "Which SuperShip webhook it was (supership-api.md §6).",
  values: {
    STATUS: { value: "update_status", description: "The delivery's status changed (`update_status`)." },
    WEIGHT: { value: "update_weight", description: "SuperShip re-weighed the parcel; fees may change with it (`update_weight`)." },
  } as const,
});

const DeliveryUpdateFeesRef = builder.objectRef<DeliveryEvent>("DeliveryUpdateFees").implement({
  description: "The fees SuperShip sent with the event, in VND; null when it sent none.",
  fields: (t) => ({
    shipment: t.field({ type: MoneyRef, nullable: true, resolve: (e) => vnd(e.shipmentFee) }),
    insurance: t.field({ type: MoneyRef, nullable: true, resolve: (e) => vnd(e.insuranceFee) }),
  }),
});

const DeliveryUpdateRef = builder.objectRef<DeliveryEvent>("DeliveryUpdate").implement({
  description: "What SuperShip pushed about one of the tenant's deliveries, as it arrived. Query `delivery(code:)` for the whole delivery.",
  fields: (t) => ({
    kind: t.field({ type: DeliveryUpdateKindEnum, resolve: (e) => e.type }),
    code: t.exposeString("code", { description: "SuperShip's delivery code, as `Delivery.code`." }),
    senderOrderCode: t.exposeString("soc", {
      nullable: true,
      description: "The order reference on the delivery (SuperShip `soc`): the order's `storeOrderId`. Null when SuperShip sent none.",
    }),
    status: t.field({
      type: ShipmentStatusEnum,
      description: "The status normalized as on `Delivery` (`UNKNOWN` for a code not in the table).",
      resolve: (e) => normalizeDeliveryStatus(e.status),
    }),
    statusCode: t.exposeString("status", { description: "SuperShip's raw status code (`0`–`27`)." }),
    statusName: t.exposeString("statusName", { description: "SuperShip's status name, in Vietnamese." }),
    weightGrams: t.exposeInt("weightGrams", { nullable: true, description: "The parcel's weight when SuperShip sent one." }),
    fees: t.field({ type: DeliveryUpdateFeesRef, resolve: (e) => e }),
    reasonCode: t.exposeString("reasonCode", { nullable: true, description: "Why, when SuperShip gave a reason (e.g. a failed delivery attempt)." }),
    reasonText: t.exposeString("reasonText", { nullable: true }),
    pushedAt: t.exposeString("pushedAt", {
      nullable: true,
      description: "SuperShip's `pushed_at` exactly as sent (ISO 8601, or its `YYYY-MM-DD hh:mm:ss` in Vietnam time); null when absent.",
    }),
    receivedAt: t.field({ type: "DateTime", description: "When this API accepted the webhook.", resolve: (e) => new Date(e.receivedAt).toISOString() }),
  }),
});

builder.subscriptionFields((t) => ({
  deliveryUpdated: t.field({
    type: DeliveryUpdateRef,
    authScopes: { tenant: true },
    description: [
      "Each SuperShip update of the tenant's deliveries from now on, pushed by SuperShip's webhooks. Needs an API key; only the key's tenant's deliveries are ever sent.",
      "`codes`: only these deliveries. `orderIds`: only deliveries of these orders, by the merchant's store order id (`Order.storeOrderId`, SuperShip's `soc`). Both: either matches. Neither: every update.",
      "At most SUBSCRIPTIONS_PER_TENANT open at once per server (TOO_MANY_SUBSCRIPTIONS, HTTP 429). The stream completes when the server shuts down: reconnect.",
    ].join("\n\n"),
    args: {
      codes: t.arg.stringList({ required: false, description: "SuperShip delivery codes." }),
      orderIds: t.arg.stringList({ required: false, description: "Store order ids (`Order.storeOrderId`), matched against the delivery's `soc`." }),
    },
    subscribe: (_, args, ctx) => subscribeDeliveryUpdates(ctx, args),
    resolve: (event) => event,
  }),
}));
