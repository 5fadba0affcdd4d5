import { z } from "zod";

/**
 * HyperSKU's wire contract, part 2: zod schemas for every request and response body.
 * Schema names follow the docs' sidebar (typos kept: "Acces", "Reponse"); field lists are
 * inferred (hypersku-api.md §7) unless marked DOC. Objects are not strict: unknown fields
 * pass through unseen, so an additive change upstream never breaks us.
 */

// --- shared shapes -----------------------------------------------------------------------

/** 64-bit ids: the wire may send strings or numbers; we keep strings and never do arithmetic (§8). */
export const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

/** "yyyy-MM-dd HH:mm:ss" in China time (UTC+8, §8) or ISO 8601; normalised to ISO 8601 with offset. */
export const Timestamp = z.string().transform((value, ctx) => {
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value);
  const iso = local ? `${local[1]}T${local[2]}+08:00` : value;
  if (Number.isNaN(Date.parse(iso))) {
    ctx.addIssue({ code: "custom", message: `not a timestamp: ${value}` });
    return z.NEVER;
  }
  return iso;
});

const Money = z.coerce.number().finite();
const Count = z.coerce.number().int();

/** AG-Admin BaseResponse (§5.1). `status` 200 (or 0 per 3P) means success; see HYPERSKU_SUCCESS_CODES. */
export const BaseResponse = z.object({
  status: z.coerce.number().int(),
  message: z.string().nullish(),
  msg: z.string().nullish(),
  rel: z.boolean().nullish(),
  data: z.unknown().optional(),
});
export type BaseResponse = z.infer<typeof BaseResponse>;

export const TableData = <T extends z.ZodType>(row: T) => z.object({ total: Count, rows: z.array(row) });

export const PageRequest = z.object({ page: z.number().int().min(1), limit: z.number().int().min(1).max(100) });

// --- authentication (§3) -------------------------------------------------------------------

export const LoginReqDto = z.object({ username: z.string().min(1), password: z.string().min(1) });

/** LoginResDto: fields not found; 3P reads token|accessToken, the internal API returns a bare string. */
export const LoginResDto = z
  .union([
    z.string().min(1).transform((token) => ({ accessToken: token, expiresIn: null as number | null })),
    z
      .object({ token: z.string().min(1).optional(), accessToken: z.string().min(1).optional(), expiresIn: Count.nullish() })
      .refine((v) => v.token ?? v.accessToken, "token missing")
      .transform((v) => ({ accessToken: (v.accessToken ?? v.token) as string, expiresIn: v.expiresIn ?? null })),
  ]);
export type LoginResDto = z.output<typeof LoginResDto>;

export const OAuth2AccesTokenReq = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  code: z.string().min(1),
  redirectUri: z.string().min(1),
  grantType: z.literal("authorization_code"),
});

export const OAuth2RefreshTokenReq = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  grantType: z.literal("refresh_token"),
});

/** OAuth2TokenVo, DOC (response example on the accessToken page). Lifetimes in seconds. */
export const OAuth2TokenVo = z.object({
  accessToken: z.string().min(1),
  expiresIn: Count,
  refreshToken: z.string().min(1),
  refreshTokenExpireIn: Count.nullish(),
  scope: z.string().nullish(),
  userId: Id.nullish(),
});
export type OAuth2TokenVo = z.output<typeof OAuth2TokenVo>;

// --- products (§4.4, §4.5) -----------------------------------------------------------------

export const SkuAttributesDto = z.object({ attrName: z.string(), attrValue: z.string() });

export const SkuInfoDto = z.object({
  skuId: Id,
  productId: Id,
  skuCode: z.string().nullish(),
  price: Money,
  currencyCode: z.string().default("USD"),
  /** grams (§8) */
  weight: Count,
  imgUrl: z.string().nullish(),
  attributes: z.array(SkuAttributesDto).default([]),
});
export type SkuInfoDto = z.output<typeof SkuInfoDto>;

export const ProductInfoDto = z.object({
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
});
export type ProductInfoDto = z.output<typeof ProductInfoDto>;

export const GetPrivateProductReq = PageRequest.extend({ productIds: z.array(z.string()).max(50).optional() });

// --- logistics (§4.6–§4.8) -----------------------------------------------------------------

export const RegionCodeDto = z.object({ regionCode: z.string(), regionName: z.string() });
export const CountryCodeReponseDto = z.object({
  countryCode: z.string().length(2),
  countryName: z.string().nullish(),
  regionCodes: z.array(RegionCodeDto).default([]),
});
export type CountryCodeReponseDto = z.output<typeof CountryCodeReponseDto>;

export const SkuItemDto = z.object({ skuId: z.string().min(1), num: z.number().int().positive() });
export const LogisticsRequestDto = z.object({
  countryCode: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, upper case"),
  skuItems: z.array(SkuItemDto).min(1),
});

export const LogisticsDetailDto = z.object({ skuId: Id, num: Count, weight: Count, freight: Money });
export const LogisticsReponseDto = z.object({
  logisticsId: Id,
  logisticsName: z.string(),
  freight: Money,
  currencyCode: z.string().default("USD"),
  minDeliveryDays: Count.nullish(),
  maxDeliveryDays: Count.nullish(),
  details: z.array(LogisticsDetailDto).default([]),
});
export const LogisticsResult = z.object({ logisticsList: z.array(LogisticsReponseDto).default([]) });
export type LogisticsResult = z.output<typeof LogisticsResult>;

export const OrdersLogisticsTrackInfoVo = z.object({
  processDate: Timestamp,
  processContent: z.string(),
  processLocation: z.string().nullish(),
});
export const OrdersLogisticsTrackVo = z.object({
  trackingNumber: z.string().nullish(),
  status: z.string().nullish(),
  list: z.array(OrdersLogisticsTrackInfoVo).default([]),
});
/** One parcel. The internal API spells the track "truckInfo" (§4.8); both spellings are accepted. */
export const OrdersLogisticsDto = z.preprocess(
  (v) => (v && typeof v === "object" && "truckInfo" in v && !("trackInfo" in v) ? { ...v, trackInfo: (v as { truckInfo: unknown }).truckInfo } : v),
  z.object({
    trackingNumber: z.string(),
    expressDelivery: z.string(),
    initialTrackingNumber: z.string().nullish(),
    warehouse: z.string().nullish(),
    trackInfo: OrdersLogisticsTrackVo.nullish(),
  }),
);
export const InternationalLogisticsInfo = z.object({
  storeOrderId: z.string(),
  orderId: Id.nullish(),
  logisticsList: z.array(OrdersLogisticsDto).default([]),
});
export type InternationalLogisticsInfo = z.output<typeof InternationalLogisticsInfo>;

// --- orders (§4.9–§4.13) ------------------------------------------------------------------

export const ShippingAddressDto = z.object({
  firstName: z.string().min(1),
  lastName: z.string().default(""),
  address: z.string().min(1),
  addressContinued: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  zipCode: z.string().nullish(),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
  phone: z.string().nullish(),
  email: z.string().nullish(),
});
export type ShippingAddressDto = z.input<typeof ShippingAddressDto>;

export const OrderAddressInfo = ShippingAddressDto.extend({ countryName: z.string().nullish(), countryCode: z.string() });
export type OrderAddressInfo = z.output<typeof OrderAddressInfo>;

export const OrdersGoodsDto = z.object({ skuId: z.string().min(1), num: z.number().int().positive() });
export const OrdersInfoDto = z.object({
  /** The merchant's store order id: the cross-provider key (SuperShip `soc`). */
  thirdOrderId: z.string().min(1),
  thirdOrderName: z.string().optional(),
  logisticsId: z.string().min(1),
  shippingAddress: ShippingAddressDto,
  skuItems: z.array(OrdersGoodsDto).min(1),
  remark: z.string().optional(),
});
export type OrdersInfoDto = z.input<typeof OrdersInfoDto>;

export const OrderBaseInfo = z.object({
  orderId: Id,
  storeOrderId: z.string(),
  storeOrderName: z.string().nullish(),
  /** Customer-order status code (§6.1, INT integers). */
  status: Count,
  amount: Money,
  freight: Money.default(0),
  actualAmount: Money,
  currencyCode: z.string().default("USD"),
  logisticsId: Id.nullish(),
  logisticsName: z.string().nullish(),
  crtTime: Timestamp,
  paymentTime: Timestamp.nullish(),
  updTime: Timestamp.nullish(),
});
export type OrderBaseInfo = z.output<typeof OrderBaseInfo>;

export const OrderItemInfo = z.object({
  id: Id,
  productId: Id,
  skuId: Id,
  goodsName: z.string(),
  attrStr: z.string().nullish(),
  imgUrl: z.string().nullish(),
  num: Count,
  unitPrice: Money,
  currencyCode: z.string().default("USD"),
  weight: Count.nullish(),
  /** 1 = filled from the merchant's own stock (§6.3). */
  isInventory: Count.default(0),
});
export type OrderItemInfo = z.output<typeof OrderItemInfo>;

export const OrderResult = z.object({
  orderBaseInfo: OrderBaseInfo,
  orderItemInfos: z.array(OrderItemInfo).default([]),
  orderAddressInfo: OrderAddressInfo.nullish(),
});
export type OrderResult = z.output<typeof OrderResult>;

export const OrderCreateResponse = z.object({ orderBaseInfo: OrderBaseInfo });
export type OrderCreateResponse = z.output<typeof OrderCreateResponse>;

export const GetOrderInfosReq = PageRequest.extend({
  orderIds: z.array(z.string()).max(50).optional(),
  storeOrderIds: z.array(z.string()).max(50).optional(),
  status: z.number().int().optional(),
});

export const OrdersStatusDto = z.array(z.string().min(1)).min(1).max(100);
export const OrdersStatusResDto = z.object({
  orderId: Id,
  storeOrderId: z.string().nullish(),
  status: Count,
  updTime: Timestamp.nullish(),
});
export type OrdersStatusResDto = z.output<typeof OrdersStatusResDto>;

export const CancelOrderReq = z.object({ orderId: z.string().min(1) });
export const UpdateOrderAddressReq = z.object({ orderId: z.string().min(1), shippingAddress: ShippingAddressDto });

// --- inventory (§4.14) ---------------------------------------------------------------------

const StockLevels = {
  skuId: Id,
  productId: Id,
  availableQty: Count,
  reservedQty: Count,
  inTransitQty: Count,
  warehouseName: z.string().nullish(),
  updTime: Timestamp.nullish(),
};
/** The merchant's stock of one SKU in HyperSKU warehouses. */
export const CustomerInventoryDto = z.object(StockLevels);
export type CustomerInventoryDto = z.output<typeof CustomerInventoryDto>;
export const GetCustomerInventoryReq = z.object({ skuIds: z.array(z.string().min(1)).min(1).max(100) });

/** A row of the merchant's inventory listing. */
export const OrderInventoryResult = z.object({
  ...StockLevels,
  goodsName: z.string(),
  attrStr: z.string().nullish(),
  imgUrl: z.string().nullish(),
});
export type OrderInventoryResult = z.output<typeof OrderInventoryResult>;
export const GetInventoryInfoReq = PageRequest.extend({ skuIds: z.array(z.string()).max(100).optional() });

/** One stock movement caused by an order: negative quantities leave stock. */
export const OrderInventoryHistoryDto = z.object({
  id: Id,
  orderId: Id,
  skuId: Id,
  changeQty: Count,
  /** LOCK | DEDUCT | RELEASE | INBOUND (INF) */
  type: z.string(),
  balanceQty: Count.nullish(),
  crtTime: Timestamp,
});
export type OrderInventoryHistoryDto = z.output<typeof OrderInventoryHistoryDto>;

/** A stock-up order (internal order type 6, §6.3): a bulk purchase to pre-stock inventory. */
export const StockOrderDto = z.object({
  stockOrderId: Id,
  status: Count,
  amount: Money,
  currencyCode: z.string().default("USD"),
  items: z.array(z.object({ skuId: Id, productId: Id, num: Count, receivedNum: Count.default(0) })).default([]),
  crtTime: Timestamp,
  arrivalTime: Timestamp.nullish(),
});
export type StockOrderDto = z.output<typeof StockOrderDto>;
export const GetStockOrderInfoReq = PageRequest.extend({ stockOrderIds: z.array(z.string()).max(100).optional() });
