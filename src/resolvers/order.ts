import { ORDER_STATUSES, type OrderStatus } from "../domain/order-status.js";
import { ORDER_PAGE_MAX } from "../loaders/order.js";
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
