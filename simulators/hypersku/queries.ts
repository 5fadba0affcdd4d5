import { compareIds } from "./ids.js";
import type { AccountData, SimOrder } from "./state.js";

/** Read-side helpers shared by routes: one account's orders in listing order, lookups. */

/** Listing order of getOrderInfos: newest crtTime first, then orderId ascending. */
export function byNewest(a: SimOrder, b: SimOrder): number {
  return b.crtTime - a.crtTime || compareIds(a.orderId, b.orderId);
}

/**
 * The order a store order id names. Duplicate thirdOrderIds are allowed (see order-writes.ts),
 * so several orders may share one: the newest wins, as a "find latest" query would.
 */
export function findByStoreOrderId(account: AccountData, storeOrderId: string): SimOrder | undefined {
  let found: SimOrder | undefined;
  for (const order of account.orders.values()) {
    if (order.storeOrderId === storeOrderId && (!found || byNewest(order, found) < 0)) found = order;
  }
  return found;
}
