import type { Context } from "../context.js";
import { ProviderBusinessError } from "../providers/errors.js";
import { BUSINESS_CODES } from "../providers/hypersku/endpoints.js";
import type { ProductInfoDto, SkuInfoDto } from "../providers/hypersku/schemas.js";
import { toMoney, type Money } from "./money.js";

/** HyperSKU products (SPU) and SKUs as the graph models them. */

export interface SkuAttribute {
  name: string;
  value: string;
}

export interface Sku {
  /** HyperSKU's SKU id (19 digits, kept as a string). */
  id: string;
  productId: string;
  code: string | null;
  price: Money;
  weightGrams: number;
  imageUrl: string | null;
  attributes: SkuAttribute[];
}

export interface Product {
  id: string;
  title: string;
  description: string | null;
  images: string[];
  category: string | null;
  currency: string;
  skus: Sku[];
  createdAt: string | null;
  updatedAt: string | null;
}

export function toSku(dto: SkuInfoDto): Sku {
  return {
    id: dto.skuId,
    productId: dto.productId,
    code: dto.skuCode ?? null,
    price: toMoney(dto.price, dto.currencyCode),
    weightGrams: dto.weight,
    imageUrl: dto.imgUrl ?? null,
    attributes: dto.attributes.map((a) => ({ name: a.attrName, value: a.attrValue })),
  };
}

export function toProduct(dto: ProductInfoDto): Product {
  const images = [...new Set([dto.mainImage, ...dto.images].filter((u): u is string => Boolean(u)))];
  return {
    id: dto.productId,
    title: dto.title,
    description: dto.description ?? null,
    images,
    category: dto.categoryName ?? null,
    currency: dto.currencyCode,
    skus: dto.skuList.map(toSku),
    createdAt: dto.crtTime ?? null,
    updatedAt: dto.updTime ?? null,
  };
}

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
  try {
    return toProduct(await ctx.hypersku.getProductInfo(productId));
  } catch (e) {
    if (e instanceof ProviderBusinessError && e.providerCode === String(BUSINESS_CODES.notFound)) return null;
    throw e;
  }
}
