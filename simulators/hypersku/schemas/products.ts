import { z } from "zod";
import { Count, Id, Money, pageFields, WireTime } from "./common.js";

/**
 * Products (hypersku-api.md §4.4, §4.5). Method, path, parameters and every field were "not
 * found"; the doc only names ProductInfoDto, SkuInfoDto, SkuAttributesDto and a paged
 * TableData«ProductInfoDto». The fields below are what the simulator has always served.
 */

/** §4.4 [INF] paged; the optional productIds filter is the simulator's batch form (max 50, its own cap). */
export const GetPrivateProductReq = z.strictObject({ ...pageFields, productIds: z.array(Id).max(50).optional() });

/** [INF] name/value variant attributes (§7). */
export const SkuAttributesDto = z.looseObject({ attrName: z.string(), attrValue: z.string() });

export const SkuInfoDto = z.looseObject({
  skuId: Id,
  productId: Id,
  skuCode: z.string().nullable(),
  price: Money,
  currencyCode: z.string(),
  /** grams (§8) */
  weight: Count,
  imgUrl: z.string().nullable(),
  attributes: z.array(SkuAttributesDto),
});

/** [INF] an SPU with its SKUs (§4.5). */
export const ProductInfoDto = z.looseObject({
  productId: Id,
  title: z.string(),
  description: z.string().nullable(),
  mainImage: z.string().nullable(),
  images: z.array(z.string()),
  categoryName: z.string().nullable(),
  currencyCode: z.string(),
  skuList: z.array(SkuInfoDto),
  crtTime: WireTime,
  updTime: WireTime,
});
