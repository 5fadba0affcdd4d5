import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import type { Context } from "../context.js";
import { BUSINESS_CODES } from "../providers/hypersku/endpoints.js";
import { parseShipmentKey, toInternationalShipments, type InternationalShipment } from "../resolvers/international-shipment.js";
import { isHyperskuCode } from "../resolvers/order.js";
import { loadEach, NotFoundError } from "./batch.js";

/**
 * International parcels by store order id. internationalLogisticsInfo takes one id per call and
 * has no batch form (hypersku-api.md §4.8), so a request makes one call per distinct store
 * order; the loader lives on the request context and dies with it.
 */
const parcelsLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, InternationalShipment[]>((storeOrderIds) =>
      loadEach(storeOrderIds, async (storeOrderId) => {
        try {
          return toInternationalShipments(await ctx.hypersku.internationalLogisticsInfo(storeOrderId));
        } catch (e) {
          throw isHyperskuCode(e, BUSINESS_CODES.notFound) ? new NotFoundError("Order", storeOrderId) : e;
        }
      }),
    ),
);

/** Every parcel of one store order (an unshipped order has none). */
export function loadParcels(ctx: Context, storeOrderId: string): Promise<InternationalShipment[]> {
  return parcelsLoader(ctx).load(storeOrderId);
}

/** InternationalShipment nodes by `<storeOrderId>:<trackingNumber>`, through the parcels loader. */
export function loadInternationalShipments(keys: readonly string[], ctx: Context): Promise<(InternationalShipment | Error)[]> {
  return Promise.all(
    keys.map(async (key) => {
      const parsed = parseShipmentKey(key);
      if (!parsed) return new NotFoundError("InternationalShipment", key);
      try {
        const parcels = await loadParcels(ctx, parsed.storeOrderId);
        return parcels.find((p) => p.trackingNumber === parsed.trackingNumber) ?? new NotFoundError("InternationalShipment", key);
      } catch (e) {
        if (e instanceof NotFoundError) return new NotFoundError("InternationalShipment", key);
        return e instanceof Error ? e : new Error(String(e));
      }
    }),
  );
}
