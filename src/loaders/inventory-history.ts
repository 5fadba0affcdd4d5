import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import type { Context } from "../context.js";
import { BUSINESS_CODES } from "../providers/hypersku/endpoints.js";
import type { OrderInventoryHistoryDto } from "../providers/hypersku/schemas.js";
import { isHyperskuCode } from "../resolvers/order.js";
import { loadEach, NotFoundError } from "./batch.js";

/**
 * Stock movements by HyperSKU order id. getInventoryHistoryByOrderId takes one order per call
 * (hypersku-api.md §4.14, no batch form), so one call per distinct order of a request.
 */
const historyLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, OrderInventoryHistoryDto[]>((orderIds) =>
      loadEach(orderIds, async (orderId) => {
        try {
          return await ctx.hypersku.getInventoryHistoryByOrderId(orderId);
        } catch (e) {
          throw isHyperskuCode(e, BUSINESS_CODES.notFound) ? new NotFoundError("Order", orderId) : e;
        }
      }),
    ),
);

export function loadInventoryHistory(ctx: Context, orderId: string): Promise<OrderInventoryHistoryDto[]> {
  return historyLoader(ctx).load(orderId);
}
