import type { StockOrderDto } from "../providers/hypersku/schemas.js";
import { toMoney, type Money } from "./money.js";

/** HyperSKU stock-up orders (internal order type 6, hypersku-api.md §6.3): bulk purchases that fill the merchant's inventory. */

/**
 * Status codes, INFERRED: no public text lists them (hypersku-api.md §4.14); these are the
 * simulator's (simulators/hypersku/seed/inventory.ts), close to the internal purchase-order
 * codes of §6.2. A code not here is UNKNOWN, with the raw value on `statusCode`.
 */
export const STOCK_ORDER_STATUSES = {
  1: "PENDING_REVIEW",
  2: "PURCHASING",
  3: "IN_TRANSIT",
  4: "STOCKED_IN",
  5: "CANCELLED",
} as const;

export type StockOrderStatus = (typeof STOCK_ORDER_STATUSES)[keyof typeof STOCK_ORDER_STATUSES] | "UNKNOWN";

export function normalizeStockOrderStatus(code: number): StockOrderStatus {
  return STOCK_ORDER_STATUSES[code as keyof typeof STOCK_ORDER_STATUSES] ?? "UNKNOWN";
}

export interface StockOrderItem {
  productId: string;
  skuId: string;
  quantity: number;
  receivedQuantity: number;
}

export interface StockOrder {
  /** HyperSKU's stock order id (kept as a string). */
  id: string;
  statusCode: number;
  status: StockOrderStatus;
  amount: Money;
  items: StockOrderItem[];
  createdAt: string;
  arrivedAt: string | null;
}

export function toStockOrder(dto: StockOrderDto): StockOrder {
  return {
    id: dto.stockOrderId,
    statusCode: dto.status,
    status: normalizeStockOrderStatus(dto.status),
    amount: toMoney(dto.amount, dto.currencyCode),
    items: dto.items.map((i) => ({ productId: i.productId, skuId: i.skuId, quantity: i.num, receivedQuantity: i.receivedNum })),
    createdAt: dto.crtTime,
    arrivedAt: dto.arrivalTime ?? null,
  };
}
