import { deductOrder, releaseOrder } from "./inventory-ops.js";
import { findChannel } from "./logistics.js";
import { WAREHOUSES } from "./seed/vocab.js";
import type { AccountData, HyperskuData, SimOrder } from "./state.js";
import { finishParcel, newParcel } from "./tracking.js";

/**
 * The customer-order state machine (hypersku-api.md §6.1 codes, §10 flow):
 *
 *   8 Pending Sourcing → 1 Pending Payment → 9 Payment in Progress → (1 | 2 Processing)
 *   → 3 Ready to Ship → (4 Shipping | 14 Split Shipment) → 5 Delivered → 6 Closed
 *
 * with side exits 7 Refunding (once paid), 10 Overdue (unpaid too long) and 11 Returned (a
 * shipped parcel came back). Which statuses allow cancel and address changes is INVENTED (§4.9,
 * §4.13 say only "before purchasing / shipment").
 */

export const ORDER_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14] as const;
export const SHIPPED_STATUSES: ReadonlySet<number> = new Set([4, 5, 11, 14]);

/** cancelOrder: only before HyperSKU starts purchasing. */
export const CANCELLABLE: ReadonlySet<number> = new Set([8, 1]);
/** updateOrderAddress: until the goods are in the warehouse ready to ship. */
export const ADDRESS_EDITABLE: ReadonlySet<number> = new Set([8, 1, 2]);

const TRANSITIONS: Readonly<Record<number, readonly number[]>> = {
  8: [1, 6],
  1: [9, 6, 10],
  9: [1, 2],
  2: [3, 7],
  3: [4, 14, 7],
  4: [5, 11, 7],
  14: [5, 11, 7],
  5: [6, 7],
  7: [6],
  10: [6],
  11: [7, 6],
  6: [],
};

const HAPPY_NEXT: Readonly<Record<number, number>> = { 8: 1, 1: 9, 9: 2, 2: 3, 3: 4, 4: 5, 14: 5, 5: 6, 7: 6, 10: 6, 11: 6 };

export function canTransition(from: number, to: number): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

export function nextHappyStatus(from: number): number | undefined {
  return HAPPY_NEXT[from];
}

/**
 * Moves an order and applies the side effects: payment time, parcels and stock DEDUCT on
 * shipping, final tracking events, stock RELEASE when an unshipped order ends.
 */
export function transition(data: HyperskuData, account: AccountData, order: SimOrder, to: number, at: number): { ok: true } | { ok: false; reason: string } {
  if (!canTransition(order.status, to)) return { ok: false, reason: `order status ${order.status} cannot move to ${to}` };
  if (to === 2) order.paymentTime ??= at;
  if (to === 4 || to === 14) {
    const carriers = findChannel(order.logisticsId)?.carriers ?? ["YunExpress"];
    const parcels = to === 14 ? 2 : 1;
    for (let i = 0; i < parcels; i++) order.parcels.push(newParcel(data.rng, data.rng.pick(carriers), data.rng.pick(WAREHOUSES), order.address, at));
    deductOrder(account, data.ids, order, at);
  }
  if (to === 5 || to === 11) {
    for (const parcel of order.parcels) {
      if (parcel.status !== "Delivered" && parcel.status !== "Returned") finishParcel(parcel, order.address, to === 5 ? "delivered" : "returned", at);
    }
  }
  if (to === 6 || to === 7 || to === 10) releaseOrder(account, data.ids, order, at);
  order.status = to;
  order.updTime = at;
  return { ok: true };
}
