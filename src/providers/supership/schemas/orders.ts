import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { Code, Grams, StatusCode, Vnd } from "./shared.js";

/** Fee quote (C1), order creation (C2), status table (C3). Info, print and cancel: `order-info.ts`. */

const name = z.string().min(1);

export const PriceQuery = z
  .object({
    /** Area *names* (from the Areas API), not codes. */
    senderProvince: name,
    senderDistrict: name,
    receiverProvince: name,
    receiverDistrict: name,
    weight: z.number().int().positive(),
    /** Declared value, prices the insurance. */
    value: Vnd.optional(),
  })
  .transform((q) => ({
    sender_province: q.senderProvince,
    sender_district: q.senderDistrict,
    receiver_province: q.receiverProvince,
    receiver_district: q.receiverDistrict,
    weight: q.weight,
    value: q.value,
  }));
export type PriceQuery = z.input<typeof PriceQuery>;

/** Current docs show only `name` ("Chiều nay - 03/07/2018"); the older `/orders/fee` also sent `date` and `time`. */
const estimate = z.object({ name: z.string(), date: z.string().optional(), time: z.string().optional() });

/** One entry per service package; `service` is its display name ("Tốc Hành"), not the code sent to `createOrder`. */
export const PriceQuote = z.object({ service: z.string(), fee: Vnd, insurance: Vnd, pickup: estimate, delivery: estimate }).transform((q) => ({
  service: q.service,
  fee: toMoney(q.fee, "VND"),
  insurance: toMoney(q.insurance, "VND"),
  pickupEta: q.pickup.name,
  deliveryEta: q.delivery.name,
}));
export const PriceQuotes = z.array(PriceQuote);
/** A fee quote as the graph serves it. */
export type DeliveryQuote = z.output<typeof PriceQuote>;

const productItem = z.object({
  sku: z.string().min(1),
  name,
  price: Vnd,
  weight: Grams,
  quantity: z.number().int().positive(),
});

const pickupAddressFields = ["pickupPhone", "pickupAddress", "pickupProvince", "pickupDistrict", "pickupCommune"] as const;

export const CreateOrderInput = z
  .object({
    /** A registered warehouse code; when given, the `pickup*` address fields may be omitted. */
    pickupCode: name.optional(),
    pickupPhone: name.optional(),
    pickupAddress: name.optional(),
    pickupProvince: name.optional(),
    pickupDistrict: name.optional(),
    pickupCommune: name.optional(),
    pickupName: name.optional(),
    pickupContact: name.optional(),
    /** Receiver. */
    name,
    phone: name,
    email: z.string().optional(),
    address: name,
    province: name,
    district: name,
    commune: name,
    /** COD to collect, VND (0: none). */
    amount: Vnd,
    /** Declared value, VND: mandatory since docs v1.0.14, so always required here. */
    value: Vnd,
    weight: z.number().int().positive(),
    /** The sender's own order code; lookups by it use `orderInfo(soc, { by: "soc" })`. */
    soc: name.optional(),
    note: z.string().optional(),
    /** Service package code; "1" (Tốc Hành) is the only documented one. */
    service: z.string().regex(/^\d+$/).default("1"),
    /** "1" view, no try-on · "2" try-on allowed · "3" no viewing. */
    config: z.enum(["1", "2", "3"]),
    /** "1" sender pays · "2" receiver pays. */
    payer: z.enum(["1", "2"]),
    /** Goods as text (wire product_type "1") … */
    product: name.optional(),
    /** … or as items (wire product_type "2"): exactly one of the two. */
    products: z.array(productItem).min(1).optional(),
    /** Collect goods back from the receiver (exchange). */
    barter: z.boolean().optional(),
    /** Partner secret code: applies the partner's webhook to this order. */
    partner: name.optional(),
  })
  .superRefine((o, ctx) => {
    if (!o.pickupCode) {
      for (const f of pickupAddressFields) {
        if (!o[f]) ctx.addIssue({ code: "custom", path: [f], message: "required when pickupCode is not given" });
      }
    }
    if ((o.product === undefined) === (o.products === undefined)) {
      ctx.addIssue({ code: "custom", path: ["products"], message: "give exactly one of product (text) or products (items)" });
    }
  })
  .transform(({ pickupCode, pickupPhone, pickupAddress, pickupProvince, pickupDistrict, pickupCommune, pickupName, pickupContact, ...o }) => ({
    pickup_code: pickupCode,
    pickup_phone: pickupPhone,
    pickup_address: pickupAddress,
    pickup_province: pickupProvince,
    pickup_district: pickupDistrict,
    pickup_commune: pickupCommune,
    pickup_name: pickupName,
    pickup_contact: pickupContact,
    ...o,
    product_type: o.products ? "2" : "1",
    barter: o.barter ? "1" : undefined,
  }));
export type CreateOrderInput = z.input<typeof CreateOrderInput>;

export const CreatedOrder = z
  .object({
    code: Code,
    sorting: z.string(),
    shortcode: z.string(),
    soc: z.string().nullish(),
    phone: z.string(),
    /** In the field table, missing from the docs example. */
    address: z.string().optional(),
    amount: Vnd,
    collection: Vnd.optional(),
    value: Vnd,
    weight: Grams,
    fee: Vnd,
    insurance: Vnd.optional(),
    status: StatusCode,
    status_name: z.string(),
  })
  .transform(({ status_name, soc, ...w }) => ({ ...w, soc: soc ?? undefined, statusName: status_name }));
export type CreatedOrderResult = z.output<typeof CreatedOrder>;

export const StatusTable = z.array(z.object({ key: StatusCode, value: z.string() }).transform((r) => ({ code: r.key, name: r.value })));
export type StatusEntry = z.output<typeof StatusTable>[number];
