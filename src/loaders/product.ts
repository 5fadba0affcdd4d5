import { createContextCache } from "@pothos/core";
import { hyperskuEndpoints } from "../providers/hypersku/endpoints.js";
import type { Product } from "../providers/hypersku/schemas/product.js";
import { loadBatch } from "./batch.js";
import type { LoaderContext } from "./context.js";
import { loaderOptions } from "./schedule.js";

const MAX_BATCH = hyperskuEndpoints.getPrivateProduct.maxBatch;

/**
 * Products by id: getPrivateProduct with a productIds filter, for the ids the catalogue cache
 * (ctx.catalogue, src/loaders/catalogue-cache.ts) does not hold; what HyperSKU answers is kept.
 * The loader itself has no maxBatchSize: the misses of a tick, not its keys, are split into
 * calls of at most maxBatch ids, so a part-warm cache still costs ⌈misses/maxBatch⌉ calls.
 */
export const productLoading = {
  loaderOptions: loaderOptions(),
  load: async (ids: readonly string[], ctx: LoaderContext): Promise<(Product | Error)[]> => {
    const cache = ctx.catalogue;
    const cached = cache ? await cache.products(ids) : [];
    const missing = ids.filter((_, i) => !cached[i]);
    const chunks: string[][] = [];
    for (let i = 0; i < missing.length; i += MAX_BATCH) chunks.push(missing.slice(i, i + MAX_BATCH));
    const fetched = (await Promise.all(chunks.map((chunk) => fetchProducts(chunk, ctx)))).flat();
    await cache?.record(fetched.filter((p): p is Product => !(p instanceof Error)));
    const byId = new Map(missing.map((id, i) => [id, fetched[i] as Product | Error]));
    const results = ids.map((id, i) => cached[i] ?? (byId.get(id) as Product | Error));
    const loaded = loadedProducts(ctx);
    for (const p of results) if (!(p instanceof Error)) loaded.set(p.id, p);
    return results;
  },
};

/**
 * The products this request has loaded, by id. A SKU is loaded through its product, so
 * `Sku.product` answers from here, synchronously, instead of a second (cached) load through
 * the loader, whose answer is always a promise settled with its next batch (ADR 041).
 */
export const loadedProducts = createContextCache((_ctx: LoaderContext) => new Map<string, Product>());

const fetchProducts = (ids: readonly string[], ctx: LoaderContext) =>
  loadBatch(
    ids,
    ctx,
    "Product",
    async (batch) => (await ctx.hypersku.getPrivateProduct({ page: 1, limit: batch.length, productIds: batch })).rows,
    (p) => p.id,
  );

/** The catalogue listing's largest page. */
export const PRODUCT_PAGE_MAX = MAX_BATCH;
