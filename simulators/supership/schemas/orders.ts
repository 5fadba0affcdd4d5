import { z } from "zod";
import { Code, CodeIn, Int, Num, Time } from "./common.js";

/** Orders (§5 C1–C7): the price query, create body and every answer, from the field tables. */

/** §5 C1 query: names, not codes; weight in grams; value optional. */
export const PriceQuery = z.strictObject({
  sender_province: z.string(),
  sender_district: z.string(),
  receiver_province: z.string(),
  receiver_district: z.string(),
  weight: Num,
  value: Num.optional(),
});

/** §5 C1: pickup/delivery estimates are `{name}` now, `{date, time, name}` in the older docs. */
const Estimate = z.looseObject({ name: z.string(), date: z.string().optional(), time: z.string().optional() });
export const PriceQuote = z.looseObject({ service: z.string(), fee: Int, insurance: Int, pickup: Estimate, delivery: Estimate });

const Product = z.strictObject({ sku: z.string().optional(), name: z.string(), price: Num, weight: Num, quantity: Num });

/** §5 C2 body. Conditional rules (pickup_code vs pickup_*, product vs products) are the routes' job. */
export const CreateOrderRequest = z.strictObject({
  pickup_code: z.string().optional(),
  pickup_phone: z.string().optional(),
  pickup_address: z.string().optional(),
  pickup_province: z.string().optional(),
  pickup_district: z.string().optional(),
  pickup_commune: z.string().optional(),
  pickup_name: z.string().optional(),
  pickup_contact: z.string().optional(),
  name: z.string(),
  phone: z.string(),
  email: z.string().nullish(),
  address: z.string(),
  province: z.string(),
  district: z.string(),
  commune: z.string(),
  amount: Num,
  // Addendum: optional in the VN mirror, required since v1.0.14; the simulator requires it.
  value: Num,
  weight: Num,
  soc: z.string().optional(),
  note: z.string().optional(),
  service: CodeIn,
  config: CodeIn,
  payer: CodeIn,
  product_type: CodeIn,
  product: z.string().optional(),
  products: z.array(Product).optional(),
  barter: CodeIn.optional(),
  partner: z.string().optional(),
});

/** §5 C2 results: the table plus the example's `collection` and `insurance`; `address` is in the table only. */
export const CreatedOrder = z.looseObject({
  code: z.string(),
  sorting: z.string(),
  shortcode: Code,
  soc: z.string().nullable(),
  phone: z.string(),
  address: z.string().optional(),
  amount: Int,
  collection: Int,
  value: Int,
  weight: Int,
  fee: Int,
  insurance: Int,
  status: Code,
  status_name: z.string(),
});

/** §5 C3: `{key, value}` rows, docs order 1..22, 0, 23..27. */
export const StatusRow = z.looseObject({ key: Code, value: z.string() });

export const OrderInfoQuery = z.strictObject({ code: z.string(), type: z.enum(["1", "2"]).optional() });

/** §5 C4: payer and config are display names; `fee` is the five-key object. */
export const OrderInfo = z.looseObject({
  code: z.string(),
  soc: z.string().nullable(),
  status: Code,
  status_name: z.string(),
  receiver: z.looseObject({ name: z.string(), phone: z.string(), address: z.string(), formatted_address: z.string() }),
  amount: Int,
  value: Int,
  weight: Int,
  fee: z.looseObject({ shipment: Int, insurance: Int, return: Int, barter: Int, address: Int }),
  payer: z.string(),
  config: z.string(),
  journeys: z.array(z.looseObject({ time: Time, status: z.string(), province: z.string(), district: z.string(), note: z.string() })),
  notes: z.array(z.looseObject({ created_at: Time, type: Code, note: z.string() })),
  created_at: Time,
  updated_at: Time,
});

/** §5 C5: `code` is a required array of order codes. */
export const PrintTokenRequest = z.strictObject({ code: z.array(z.string()).min(1) });
export const PrintToken = z.looseObject({ token: z.string().uuid() });

/** §5 C7: one code; answers `{code, soc, address, status: "0", status_name}`. */
export const CancelRequest = z.strictObject({ code: z.string() });
export const CancelledOrder = z.looseObject({ code: z.string(), soc: z.string().nullable(), address: z.string(), status: z.literal("0"), status_name: z.string() });
