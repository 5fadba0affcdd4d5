import type { Context } from "../context.js";
import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import { toStockOrder, type StockOrder } from "../resolvers/stock-order.js";
import { loadInChunks } from "./batch.js";

/** Stock orders by id: getStockOrderInfo with a stockOrderIds filter, at most 100 ids a call. */
export function loadStockOrders(ids: readonly string[], ctx: Context): Promise<(StockOrder | Error)[]> {
  const max = hyperskuEndpoints.getStockOrderInfo.maxBatch;
  return loadInChunks(
    ids,
    { max, batching: ctx.app.batching, entity: "StockOrder" },
    async (chunk) => (await ctx.hypersku.getStockOrderInfo({ page: 1, limit: chunk.length, stockOrderIds: chunk })).rows.map(toStockOrder),
    (s) => s.id,
  );
}
