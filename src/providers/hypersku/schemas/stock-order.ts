import { z } from "zod";
import { toMoney } from "../../../domain/money.js";
import { normalizeStockOrderStatus } from "../../../domain/stock-order-status.js";
import { Amount, Count, Id, PageRequest, Timestamp } from "./shared.js";

/** Stock-up orders (hypersku-api.md §4.14, §6.3). */

/**
 * A stock-up order (internal order type 6, §6.3): a bulk purchase to pre-stock inventory.
 *
 * INFERRED, every field: HyperSKU's complete schema list (the docs' sidebar, addendum #9) has no
 * stock-order DTO, so this shape is ours (and the simulator's). Only `stockOrderId` is required;
 * whatever else is missing is null in the graph (status UNKNOWN, no items), never a made-up
 * value. Correct it when the real answer is known.
 */
export const StockOrderDto = z
  .object({
    stockOrderId: Id,
    status: Count.nullish(),
    amount: Amount.nullish(),
    currencyCode: z.string().nullish(),
    items: z.array(z.object({ skuId: Id, productId: Id, num: Count, receivedNum: Count.nullish() })).nullish(),
    crtTime: Timestamp.nullish(),
    arrivalTime: Timestamp.nullish(),
  })
  .transform((dto) => ({
    /** HyperSKU's stock order id (kept as a string). */
    id: dto.stockOrderId,
    statusCode: dto.status ?? null,
    status: dto.status == null ? ("UNKNOWN" as const) : normalizeStockOrderStatus(dto.status),
    amount: dto.amount == null ? null : toMoney(dto.amount, dto.currencyCode ?? "USD"),
    items: (dto.items ?? []).map((i) => ({ productId: i.productId, skuId: i.skuId, quantity: i.num, receivedQuantity: i.receivedNum ?? 0 })),
    createdAt: dto.crtTime ?? null,
    arrivedAt: dto.arrivalTime ?? null,
  }));
export type StockOrder = z.output<typeof StockOrderDto>;
export const GetStockOrderInfoReq = PageRequest.extend({ stockOrderIds: z.array(z.string()).max(100).optional() });
