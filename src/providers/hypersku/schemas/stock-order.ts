import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { normalizeStockOrderStatus } from "../../../domain/stock-order-status.js";
import { Amount, Count, Id, PageRequest, Timestamp } from "./shared.js";

/** Stock-up orders (hypersku-api.md §4.14, §6.3). */

/** A stock-up order (internal order type 6, §6.3): a bulk purchase to pre-stock inventory. */
export const StockOrderDto = z
  .object({
    stockOrderId: Id,
    status: Count,
    amount: Amount,
    currencyCode: z.string().default("USD"),
    items: z.array(z.object({ skuId: Id, productId: Id, num: Count, receivedNum: Count.default(0) })).default([]),
    crtTime: Timestamp,
    arrivalTime: Timestamp.nullish(),
  })
  .transform((dto) => ({
    /** HyperSKU's stock order id (kept as a string). */
    id: dto.stockOrderId,
    statusCode: dto.status,
    status: normalizeStockOrderStatus(dto.status),
    amount: toMoney(dto.amount, dto.currencyCode),
    items: dto.items.map((i) => ({ productId: i.productId, skuId: i.skuId, quantity: i.num, receivedQuantity: i.receivedNum })),
    createdAt: dto.crtTime,
    arrivedAt: dto.arrivalTime ?? null,
  }));
export type StockOrder = z.output<typeof StockOrderDto>;
export const GetStockOrderInfoReq = PageRequest.extend({ stockOrderIds: z.array(z.string()).max(100).optional() });
