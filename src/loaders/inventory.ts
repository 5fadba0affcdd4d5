import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import type { Inventory } from "../providers/hypersku/schemas/inventory.js";
import { loadBatch } from "./batch.js";
import type { LoaderContext } from "./context.js";
import { loaderOptions } from "./schedule.js";

/**
 * Stock levels by SKU id: getCustomerInventoryInfo. A SKU the merchant holds no stock of is
 * simply absent from the answer (a NotFoundError here, null on Sku.inventory).
 */
export const inventoryLoading = {
  loaderOptions: loaderOptions(hyperskuEndpoints.getCustomerInventoryInfo.maxBatch),
  load: (skuIds: readonly string[], ctx: LoaderContext): Promise<(Inventory | Error)[]> =>
    loadBatch(
      skuIds,
      ctx,
      "Inventory",
      (batch) => ctx.hypersku.getCustomerInventoryInfo(batch),
      (i) => i.skuId,
    ),
};

/** The inventory listing's largest page (getInventoryInfo). */
export const INVENTORY_PAGE_MAX = hyperskuEndpoints.getInventoryInfo.maxBatch;
