import { z } from "zod";
import { Count, Id, Money, WireTime } from "./common.js";

/**
 * Logistics (hypersku-api.md §4.6–§4.8, addendum #8). Paths and the getLogisticsSku body are
 * [3P]; the answers' fields were not found beyond the [3P] mock `[{countryCode: "US"}]`, so the
 * rest is what the simulator has always served, modelled on the [INT] analogue where §4.8 has one.
 */

/** §4.6: the [3P] mock shows only countryCode, so only it is required. */
export const CountryCodeReponseDto = z.looseObject({
  countryCode: z.string().regex(/^[A-Z]{2}$/),
  countryName: z.string().optional(),
  regionCodes: z.array(z.looseObject({ regionCode: z.string(), regionName: z.string() })).optional(),
});

/** §4.7 [3P]: upper-case ISO alpha-2 and a non-empty skuItems; the item shape `{skuId, num}` is [INF]. */
export const LogisticsRequestDto = z.strictObject({
  countryCode: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2, upper case"),
  skuItems: z.array(z.strictObject({ skuId: Id, num: z.number().int().positive() })).min(1),
});

export const LogisticsReponseDto = z.looseObject({
  logisticsId: Id,
  logisticsName: z.string(),
  freight: Money,
  currencyCode: z.string(),
  minDeliveryDays: Count.nullable(),
  maxDeliveryDays: Count.nullable(),
  details: z.array(z.looseObject({ skuId: Id, num: Count, weight: Count, freight: Money })),
});

/** ObjectRestResponse«LogisticsResult» is in the schema list (§4.7); its one list field is the simulator's. */
export const LogisticsResult = z.looseObject({ logisticsList: z.array(LogisticsReponseDto) });

/** §4.8 [INT analogue]: one tracking event. */
export const OrdersLogisticsTrackInfoVo = z.looseObject({
  processDate: WireTime,
  processContent: z.string(),
  processLocation: z.string().nullable(),
});

/**
 * One parcel. The simulator keeps the [INT] spelling `truckInfo` (§4.8), the only spelling any
 * source shows; a client must read it.
 */
export const OrdersLogisticsDto = z.looseObject({
  trackingNumber: z.string(),
  expressDelivery: z.string(),
  initialTrackingNumber: z.string().nullable(),
  warehouse: z.string().nullable(),
  truckInfo: z.looseObject({ trackingNumber: z.string(), status: z.string(), list: z.array(OrdersLogisticsTrackInfoVo) }),
});

export const InternationalLogisticsInfo = z.looseObject({
  storeOrderId: z.string(),
  orderId: Id,
  logisticsList: z.array(OrdersLogisticsDto),
});
