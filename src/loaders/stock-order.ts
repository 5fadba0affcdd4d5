import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import type { StockOrder } from "../providers/hypersku/schemas/stock-order.js";
import { loadBatch } from "./batch.js";
import type { LoaderContext } from "./context.js";
import { loaderOptions } from "./schedule.js";

/** Stock orders by id: getStockOrderInfo with a stockOrderIds filter. */
export const stockOrderLoading = {
  loaderOptions: loaderOptions(hyperskuEndpoints.getStockOrderInfo.maxBatch),
  load: (ids: readonly string[], ctx: LoaderContext): Promise<(StockOrder | Error)[]> =>
    loadBatch(
      ids,
      ctx,
      "StockOrder",
      async (batch) => (await ctx.hypersku.getStockOrderInfo({ page: 1, limit: batch.length, stockOrderIds: batch })).rows,
      (s) => s.id,
    ),
};

/** The stock-order listing's largest page. */
export const STOCK_ORDER_PAGE_MAX = hyperskuEndpoints.getStockOrderInfo.maxBatch;
