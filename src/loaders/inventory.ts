import type { Context } from "../context.js";
import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import { toInventory, type Inventory } from "../resolvers/inventory.js";
import { loadInChunks } from "./batch.js";

/**
 * Stock levels by SKU id: getCustomerInventoryInfo, at most 100 ids a call. A SKU the merchant
 * holds no stock of is simply absent from the answer (a NotFoundError here, null on Sku.inventory).
 */
export function loadInventory(skuIds: readonly string[], ctx: Context): Promise<(Inventory | Error)[]> {
  const max = hyperskuEndpoints.getCustomerInventoryInfo.maxBatch;
  return loadInChunks(
    skuIds,
    { max, batching: ctx.app.batching, entity: "Inventory" },
    async (chunk) => (await ctx.hypersku.getCustomerInventoryInfo(chunk)).map(toInventory),
    (i) => i.skuId,
  );
}
