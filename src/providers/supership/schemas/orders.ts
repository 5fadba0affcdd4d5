import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { code, grams, statusCode, vnd } from "./shared.js";

/** Fee quote (C1), order creation (C2), status table (C3). Info, print and cancel: `order-info.ts`. */

const name = z.string().min(1);

export const priceQuery = z
  .object({
    /** Area *names* (from the Areas API), not codes. */
    senderProvince: name,
    senderDistrict: name,
    receiverProvince: name,
    receiverDistrict: name,
    weight: z.number().int().positive(),
    /** Declared value, prices the insurance. */
    value: vnd.optional(),
  })
  .transform((q) => ({
    sender_province: q.senderProvince,
    sender_district: q.senderDistrict,
    receiver_province: q.receiverProvince,
    receiver_district: q.receiverDistrict,
    weight: q.weight,
    value: q.value,
  }));
export type PriceQuery = z.input<typeof priceQuery>;

/** Current docs show only `name` ("Chiều nay - 03/07/2018"); the older `/orders/fee` also sent `date` and `time`. */
const estimate = z.object({ name: z.string(), date: z.string().optional(), time: z.string().optional() });

/** One entry per service package; `service` is its display name ("Tốc Hành"), not the code sent to `createOrder`. */
export const priceQuote = z.object({ service: z.string(), fee: vnd, insurance: vnd, pickup: estimate, delivery: estimate }).transform((q) => ({
  service: q.service,
  fee: toMoney(q.fee, "VND"),
  insurance: toMoney(q.insurance, "VND"),
  pickupEta: q.pickup.name,
  deliveryEta: q.delivery.name,
}));
export const priceQuotes = z.array(priceQuote);
/** A fee quote as the graph serves it. */
export type DeliveryQuote = z.output<typeof priceQuote>;

const productItem = z.object({
  sku: z.string().min(1),
  name,
  price: vnd,
  weight: grams,
  quantity: z.number().int().positive(),
});

const pickupAddressFields = ["pickupPhone", "pickupAddress", "pickupProvince", "pickupDistrict", "pickupCommune"] as const;

export const createOrderInput = z
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
    amount: vnd,
    /** Declared value, VND: mandatory since docs v1.0.14, so always required here. */
    value: vnd,
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
export type CreateOrderInput = z.input<typeof createOrderInput>;

export const createdOrder = z
  .object({
    code,
    sorting: z.string(),
    shortcode: z.string(),
    soc: z.string().nullish(),
    phone: z.string(),
    /** In the field table, missing from the docs example. */
    address: z.string().optional(),
    amount: vnd,
    collection: vnd.optional(),
    value: vnd,
    weight: grams,
    fee: vnd,
    insurance: vnd.optional(),
    status: statusCode,
    status_name: z.string(),
  })
  .transform(({ status_name, soc, ...w }) => ({ ...w, soc: soc ?? undefined, statusName: status_name }));
export type SupershipCreatedOrder = z.output<typeof createdOrder>;

export const statusTable = z.array(z.object({ key: statusCode, value: z.string() }).transform((r) => ({ code: r.key, name: r.value })));
export type SupershipStatusEntry = z.output<typeof statusTable>[number];
