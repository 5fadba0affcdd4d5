import { z } from "zod";
import { Count, Id, Money, pageFields, WireTime } from "./common.js";

/**
 * Merchant stock (hypersku-api.md §4.14). Methods, paths and fields were all "not found"; the
 * doc names CustomerInventoryDto, OrderInventoryResult and OrderInventoryHistoryDto. Everything
 * here is the simulator's own model, kept from its behaviour so far.
 */

const stockLevels = {
  skuId: Id,
  productId: Id,
  availableQty: Count,
  reservedQty: Count,
  inTransitQty: Count,
  warehouseName: z.string().nullable(),
  updTime: WireTime,
};

export const GetCustomerInventoryReq = z.strictObject({ skuIds: z.array(Id).min(1).max(100) });
export const CustomerInventoryDto = z.looseObject(stockLevels);

export const GetInventoryInfoReq = z.strictObject({ ...pageFields, skuIds: z.array(Id).max(100).optional() });
export const OrderInventoryResult = z.looseObject({ ...stockLevels, goodsName: z.string(), attrStr: z.string().nullable(), imgUrl: z.string().nullable() });

/** One stock movement; `type` LOCK | DEDUCT | RELEASE | INBOUND is the simulator's vocabulary. */
export const OrderInventoryHistoryDto = z.looseObject({
  id: Id,
  orderId: Id,
  skuId: Id,
  changeQty: Count,
  type: z.enum(["LOCK", "DEDUCT", "RELEASE", "INBOUND"]),
  balanceQty: Count.nullable(),
  crtTime: WireTime,
});

/**
 * Stock-up orders (internal order type 6, §6.3). Addendum #9: the sidebar's schema list is
 * complete and holds no stock-order DTO, so this shape is the simulator's invention, kept
 * because today's client reads it; the real answer must use one of the listed schemas.
 */
export const GetStockOrderInfoReq = z.strictObject({ ...pageFields, stockOrderIds: z.array(Id).max(100).optional() });
export const StockOrderDto = z.looseObject({
  stockOrderId: Id,
  status: Count,
  amount: Money,
  currencyCode: z.string(),
  items: z.array(z.looseObject({ skuId: Id, productId: Id, num: Count, receivedNum: Count })),
  crtTime: WireTime,
  arrivalTime: WireTime.nullable(),
});
