/**
 * Status codes, INFERRED: no public text lists them (hypersku-api.md §4.14); these are close to
 * the internal purchase-order codes of §6.2. A code not here is UNKNOWN, with the raw value on
 * `statusCode`.
 */
export const STOCK_ORDER_STATUSES = {
  1: "PENDING_REVIEW",
  2: "PURCHASING",
  3: "IN_TRANSIT",
  4: "STOCKED_IN",
  5: "CANCELLED",
} as const;

export type StockOrderStatus = (typeof STOCK_ORDER_STATUSES)[keyof typeof STOCK_ORDER_STATUSES] | "UNKNOWN";

export const normalizeStockOrderStatus = (code: number): StockOrderStatus => STOCK_ORDER_STATUSES[code as keyof typeof STOCK_ORDER_STATUSES] ?? "UNKNOWN";
