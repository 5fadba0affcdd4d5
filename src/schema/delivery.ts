import type { DeliveryStatusRow } from "../domain/delivery-status.js";
import { NotFoundError } from "../domain/errors.js";
import { LABEL_SIZES, SUPERSHIP_CARRIER } from "../domain/shipment.js";
import { liveDeliveries, loadDeliveries } from "../loaders/delivery.js";
import { loaderOptions } from "../loaders/schedule.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import type { DeliveryQuote } from "../providers/supership/schemas/orders.js";
import { deliveryStatuses, knownDeliveries } from "../resolvers/delivery.js";
import { createShippingLabels } from "../resolvers/delivery-mutations.js";
import { quoteDelivery } from "../resolvers/delivery-quote.js";
import { builder } from "./builder.js";
import { MoneyRef } from "./money.js";
import { ShipmentRef, ShipmentStatusEnum } from "./shipment.js";

/** Delivery (a SuperShip order): node, lookups, Order.delivery, status table, quotes, and its mutations. */

export const DeliveryRef = builder.loadableNodeRef<Delivery, string, string>("Delivery", {
  id: { resolve: (d) => d.code },
  load: (codes, ctx) => loadDeliveries(codes, ctx),
  loaderOptions: loaderOptions(),
  cacheResolved: (d) => d.code,
});

export const LabelSizeEnum = builder.enumType("LabelSize", {
  description: "Label paper size of SuperShip's print page (supership-api.md §7.3). K46 is 100×150 mm, A5 148×210 mm; S8–S14 are 80–110 mm thermal sizes.",
  values: LABEL_SIZES,
});

const DeliveryFeesRef = builder.objectRef<Delivery["fees"]>("DeliveryFees").implement({
  description: "What SuperShip charges for a delivery, in VND.",
  fields: (t) => ({
    shipment: t.expose("shipment", { type: MoneyRef, description: "Delivery fee; recalculated when the parcel is re-weighed." }),
    insurance: t.expose("insurance", { type: MoneyRef, description: "Priced from the declared value." }),
    return: t.expose("return", { type: MoneyRef, description: "Charged when the parcel goes back to the sender." }),
    barter: t.expose("barter", { type: MoneyRef, description: "Exchange (collect goods back) fee." }),
    addressChange: t.expose("addressChange", { type: MoneyRef, description: "Fee for changing the delivery address." }),
  }),
});

const DeliveryReceiverRef = builder.objectRef<Delivery["receiver"]>("DeliveryReceiver").implement({
  description: "Who receives the parcel, as SuperShip reports it.",
  fields: (t) => ({
    name: t.exposeString("name"),
    phone: t.exposeString("phone", { description: "Masked by SuperShip, e.g. `098****294`." }),
    address: t.exposeString("address", { description: "Street address." }),
    formattedAddress: t.exposeString("formattedAddress", { description: "Street, commune, district, province." }),
  }),
});

const DeliveryNoteRef = builder.objectRef<Delivery["notes"][number]>("DeliveryNote").implement({
  description: "A note SuperShip attached to the delivery (e.g. type `5`: the commune may be inaccurate).",
  fields: (t) => ({
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    type: t.exposeString("type", { description: "SuperShip's note type code; its catalogue is undocumented." }),
    note: t.exposeString("note"),
  }),
});

DeliveryRef.implement({
  description: "A SuperShip last-mile delivery in Vietnam. Linked to a HyperSKU order when its `senderOrderCode` is the order's `storeOrderId`.",
  interfaces: [ShipmentRef],
  isTypeOf: (v) => typeof v === "object" && v !== null && (v as Delivery).carrier === SUPERSHIP_CARRIER,
  fields: (t) => ({
    code: t.exposeString("code", { description: "SuperShip's order code, e.g. `SGNS100001NT.800000001`." }),
    shortCode: t.exposeString("shortCode", { nullable: true, description: "The digits after the dot of `code`: render this one as the barcode." }),
    senderOrderCode: t.exposeString("senderOrderCode", { nullable: true, description: "The shop's own order code (SuperShip `soc`)." }),
    statusCode: t.exposeString("statusCode", { description: "SuperShip's raw status code (`0`–`27`)." }),
    statusName: t.exposeString("statusName", { description: "SuperShip's status name, in Vietnamese." }),
    fees: t.expose("fees", { type: DeliveryFeesRef }),
    codAmount: t.expose("codAmount", { type: MoneyRef, description: "Cash to collect from the receiver (COD)." }),
    declaredValue: t.expose("declaredValue", { type: MoneyRef, description: "Declared value of the goods; prices the insurance." }),
    weightGrams: t.exposeInt("weightGrams", { description: "May change after SuperShip weighs the parcel." }),
    payer: t.exposeString("payer", { description: "Who pays the fees, as SuperShip names it (e.g. `Người Gửi`, the sender)." }),
    inspection: t.exposeString("inspection", { description: "What the receiver may do with the goods, as SuperShip names it (e.g. `Cho Thử Hàng`)." }),
    receiver: t.expose("receiver", { type: DeliveryReceiverRef }),
    notes: t.expose("notes", { type: [DeliveryNoteRef] }),
    labelUrl: t.string({
      description: "A page that prints this delivery's label. Each read mints a SuperShip print token.",
      args: { size: t.arg({ type: LabelSizeEnum, defaultValue: "K46" }) },
      resolve: async (d, { size }, ctx) => (await createShippingLabels(ctx, [d.code], size)).url,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const DeliveryStatusRef = builder.objectRef<DeliveryStatusRow>("DeliveryStatus").implement({
  description: "One row of SuperShip's status table.",
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name", { description: "SuperShip's name, in Vietnamese." }),
    status: t.expose("status", { type: ShipmentStatusEnum, description: "What the graph normalizes it to (`UNKNOWN` for a code it does not know)." }),
  }),
});

const DeliveryQuoteRef = builder.objectRef<DeliveryQuote>("DeliveryQuote").implement({
  description: "SuperShip's price for one service package.",
  fields: (t) => ({
    service: t.exposeString("service", { description: "Package name, e.g. `Tốc Hành` (express)." }),
    fee: t.expose("fee", { type: MoneyRef }),
    insurance: t.expose("insurance", { type: MoneyRef }),
    pickupEta: t.exposeString("pickupEta", { description: "SuperShip's estimate as text, e.g. `Chiều nay - 03/07/2018`." }),
    deliveryEta: t.exposeString("deliveryEta", { description: "SuperShip's estimate as text, e.g. `Sáng mốt - 05/07/2018`." }),
  }),
});

const DeliveryQuoteInput = builder.inputType("DeliveryQuoteInput", {
  description: "Area names as the `provinces` query lists them (short forms such as `Hồ Chí Minh`, `Quận 1` are accepted).",
  fields: (t) => ({
    senderProvince: t.string(),
    senderDistrict: t.string(),
    receiverProvince: t.string(),
    receiverDistrict: t.string(),
    weightGrams: t.int({ description: "1 to 20000." }),
    value: t.int({ defaultValue: 0, description: "Declared value in VND, prices the insurance; 0 or more." }),
  }),
});

/** The `live` argument's options: SuperShip's answer rather than the cache's (docs/decisions/028-delivery-cache.md). */
export const LIVE_ARG = {
  required: false,
  defaultValue: false,
  description: "Ask SuperShip now instead of serving a fresh cached entry (one orders/info call); refreshes the cache.",
} as const;

builder.queryFields((t) => ({
  delivery: t.field({
    type: DeliveryRef,
    nullable: true,
    description:
      "One SuperShip delivery by code; null when SuperShip does not know it. Served from the delivery cache while its entry is fresh (README: Delivery cache); `live: true` asks SuperShip and refreshes the entry.",
    args: { code: t.arg.string(), live: t.arg.boolean(LIVE_ARG) },
    resolve: (_, { code, live }, ctx) =>
      (live ? liveDeliveries(ctx) : DeliveryRef.getDataloader(ctx)).load(code).catch((e: unknown) => (e instanceof NotFoundError ? null : Promise.reject(e))),
  }),
  deliveries: t.connection(
    {
      type: DeliveryRef,
      nullable: true,
      description:
        "The deliveries this API has seen for the tenant (read, booked, cancelled or pushed by SuperShip's webhooks within DELIVERY_CACHE_TERMINAL_TTL_MS or the longest cache TTL), newest first. SuperShip has no listing of its own; each delivery is as fresh as `delivery(code)`.",
      args: { senderOrderCode: t.arg.string({ required: false, description: "Only deliveries with this soc." }) },
      resolve: (_, args, ctx) => knownDeliveries(ctx, args, DeliveryRef.getDataloader(ctx)),
    },
    { fields: (c) => ({ totalCount: c.exposeInt("totalCount", { description: "Deliveries known, up to 500." }) }) },
  ),
  deliveryStatuses: t.field({
    type: [DeliveryStatusRef],
    description: "SuperShip's status table, with each status normalized. Works without a SuperShip connection.",
    resolve: (_, __, ctx) => deliveryStatuses(ctx),
  }),
  deliveryQuote: t.field({
    type: [DeliveryQuoteRef],
    description: "SuperShip's prices between two districts. Unknown area names or an out-of-range weight fail with INVALID_PROVIDER_INPUT naming the field.",
    args: { input: t.arg({ type: DeliveryQuoteInput, required: true }) },
    resolve: (_, { input }, ctx) => quoteDelivery(ctx, input),
  }),
}));
