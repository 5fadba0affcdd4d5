import type { Money } from "../domain/money.js";
import { ProviderRejectedError } from "../domain/provider-errors.js";
import { PRODUCT_PAGE_MAX } from "../loaders/product.js";
import { BUSINESS_CODES } from "../providers/hypersku/endpoints.js";
import type { Product, Sku } from "../providers/hypersku/schemas/product.js";
import type { Context } from "./context.js";
import { type ConnectionArgs, pagedConnection } from "./paging.js";

/** What Product and Sku fields compute beyond HyperSKU's answer (src/providers/hypersku/schemas/product.ts). */

/** Cheapest and dearest SKU price; null for a product without SKUs. */
export function priceRange(p: Product): { min: Money; max: Money } | null {
  if (p.skus.length === 0) return null;
  const sorted = [...p.skus].sort((a, b) => Number(a.price.amount) - Number(b.price.amount));
  return { min: sorted[0]!.price, max: sorted.at(-1)!.price };
}

/** A SKU's node key carries its product, because HyperSKU looks SKUs up through their product. */
export const skuKey = (s: Pick<Sku, "productId" | "id">) => `${s.productId}:${s.id}`;
export function parseSkuKey(key: string): { productId: string; skuId: string } | null {
  const [productId, skuId, extra] = key.split(":");
  return productId && skuId && extra === undefined ? { productId, skuId } : null;
}

/**
 * One product by id, or null: HyperSKU answers a business error (60004, INF: hypersku-api.md
 * §5.2) for an id it does not know and for another merchant's product alike.
 */
export async function findProduct(ctx: Context, productId: string): Promise<Product | null> {
  const [cached] = (await ctx.catalogue?.products([productId])) ?? [];
  if (cached) return cached;
  try {
    const product = await ctx.hypersku.getProductInfo(productId);
    await ctx.catalogue?.record([product]);
    return product;
  } catch (e) {
    if (e instanceof ProviderRejectedError && e.providerCode === String(BUSINESS_CODES.notFound)) return null;
    throw e;
  }
}

/**
 * The merchant's private products, as HyperSKU orders them (getPrivateProduct). The listing
 * itself is always asked (a product added at HyperSKU shows at once); its rows fill the
 * catalogue cache, so their products by id cost nothing afterwards.
 */
export const listProducts = (ctx: Context, args: ConnectionArgs) =>
  pagedConnection(args, { maxPage: PRODUCT_PAGE_MAX }, async (page, limit) => {
    const answer = await ctx.hypersku.getPrivateProduct({ page, limit });
    await ctx.catalogue?.record(answer.rows);
    return answer;
  });
