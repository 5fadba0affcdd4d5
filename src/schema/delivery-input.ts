import { z } from "zod";
import type { CreateDeliveryArgs } from "../resolvers/delivery-input.js";
import { vnPhone } from "../resolvers/validation.js";
import { builder } from "./builder.js";

/** Input types of `createDelivery` (the mutation itself is in schema/delivery.ts). */

const text = z.string().trim().min(1).max(200);
const vnd = z.number().int().min(0, "must be 0 or more");

export const DeliveryPayerEnum = builder.enumType("DeliveryPayer", {
  description: "Who pays SuperShip's fees.",
  values: { SENDER: { value: "1" }, RECEIVER: { value: "2" } } as const,
});

export const DeliveryInspectionEnum = builder.enumType("DeliveryInspection", {
  description: "What the receiver may do with the goods before paying.",
  values: {
    VIEW_NO_TRY: { value: "1", description: "May look at the goods, may not try them." },
    TRY: { value: "2", description: "May try the goods on." },
    NO_VIEW: { value: "3", description: "May not open the parcel." },
  } as const,
});

const DeliveryReceiverInput = builder.inputType("DeliveryReceiverInput", {
  description: "The receiver. With `orderId`, any field given here replaces the order's; district and commune are always needed (HyperSKU addresses have none).",
  fields: (t) => ({
    name: t.string({ required: false, validate: text }),
    phone: t.string({ required: false, validate: vnPhone, description: "Vietnamese phone, `^0\\d{9}$`." }),
    email: t.string({ required: false, validate: z.email() }),
    address: t.string({ required: false, validate: text, description: "Street address." }),
    province: t.string({ required: false, validate: text, description: "Name from the `provinces` query." }),
    district: t.string({ required: false, validate: text }),
    commune: t.string({ required: false, validate: text }),
  }),
});

const DeliveryPickupInput = builder.inputType("DeliveryPickupInput", {
  description: "A pickup address that is not a registered warehouse.",
  fields: (t) => ({
    phone: t.string({ validate: vnPhone }),
    address: t.string({ validate: text }),
    province: t.string({ validate: text }),
    district: t.string({ validate: text }),
    commune: t.string({ validate: text }),
    name: t.string({ required: false, validate: text, description: "Name of the pickup point." }),
    contact: t.string({ required: false, validate: text, description: "Contact person." }),
  }),
});

export const CreateDeliveryInput = builder.inputRef<CreateDeliveryArgs>("CreateDeliveryInput").implement({
  description:
    "A SuperShip delivery. With `orderId` (a HyperSKU order) the receiver, goods, weight and `soc` (= the order's storeOrderId) come from the order. " +
    "HyperSKU amounts are USD and the graph has no exchange rate: `declaredValue` defaults to 0 (no insurance).",
  fields: (t) => ({
    idempotencyKey: t.string({
      validate: z.string().min(8).max(128),
      description: "8–128 characters; the same key with the same input creates one delivery however often it is sent.",
    }),
    orderId: t.string({ required: false, description: "A HyperSKU order id to ship." }),
    allowAdditional: t.boolean({
      required: false,
      defaultValue: false,
      description:
        "Book a further delivery although one for the same soc is still active (not cancelled, reconciled or compensated); without it that is an ActiveDeliveryExistsError.",
    }),
    senderOrderCode: t.string({ required: false, validate: z.string().min(1).max(50), description: "Your own order code (SuperShip `soc`), without `orderId`." }),
    receiver: t.field({ type: DeliveryReceiverInput, required: false }),
    warehouseCode: t.string({ required: false, description: "Pick up at this warehouse (see `warehouses`); or give `pickup`." }),
    pickup: t.field({ type: DeliveryPickupInput, required: false }),
    weightGrams: t.int({
      required: false,
      validate: z.number().int().min(1).max(20_000),
      description: "1–20000; with `orderId` defaults to the items' weight (500 g per item of unknown weight).",
    }),
    codAmount: t.int({ defaultValue: 0, validate: vnd, description: "VND to collect from the receiver." }),
    declaredValue: t.int({ required: false, validate: vnd, description: "VND; prices the insurance." }),
    goods: t.string({ required: false, validate: text, description: "What is shipped, as text; needed without `orderId`." }),
    payer: t.field({ type: DeliveryPayerEnum, defaultValue: "1" }),
    inspection: t.field({ type: DeliveryInspectionEnum, defaultValue: "1" }),
    note: t.string({ required: false, validate: z.string().max(500), description: "For the courier." }),
  }),
});
