import type { InternationalShipment } from "../providers/hypersku/schemas/logistics.js";

/** HyperSKU's international parcels (internationalLogisticsInfo, hypersku-api.md §4.8): keys and ownership. */

/**
 * HyperSKU finds parcels by store order id, and with several orders under one store order id
 * (allowed, §4.11) it answers for one of them: keep only parcels it says belong to `orderId`.
 */
export function parcelsOfOrder(orderId: string, parcels: readonly InternationalShipment[]): InternationalShipment[] {
  return parcels.filter((p) => p.orderId === null || p.orderId === orderId);
}
