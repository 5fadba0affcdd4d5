/**
 * HyperSKU customer-order statuses (hypersku-api.md §6.1; integer codes from HyperSKU's
 * internal API, labels from its help centre), normalized. A code not in this table is
 * UNKNOWN — never an error: the raw code is always exposed beside it.
 */
export const ORDER_STATUSES = {
  1: { status: "PENDING_PAYMENT", label: "Pending Payment" },
  2: { status: "PROCESSING", label: "Processing" },
  3: { status: "READY_TO_SHIP", label: "Ready to Ship" },
  4: { status: "SHIPPING", label: "Shipping" },
  5: { status: "DELIVERED", label: "Delivered" },
  6: { status: "CLOSED", label: "Order Closed" },
  7: { status: "REFUNDING", label: "Refunding" },
  8: { status: "PENDING_SOURCING", label: "Pending Sourcing" },
  9: { status: "PAYMENT_IN_PROGRESS", label: "Pending in Progress" },
  10: { status: "OVERDUE", label: "Overdue" },
  11: { status: "RETURNED", label: "Returned" },
  14: { status: "SPLIT_SHIPMENT", label: "Split Shipment" },
} as const;

export type OrderStatus = (typeof ORDER_STATUSES)[keyof typeof ORDER_STATUSES]["status"] | "UNKNOWN";

export function normalizeOrderStatus(code: number): { status: OrderStatus; label: string | null } {
  const known = (ORDER_STATUSES as Record<number, { status: OrderStatus; label: string }>)[code];
  return known ?? { status: "UNKNOWN", label: null };
}

/** Statuses in which the order has not left HyperSKU's warehouse: no international parcel can exist yet. */
export const PRE_SHIPMENT_CODES: ReadonlySet<number> = new Set([8, 1, 9, 2, 3, 10]);

/**
 * Whether asking HyperSKU for international parcels can find any. Orders still in a
 * pre-shipment status are answered from here with no call: a parcel exists only once the order
 * has left the warehouse. Unknown codes, and statuses reachable both before and after shipping
 * (6 Closed, 7 Refunding), are asked about.
 */
export const mayHaveParcels = (statusCode: number) => !PRE_SHIPMENT_CODES.has(statusCode);
