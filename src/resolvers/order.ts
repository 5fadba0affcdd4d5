import type { Config } from "../config.js";
import { InputValidationError } from "../domain/errors.js";
import { ORDER_STATUSES, type OrderStatus } from "../domain/order-status.js";
import { ORDER_PAGE_MAX } from "../loaders/order.js";
import { BUSINESS_CODES, isHyperskuCode } from "../providers/hypersku/endpoints.js";
import type { InventoryMovementRecord } from "../providers/hypersku/schemas/inventory.js";
import type { Order } from "../providers/hypersku/schemas/order.js";
import type { Context } from "./context.js";
import { type ConnectionArgs, pagedConnection } from "./paging.js";

/** What Order fields and the orders listing compute beyond HyperSKU's answer (src/providers/hypersku/schemas/order.ts). */

/** The orders listing, newest first (getOrderInfos), filtered by status and store order id. */
export function listOrders(ctx: Context, args: ConnectionArgs & { status?: OrderStatus | null; storeOrderId?: string | null }) {
  const code = Object.entries(ORDER_STATUSES).find(([, s]) => s.status === args.status)?.[0];
  return pagedConnection(args, { maxPage: ORDER_PAGE_MAX }, (page, limit) =>
    ctx.hypersku.getOrderInfos({
      page,
      limit,
      status: code === undefined ? undefined : Number(code),
      storeOrderIds: args.storeOrderId ? [args.storeOrderId] : undefined,
    }),
  );
}

/** An order draws on merchant stock only through lines marked `isInventory` (§6.3). */
export const usesMerchantStock = (order: Order) => order.items.some((i) => i.fromMerchantStock);

/** A stock movement with its product, taken from the order's line for its SKU (the movement names only the SKU). */
export type InventoryMovement = InventoryMovementRecord & { productId: string | null };

/** The order's stock movements, oldest first. */
export function toInventoryMovements(records: readonly InventoryMovementRecord[], order: Order): InventoryMovement[] {
  return records
    .map((r) => ({ ...r, productId: order.items.find((i) => i.skuId === r.skuId)?.productId ?? null }))
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
}

/** What `order(...)` looks up: exactly one of its two keys, or an InputValidationError naming both. */
export function orderLookupKey(args: { orderId?: string | null; storeOrderId?: string | null }): { orderId: string } | { storeOrderId: string } {
  const { orderId, storeOrderId } = args;
  const given = (v: string | null | undefined): v is string => v !== undefined && v !== null;
  if (given(orderId) && given(storeOrderId)) throw new InputValidationError([{ path: "storeOrderId", message: "give orderId or storeOrderId, not both" }]);
  if (given(storeOrderId)) {
    if (storeOrderId.trim() === "") throw new InputValidationError([{ path: "storeOrderId", message: "must not be empty" }]);
    return { storeOrderId };
  }
  if (given(orderId)) return { orderId };
  throw new InputValidationError([{ path: "orderId", message: "give orderId or storeOrderId" }]);
}

export type OrderLookup = "external" | "filter";

/**
 * How a store order id is looked up: `external` (getOrdersByExternalOrderId, 3P) needs
 * HYPERSKU_STORE_CODE; without one it is `filter` (getOrderInfos' storeOrderIds, inferred).
 * src/app.ts warns at start when that fallback is in force.
 */
export function orderLookup(config: Pick<Config, "HYPERSKU_ORDER_LOOKUP" | "HYPERSKU_STORE_CODE">): OrderLookup {
  return config.HYPERSKU_ORDER_LOOKUP === "external" && config.HYPERSKU_STORE_CODE ? "external" : "filter";
}

/**
 * The newest order with this store order id (HyperSKU allows several), or null when there is
 * none. Newest: the latest `createdAt`; on a tie, the larger (later issued) order id.
 */
export async function findOrderByStoreOrderId(ctx: Context, storeOrderId: string): Promise<Order | null> {
  return newestOrder(await findOrdersByStoreOrderId(ctx, storeOrderId));
}

/** Every order with exactly this store order id (none: an empty list), as `findOrderByStoreOrderId` looks them up. */
export async function findOrdersByStoreOrderId(ctx: Context, storeOrderId: string): Promise<Order[]> {
  const { config } = ctx.app;
  let orders: Order[];
  try {
    orders =
      orderLookup(config) === "external"
        ? await ctx.hypersku.getOrdersByExternalOrderId({ storeCode: config.HYPERSKU_STORE_CODE ?? "", storeOrderId })
        : (await ctx.hypersku.getOrderInfos({ page: 1, limit: ORDER_PAGE_MAX, storeOrderIds: [storeOrderId] })).rows;
  } catch (e) {
    if (isHyperskuCode(e, BUSINESS_CODES.notFound)) return [];
    throw e;
  }
  // Only exact matches: a provider that reads the id loosely must not hand us another order.
  return orders.filter((o) => o.storeOrderId === storeOrderId);
}

export function newestOrder(orders: readonly Order[]): Order | null {
  let newest: Order | null = null;
  for (const order of orders) if (!newest || isNewer(order, newest)) newest = order;
  return newest;
}

function isNewer(a: Order, b: Order): boolean {
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byTime !== 0) return byTime > 0;
  return a.id.length !== b.id.length ? a.id.length > b.id.length : a.id > b.id;
}
