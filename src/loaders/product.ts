import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import type { Product } from "../providers/hypersku/schemas/product.js";
import { loadBatch } from "./batch.js";
import type { LoaderContext } from "./context.js";
import { loaderOptions } from "./schedule.js";

/** Products by id: getPrivateProduct with a productIds filter. */
export const productLoading = {
  loaderOptions: loaderOptions(hyperskuEndpoints.getPrivateProduct.maxBatch),
  load: (ids: readonly string[], ctx: LoaderContext): Promise<(Product | Error)[]> =>
    loadBatch(
      ids,
      ctx,
      "Product",
      async (batch) => (await ctx.hypersku.getPrivateProduct({ page: 1, limit: batch.length, productIds: batch })).rows,
      (p) => p.id,
    ),
};

/** The catalogue listing's largest page. */
export const PRODUCT_PAGE_MAX = hyperskuEndpoints.getPrivateProduct.maxBatch;
