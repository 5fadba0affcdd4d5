import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { normalizeOrderStatus } from "../../../domain/order-status.js";
import { Amount, Count, Id, PageRequest, TableData, Timestamp } from "./shared.js";

/** Customer orders (hypersku-api.md §4.9–§4.13); OrderResult answers the graph's Order. */

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

/** An order's shipping address as HyperSKU returns it, output as the graph's Address. */
export const OrderAddressInfo = ShippingAddressDto.extend({ countryName: z.string().nullish(), countryCode: z.string() }).transform((a) => ({
  firstName: a.firstName,
  lastName: a.lastName,
  line1: a.address,
  line2: a.addressContinued ?? null,
  city: a.city ?? null,
  province: a.province ?? null,
  postalCode: a.zipCode ?? null,
  countryCode: a.countryCode,
  countryName: a.countryName ?? null,
  phone: a.phone ?? null,
  email: a.email ?? null,
}));
export type Address = z.output<typeof OrderAddressInfo>;

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
  amount: Amount,
  freight: Amount.default(0),
  actualAmount: Amount,
  currencyCode: z.string().default("USD"),
  logisticsId: Id.nullish(),
  logisticsName: z.string().nullish(),
  crtTime: Timestamp,
  paymentTime: Timestamp.nullish(),
  updTime: Timestamp.nullish(),
});
export type OrderBaseInfo = z.output<typeof OrderBaseInfo>;

export const OrderItemInfo = z
  .object({
    id: Id,
    productId: Id,
    skuId: Id,
    goodsName: z.string(),
    attrStr: z.string().nullish(),
    imgUrl: z.string().nullish(),
    num: Count,
    unitPrice: Amount,
    currencyCode: z.string().default("USD"),
    weight: Count.nullish(),
    /** 1 = filled from the merchant's own stock (§6.3). */
    isInventory: Count.default(0),
  })
  .transform((i) => ({
    id: i.id,
    productId: i.productId,
    skuId: i.skuId,
    title: i.goodsName,
    attributes: i.attrStr ?? null,
    imageUrl: i.imgUrl ?? null,
    quantity: i.num,
    unitPrice: toMoney(i.unitPrice, i.currencyCode),
    weightGrams: i.weight ?? null,
    fromMerchantStock: i.isInventory === 1,
  }));
export type OrderItem = z.output<typeof OrderItemInfo>;

/** One order with its lines and address, output as the graph's Order. */
export const OrderResult = z
  .object({
    orderBaseInfo: OrderBaseInfo,
    orderItemInfos: z.array(OrderItemInfo).default([]),
    orderAddressInfo: OrderAddressInfo.nullish(),
  })
  .transform(({ orderBaseInfo: b, orderItemInfos, orderAddressInfo }) => {
    const { status, label } = normalizeOrderStatus(b.status);
    return {
      /** HyperSKU's order id (19 digits, kept as a string). */
      id: b.orderId,
      /** The merchant's store order id: the key SuperShip deliveries carry as `soc`. */
      storeOrderId: b.storeOrderId,
      storeOrderName: b.storeOrderName ?? null,
      statusCode: b.status,
      status,
      statusLabel: label,
      items: orderItemInfos,
      shippingAddress: orderAddressInfo ?? null,
      subtotal: toMoney(b.amount, b.currencyCode),
      shippingFee: toMoney(b.freight, b.currencyCode),
      total: toMoney(b.actualAmount, b.currencyCode),
      logisticsId: b.logisticsId ?? null,
      logisticsName: b.logisticsName ?? null,
      createdAt: b.crtTime,
      paidAt: b.paymentTime ?? null,
      updatedAt: b.updTime ?? null,
    };
  });
export type Order = z.output<typeof OrderResult>;

/**
 * OrderCreateResponse [DOC name]: the only answer a source shows is the [3P] fixture
 * `{orderBaseInfo: {orderId: 123}}` (addendum #5), so only `orderId` is required; the other
 * OrderBaseInfo fields are read when present. createOrder reads the order back by its id
 * (resolvers/order-mutations.ts), so nothing else of this answer is needed.
 */
export const OrderCreateResponse = z.object({
  // Without the read defaults (freight 0, USD): a field the answer leaves out stays undefined.
  orderBaseInfo: OrderBaseInfo.extend({ freight: Amount, currencyCode: z.string() }).partial().required({ orderId: true }),
});
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
/**
 * getOrdersStatus' answer: the docs name it ObjectRestResponse«OrderStatusInfo» (addendum #7),
 * possibly one object rather than an array, so both are read, as a list. An absent `data` is
 * no status known (INF).
 */
export const OrderStatusInfo = z.preprocess((v) => (Array.isArray(v) ? v : v == null ? [] : [v]), z.array(OrdersStatusResDto));

export const CancelOrderReq = z.object({ orderId: z.string().min(1) });
export const UpdateOrderAddressReq = z.object({ orderId: z.string().min(1), shippingAddress: ShippingAddressDto });

// --- Lookup by the merchant's store order id (addendum #6) ---

/** `getOrdersByExternalOrderId` body [3P]: `storeCode` is the integrator's setting (HYPERSKU_STORE_CODE). */
export const GetOrdersByExternalOrderIdReq = z.object({ storeCode: z.string().min(1), storeOrderId: z.string().min(1) });
export type GetOrdersByExternalOrderIdReq = z.input<typeof GetOrdersByExternalOrderIdReq>;

/**
 * What both lookups by store order id answer, as a list [INF]: the reference guesses
 * ObjectRestResponse«OrderResult» (one order, what the simulator sends); the plural name and
 * HyperSKU's duplicate store order ids suggest a list; a `TableData` page and an empty `data`
 * (no match) are accepted too. Rows keep the provider's order; callers pick the newest.
 */
export const OrdersByStoreOrderId = z.union([
  z.array(OrderResult),
  TableData(OrderResult).transform((page) => page.rows),
  OrderResult.transform((order) => [order]),
  z
    .null()
    .optional()
    .transform((): Order[] => []),
]);
