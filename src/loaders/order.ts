import type { Context } from "../context.js";
import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import { toOrder, type Order } from "../resolvers/order.js";
import { loadInChunks } from "./batch.js";

/** Orders by HyperSKU order id: getOrderInfos with an orderIds filter, at most 50 ids a call. */
export function loadOrders(ids: readonly string[], ctx: Context): Promise<(Order | Error)[]> {
  const max = hyperskuEndpoints.getOrderInfos.maxBatch;
  return loadInChunks(
    ids,
    { max, batching: ctx.app.batching, entity: "Order" },
    async (chunk) => (await ctx.hypersku.getOrderInfos({ page: 1, limit: chunk.length, orderIds: chunk })).rows.map(toOrder),
    (o) => o.id,
  );
}
