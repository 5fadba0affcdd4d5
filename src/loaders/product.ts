import type { Context } from "../context.js";
import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import { toProduct, type Product } from "../resolvers/product.js";
import { loadInChunks } from "./batch.js";

/** Products by id: getPrivateProduct with a productIds filter, at most 50 ids a call. */
export function loadProducts(ids: readonly string[], ctx: Context): Promise<(Product | Error)[]> {
  const max = hyperskuEndpoints.getPrivateProduct.maxBatch;
  return loadInChunks(
    ids,
    { max, batching: ctx.app.batching, entity: "Product" },
    async (chunk) => (await ctx.hypersku.getPrivateProduct({ page: 1, limit: chunk.length, productIds: chunk })).rows.map(toProduct),
    (p) => p.id,
  );
}
