import type DataLoader from "dataloader";
import { InputValidationError } from "../domain/errors.js";
import type { Order } from "../providers/hypersku/schemas/order.js";
import type { CreateOrderInput } from "../providers/supership/schemas/orders.js";
import { type Issue, resolveAreas } from "./area.js";
import type { Context } from "./context.js";
import { VN_PHONE } from "./validation.js";

/**
 * The SuperShip order (supership-api.md §5 C2) a createDelivery input asks for: filled from
 * a HyperSKU order when `orderId` is given, its area names resolved, every gap reported as
 * an issue on its input path before anything is sent.
 */

/** The receiver a HyperSKU order gives; district and commune it never has (its addresses are international). */
export interface ReceiverFields {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  province?: string | null;
  district?: string | null;
  commune?: string | null;
}

/** "+84 90 123 4567" → "0901234567": SuperShip takes domestic numbers; anything else is returned cleaned, to be refused. */
export function toVnPhone(phone: string): string {
  const cleaned = phone.replace(/[\s().-]/g, "");
  const intl = /^(?:\+|00)?84(\d{9})$/.exec(cleaned);
  return intl ? `0${intl[1]}` : cleaned;
}

export function receiverFromOrder(order: Order): ReceiverFields {
  const a = order.shippingAddress;
  if (!a) return {};
  return {
    name: `${a.firstName} ${a.lastName}`.trim(),
    phone: a.phone ? toVnPhone(a.phone) : null,
    email: a.email,
    address: [a.line1, a.line2].filter(Boolean).join(", "),
    // Vietnamese seeds carry the province in `city` ("Ho Chi Minh"); area matching resolves it.
    province: a.city ?? a.province,
  };
}

/** Items without a known weight count 500 g each. */
export const DEFAULT_ITEM_GRAMS = 500;

/**
 * SuperShip `products` from the order's items. Prices are whole VND; HyperSKU prices are USD
 * and this API has no exchange rate, so a non-VND price is sent as 0 (it only describes the goods).
 */
export function productsFromOrder(order: Order) {
  return order.items.map((i) => ({
    sku: i.skuId,
    name: i.title,
    price: i.unitPrice.currency === "VND" ? Math.round(Number(i.unitPrice.amount)) : 0,
    weight: i.weightGrams ?? DEFAULT_ITEM_GRAMS,
    quantity: i.quantity,
  }));
}

export interface CreateDeliveryArgs {
  idempotencyKey: string;
  /** Book even when the order (its soc) has a delivery SuperShip has not finished. */
  allowAdditional?: boolean | null;
  orderId?: string | null;
  senderOrderCode?: string | null;
  receiver?: ReceiverFields | null;
  warehouseCode?: string | null;
  pickup?: { phone: string; address: string; province: string; district: string; commune: string; name?: string | null; contact?: string | null } | null;
  weightGrams?: number | null;
  codAmount: number;
  declaredValue?: number | null;
  goods?: string | null;
  /** Wire codes (§7.2): payer "1" sender / "2" receiver; config "1" view, no try / "2" try / "3" no view. */
  payer: "1" | "2";
  inspection: "1" | "2" | "3";
  note?: string | null;
}

const RECEIVER_FIELDS = ["name", "phone", "address", "province", "district", "commune"] as const;
/** [3p, weak] SuperShip refuses more than 20 kg (§5 C1); the simulator does too. */
const MAX_GRAMS = 20_000;
const orNone = (v: string | null | undefined) => v || undefined;

/** The SuperShip order for the input, filled from the HyperSKU order when `orderId` is given; every gap is an issue on its input path. */
export async function buildCreateOrder(ctx: Context, input: Omit<CreateDeliveryArgs, "idempotencyKey">, orders: DataLoader<string, Order>): Promise<CreateOrderInput> {
  const order = input.orderId ? await orders.load(input.orderId) : null;
  const given = Object.fromEntries(Object.entries(input.receiver ?? {}).filter(([, v]) => v != null && v !== ""));
  const receiver: ReceiverFields = { ...(order ? receiverFromOrder(order) : {}), ...given };
  const products = order ? productsFromOrder(order) : undefined;
  const weight = input.weightGrams ?? products?.reduce((sum, p) => sum + p.weight * p.quantity, 0);

  const issues: Issue[] = [];
  const at = (path: string[], message: string) => issues.push({ path: ["input", ...path], message });
  for (const f of RECEIVER_FIELDS) if (!receiver[f]) at(["receiver", f], order ? "required: the order does not give it" : "required");
  if (receiver.phone && !VN_PHONE.test(receiver.phone)) at(["receiver", "phone"], "the order's phone is not a Vietnamese number (0 and 9 digits): give receiver.phone");
  if (Boolean(input.warehouseCode) === Boolean(input.pickup)) at(["warehouseCode"], "give exactly one of warehouseCode or pickup");
  if (order && input.senderOrderCode) at(["senderOrderCode"], "not with orderId: the order's storeOrderId becomes the soc");
  if (!order && !input.goods) at(["goods"], "required without orderId");
  if (weight === undefined) at(["weightGrams"], "required without orderId");
  else if (weight < 1 || weight > MAX_GRAMS) at(["weightGrams"], `the order's items weigh ${weight} g, outside 1–${MAX_GRAMS}: give weightGrams`);
  if (issues.length > 0) throw new InputValidationError(issues);

  const path = (prefix: string) => ({ province: ["input", prefix, "province"], district: ["input", prefix, "district"], commune: ["input", prefix, "commune"] });
  const area = (a: { province?: string | null; district?: string | null; commune?: string | null }) => ({ province: a.province!, district: a.district!, commune: a.commune! });
  const areas = await resolveAreas(ctx, {
    receiver: { names: area(receiver), paths: path("receiver") },
    ...(input.pickup ? { pickup: { names: area(input.pickup), paths: path("pickup") } } : {}),
  });
  const p = input.pickup && areas.pickup;
  return {
    ...(p
      ? {
          pickupPhone: input.pickup!.phone,
          pickupAddress: input.pickup!.address,
          pickupProvince: p.province,
          pickupDistrict: p.district,
          pickupCommune: p.commune,
          pickupName: orNone(input.pickup!.name),
          pickupContact: orNone(input.pickup!.contact),
        }
      : { pickupCode: input.warehouseCode! }),
    name: receiver.name!,
    phone: receiver.phone!,
    email: orNone(receiver.email),
    address: receiver.address!,
    ...areas.receiver,
    commune: areas.receiver.commune!,
    amount: input.codAmount,
    // HyperSKU amounts are USD and this API has no exchange rate: without declaredValue the value is 0 (no insurance).
    value: input.declaredValue ?? (order?.subtotal.currency === "VND" ? Math.round(Number(order.subtotal.amount)) : 0),
    weight: weight!,
    // The cross-provider link: Order.delivery finds this delivery by soc = storeOrderId.
    soc: order?.storeOrderId ?? orNone(input.senderOrderCode),
    note: orNone(input.note),
    config: input.inspection,
    payer: input.payer,
    ...(products ? { products } : { product: input.goods! }),
  };
}

const WIRE_PATHS: Readonly<Record<string, string[]>> = {
  pickup_code: ["warehouseCode"],
  amount: ["codAmount"],
  value: ["declaredValue"],
  weight: ["weightGrams"],
  config: ["inspection"],
  product: ["goods"],
};

/** SuperShip's 422 `errors` bag (wire field → messages) on this mutation's input paths. */
export function issuesFromFieldErrors(fieldErrors: Readonly<Record<string, string[]>>, fromOrder: boolean): Issue[] {
  const pathOf = (field: string): string[] => {
    if (field === "soc") return [fromOrder ? "orderId" : "senderOrderCode"];
    if (field.startsWith("products")) return ["orderId"];
    if (WIRE_PATHS[field]) return WIRE_PATHS[field];
    if (field.startsWith("pickup_")) return ["pickup", field.slice("pickup_".length)];
    if (["name", "phone", "email", "address", "province", "district", "commune"].includes(field)) return ["receiver", field];
    return [field];
  };
  return Object.entries(fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ path: ["input", ...pathOf(field)], message })));
}
