import { newOrderCode, sortingFor } from "./codes.js";
import { FEE_RULES, insuranceFee, shipmentFee } from "./fees.js";
import type { Order, Shop, SupershipState } from "./state.js";
import { AT_RECEIVER, JOURNEY_NOTES, REASONS } from "./status-table.js";

/** Order lifecycle: creation (§11.4), status changes (§11.7) and re-weighing. No HTTP here. */

export type NewOrder = Pick<
  Order,
  "pickup" | "receiver" | "amount" | "value" | "weight" | "soc" | "note" | "service" | "config" | "payer" | "product" | "products" | "barter"
>;

export const COMMUNE_UNVERIFIED_NOTE = "Phường/Xã của địa chỉ nhận có thể không chính xác, vui lòng kiểm tra lại.";

export function createOrder(state: SupershipState, shop: Shop, input: NewOrder, at: number): Order {
  const { code, shortcode } = newOrderCode(state, shop.code, input.pickup.area, input.receiver.area);
  const same = input.pickup.area.province.code === input.receiver.area.province.code;
  const order: Order = {
    ...input,
    code,
    shortcode,
    sorting: sortingFor(input.receiver.area),
    shop: shop.code,
    fees: {
      shipment: shipmentFee(same, input.weight),
      insurance: insuranceFee(input.value),
      return: 0,
      barter: input.barter === "1" ? FEE_RULES.barterFee : 0,
      address: 0,
    },
    partial: "0",
    status: "1",
    reasonCode: "",
    journeys: [],
    // Docs §5 C4: note type "5" warns that the commune may be inaccurate.
    notes: input.receiver.area.commune.code === null ? [{ at, type: "5", note: COMMUNE_UNVERIFIED_NOTE }] : [],
    createdAt: at,
    updatedAt: at,
    webhookUrl: shop.webhook?.url ?? null,
  };
  addJourney(order, "1", at);
  // Auto-approved in the same second, as in the docs' create example and journey example.
  applyStatus(order, "2", at);
  state.orders.set(order.code, order);
  if (order.soc) {
    const key = `${order.shop} ${order.soc}`;
    const latest = state.latestBySoc.get(key);
    if (!latest || order.createdAt >= latest.createdAt) state.latestBySoc.set(key, order);
  }
  return order;
}

function addJourney(order: Order, status: string, at: number, reasonCode = ""): void {
  const place = AT_RECEIVER.has(status) ? order.receiver.area : order.pickup.area;
  const reason = reasonCode ? (REASONS[reasonCode] ?? "Lý do khác") : "";
  order.journeys.push({
    at,
    status,
    province: place.province.name,
    district: place.district.name,
    note: reason ? `${JOURNEY_NOTES[status]}: ${reason}` : (JOURNEY_NOTES[status] ?? ""),
  });
}

/** Moves the order to `to` (the caller has checked the transition is allowed). */
export function applyStatus(order: Order, to: string, at: number, reasonCode = ""): void {
  order.status = to;
  order.reasonCode = reasonCode;
  order.updatedAt = at;
  if (to === "13") order.partial = "1";
  if (to === "24") order.fees.return = Math.round(order.fees.shipment * FEE_RULES.returnFeeShare);
  addJourney(order, to, at, reasonCode);
}

/** Re-weighing recomputes the shipment fee with the same (invented) formula. */
export function setWeight(order: Order, weight: number, at: number): void {
  const same = order.pickup.area.province.code === order.receiver.area.province.code;
  order.weight = weight;
  order.fees.shipment = shipmentFee(same, weight);
  order.updatedAt = at;
}

/** `type=2` lookups: the shop's most recent order with that soc (duplicates are allowed). */
export function findBySoc(state: SupershipState, shop: string, soc: string): Order | undefined {
  return state.latestBySoc.get(`${shop} ${soc}`);
}

export function findOwnOrder(state: SupershipState, shop: string, code: string): Order | undefined {
  const order = state.orders.get(code);
  return order && order.shop === shop ? order : undefined;
}
