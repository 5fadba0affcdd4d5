import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { NotFoundError } from "../domain/errors.js";
import { BUSINESS_CODES, isHyperskuCode } from "../providers/hypersku/endpoints.js";
import type { InventoryMovementRecord } from "../providers/hypersku/schemas/inventory.js";
import { loadEach } from "./batch.js";
import type { LoaderContext } from "./context.js";

/**
 * Stock movements by HyperSKU order id. getInventoryHistoryByOrderId takes one order per call
 * (hypersku-api.md §4.14, no batch form), so one call per distinct order of a request.
 */
const historyLoader = createContextCache(
  (ctx: LoaderContext) =>
    new DataLoader<string, InventoryMovementRecord[]>((orderIds) =>
      loadEach(orderIds, async (orderId) => {
        try {
          return await ctx.hypersku.getInventoryHistoryByOrderId(orderId);
        } catch (e) {
          throw isHyperskuCode(e, BUSINESS_CODES.notFound) ? new NotFoundError("Order", orderId) : e;
        }
      }),
    ),
);

export function loadInventoryHistory(ctx: LoaderContext, orderId: string): Promise<InventoryMovementRecord[]> {
  return historyLoader(ctx).load(orderId);
}
