import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { Amount, Count, Id, PageRequest, Timestamp } from "./shared.js";

/** Products (SPU) and SKUs (hypersku-api.md §4.4, §4.5); the answers are the graph's Product and Sku. */

export const SkuAttributesDto = z.object({ attrName: z.string(), attrValue: z.string() });

/** A SKU: parsed from SkuInfoDto, output as the graph's Sku. */
export const SkuInfoDto = z
  .object({
    skuId: Id,
    productId: Id,
    skuCode: z.string().nullish(),
    price: Amount,
    currencyCode: z.string().default("USD"),
    /** grams (§8) */
    weight: Count,
    imgUrl: z.string().nullish(),
    attributes: z.array(SkuAttributesDto).default([]),
  })
  .transform((dto) => ({
    /** HyperSKU's SKU id (19 digits, kept as a string). */
    id: dto.skuId,
    productId: dto.productId,
    code: dto.skuCode ?? null,
    price: toMoney(dto.price, dto.currencyCode),
    weightGrams: dto.weight,
    imageUrl: dto.imgUrl ?? null,
    attributes: dto.attributes.map((a) => ({ name: a.attrName, value: a.attrValue })),
  }));
export type Sku = z.output<typeof SkuInfoDto>;

/** A product: parsed from ProductInfoDto, output as the graph's Product. */
export const ProductInfoDto = z
  .object({
    productId: Id,
    title: z.string(),
    description: z.string().nullish(),
    mainImage: z.string().nullish(),
    images: z.array(z.string()).default([]),
    categoryName: z.string().nullish(),
    currencyCode: z.string().default("USD"),
    skuList: z.array(SkuInfoDto).default([]),
    crtTime: Timestamp.nullish(),
    updTime: Timestamp.nullish(),
  })
  .transform((dto) => ({
    id: dto.productId,
    title: dto.title,
    description: dto.description ?? null,
    images: [...new Set([dto.mainImage, ...dto.images].filter((u): u is string => Boolean(u)))],
    category: dto.categoryName ?? null,
    currency: dto.currencyCode,
    skus: dto.skuList,
    createdAt: dto.crtTime ?? null,
    updatedAt: dto.updTime ?? null,
  }));
export type Product = z.output<typeof ProductInfoDto>;

export const GetPrivateProductReq = PageRequest.extend({ productIds: z.array(z.string()).max(50).optional() });
