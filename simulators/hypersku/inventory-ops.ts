import type { IdSequence } from "./ids.js";
import type { AccountData, HistoryType, SimOrder } from "./state.js";

/**
 * Merchant stock moved by orders (hypersku-api.md §4.14, INF). A line is filled from stock
 * (`isInventory: 1`) only when the whole quantity is available at creation: LOCK moves it from
 * available to reserved; shipping DEDUCTs it from reserved; closing, refunding or expiring an
 * unshipped order RELEASEs it back to available. `balanceQty` is the available quantity after
 * the movement, so a DEDUCT leaves it unchanged.
 */

function record(account: AccountData, ids: IdSequence, order: SimOrder, skuId: string, type: HistoryType, changeQty: number, at: number) {
  const level = account.inventory.get(skuId);
  if (!level) return;
  level.updTime = at;
  account.history.push({ id: ids.next("history"), orderId: order.orderId, skuId, changeQty, type, balanceQty: level.availableQty, crtTime: at });
}

/** Marks the lines stock can fill and locks their quantity. */
export function lockOrder(account: AccountData, ids: IdSequence, order: SimOrder, at: number): void {
  for (const item of order.items) {
    const level = account.inventory.get(item.skuId);
    if (!level || level.availableQty < item.num) continue;
    item.isInventory = 1;
    level.availableQty -= item.num;
    level.reservedQty += item.num;
    record(account, ids, order, item.skuId, "LOCK", -item.num, at);
  }
}

/** Quantity per SKU this order still holds locked (LOCK minus DEDUCT and RELEASE). */
export function outstandingLocks(account: AccountData, orderId: string): Map<string, number> {
  const held = new Map<string, number>();
  for (const h of account.history) {
    if (h.orderId !== orderId) continue;
    const delta = h.type === "LOCK" ? -h.changeQty : h.type === "RELEASE" ? -h.changeQty : h.type === "DEDUCT" ? h.changeQty : 0;
    held.set(h.skuId, (held.get(h.skuId) ?? 0) + delta);
  }
  return held;
}

/** The parcel left the warehouse: locked stock is consumed. */
export function deductOrder(account: AccountData, ids: IdSequence, order: SimOrder, at: number): void {
  for (const [skuId, qty] of outstandingLocks(account, order.orderId)) {
    const level = account.inventory.get(skuId);
    if (!level || qty <= 0) continue;
    level.reservedQty -= qty;
    record(account, ids, order, skuId, "DEDUCT", -qty, at);
  }
}

/** The order will not ship: locked stock goes back to available. */
export function releaseOrder(account: AccountData, ids: IdSequence, order: SimOrder, at: number): void {
  for (const [skuId, qty] of outstandingLocks(account, order.orderId)) {
    const level = account.inventory.get(skuId);
    if (!level || qty <= 0) continue;
    level.reservedQty -= qty;
    level.availableQty += qty;
    record(account, ids, order, skuId, "RELEASE", qty, at);
  }
}
