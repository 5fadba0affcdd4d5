import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import type { Order } from "../providers/hypersku/schemas/order.js";
import { loadBatch } from "./batch.js";
import type { LoaderContext } from "./context.js";
import { loaderOptions } from "./schedule.js";

/** Orders by HyperSKU order id: getOrderInfos with an orderIds filter. */
export const orderLoading = {
  loaderOptions: loaderOptions(hyperskuEndpoints.getOrderInfos.maxBatch),
  load: (ids: readonly string[], ctx: LoaderContext): Promise<(Order | Error)[]> =>
    loadBatch(
      ids,
      ctx,
      "Order",
      async (batch) => (await ctx.hypersku.getOrderInfos({ page: 1, limit: batch.length, orderIds: batch })).rows,
      (o) => o.id,
    ),
};

/** The listing's largest page (getOrderInfos' maxBatch). */
export const ORDER_PAGE_MAX = hyperskuEndpoints.getOrderInfos.maxBatch;
