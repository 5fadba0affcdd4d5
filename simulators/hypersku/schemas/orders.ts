import { z } from "zod";
import { Count, Id, Money, pageFields, WireTime } from "./common.js";

/**
 * Orders (hypersku-api.md §4.9–§4.13, addendum #5–#7). The create body's field names are [3P]
 * (§4.11); the only answer field any source shows is `orderBaseInfo.orderId` (the [3P] create
 * fixture). Fields marked "sim" are the simulator's own, kept from its behaviour so far.
 */

/**
 * ShippingAddressDto: [3P] sends only firstName, lastName, countryCode (§4.11), so only
 * firstName and countryCode are required; the rest is modelled on the [INT] order address.
 */
export const ShippingAddressDto = z.strictObject({
  firstName: z.string().min(1),
  lastName: z.string().optional(),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
  address: z.string().min(1).optional(),
  addressContinued: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  zipCode: z.string().nullish(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
});

/** OrdersGoodsDto [3P]: `{num, skuId}`; ids may be numbers (§8, addendum #5). */
export const OrdersGoodsDto = z.strictObject({ skuId: Id, num: z.number().int().positive() });

/** OrdersInfoDto, the create body [3P §4.11]. `remark` is sim. */
export const OrdersInfoDto = z.strictObject({
  thirdOrderId: Id,
  thirdOrderName: z.string().optional(),
  logisticsId: Id,
  shippingAddress: ShippingAddressDto,
  skuItems: z.array(OrdersGoodsDto).min(1),
  remark: z.string().optional(),
});

/** OrderBaseInfo as the simulator serves it in order reads: `orderId` [3P], the rest sim. */
export const OrderBaseInfo = z.looseObject({
  orderId: Id,
  storeOrderId: z.string(),
  storeOrderName: z.string().nullable(),
  /** §6.1 [INT] integers; the doc warns the public enum may differ. */
  status: Count,
  amount: Money,
  freight: Money,
  actualAmount: Money,
  currencyCode: z.string(),
  currencySymbol: z.string(),
  logisticsId: Id,
  logisticsName: z.string(),
  crtTime: WireTime,
  paymentTime: WireTime.nullable(),
  updTime: WireTime,
});

/**
 * OrderCreateResponse: the [3P] fixture (addendum #5) is `{orderBaseInfo: {orderId: 123}}` and
 * nothing else, so only `orderId` is required of a create answer; the simulator sends the rest.
 */
export const OrderCreateResponse = z.looseObject({ orderBaseInfo: OrderBaseInfo.partial().required({ orderId: true }) });

/** OrderItemInfo: sim, after the [INT] analogue (§7). */
export const OrderItemInfo = z.looseObject({
  id: Id,
  productId: Id,
  skuId: Id,
  goodsName: z.string(),
  attrStr: z.string().nullable(),
  imgUrl: z.string().nullable(),
  num: Count,
  unitPrice: Money,
  currencyCode: z.string(),
  weight: Count,
  isInventory: z.union([z.literal(0), z.literal(1)]),
});

/** OrderAddressInfo: the address as stored, plus countryName (sim, §4.13). */
export const OrderAddressInfo = ShippingAddressDto.extend({ lastName: z.string(), address: z.string(), countryName: z.string() }).loose();

/** OrderResult [INF §4.10]: orderBaseInfo plus lines and address. */
export const OrderResult = z.looseObject({
  orderBaseInfo: OrderBaseInfo,
  orderItemInfos: z.array(OrderItemInfo),
  orderAddressInfo: OrderAddressInfo,
});

/** getOrderInfos body: sim (the doc has no fields, §4.10); filters ANDed, caps 50. */
export const GetOrderInfosReq = z.strictObject({
  ...pageFields,
  orderIds: z.array(Id).max(50).optional(),
  storeOrderIds: z.array(z.string()).max(50).optional(),
  status: z.number().int().optional(),
});

/** `getOrdersByExternalOrderId` [3P, addendum #6]: storeCode comes from the integrator's config. */
export const ExternalOrderReq = z.strictObject({ storeCode: z.string().optional(), storeOrderId: z.string().min(1) });

/** OrdersStatusDto [3P §4.12]: a bare JSON array of order ids, e.g. `[123, 456]`. Cap 100 is sim. */
export const OrdersStatusDto = z.array(Id).min(1).max(100);

/**
 * One row per known id. The doc's answer name is ObjectRestResponse«OrderStatusInfo», "possibly
 * one object" (addendum #7); the simulator keeps answering an array, as it always has.
 */
export const OrdersStatusResDto = z.looseObject({ orderId: Id, storeOrderId: z.string(), status: Count, updTime: WireTime });
/** OrderStatusInfo [DOC name], one object (addendum #7): fields not found, so only an order id and a status are required. */
export const OrderStatusInfo = z.looseObject({ orderId: Id, status: Count });

/** cancelOrder and updateOrderAddress bodies: not found (§4.9, §4.13); sim. */
export const CancelOrderReq = z.strictObject({ orderId: Id });
export const UpdateOrderAddressReq = z.strictObject({ orderId: Id, shippingAddress: ShippingAddressDto });
