import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { NotFoundError } from "../domain/errors.js";
import { BUSINESS_CODES, isHyperskuCode } from "../providers/hypersku/endpoints.js";
import type { InternationalShipment } from "../providers/hypersku/schemas/logistics.js";
import { loadEach } from "./batch.js";
import type { LoaderContext } from "./context.js";

/**
 * International parcels by store order id. internationalLogisticsInfo takes one id per call and
 * has no batch form (hypersku-api.md §4.8), so a request makes one call per distinct store
 * order; the loader lives on the request context and dies with it.
 */
const parcelsLoader = createContextCache(
  (ctx: LoaderContext) =>
    new DataLoader<string, InternationalShipment[]>((storeOrderIds) =>
      loadEach(storeOrderIds, async (storeOrderId) => {
        try {
          return await ctx.hypersku.internationalLogisticsInfo(storeOrderId);
        } catch (e) {
          throw isHyperskuCode(e, BUSINESS_CODES.notFound) ? new NotFoundError("Order", storeOrderId) : e;
        }
      }),
    ),
);

/** Every parcel of one store order (an unshipped order has none). */
export function loadParcels(ctx: LoaderContext, storeOrderId: string): Promise<InternationalShipment[]> {
  return parcelsLoader(ctx).load(storeOrderId);
}

/** InternationalShipment nodes by `<storeOrderId>:<trackingNumber>`, through the parcels loader. */
/** Node key `<storeOrderId>:<trackingNumber>`; split at the last colon, as store order ids are the merchant's free text. */
export const shipmentKey = (s: Pick<InternationalShipment, "storeOrderId" | "trackingNumber">) => `${s.storeOrderId}:${s.trackingNumber}`;
export function parseShipmentKey(key: string): { storeOrderId: string; trackingNumber: string } | null {
  const at = key.lastIndexOf(":");
  if (at <= 0 || at === key.length - 1) return null;
  return { storeOrderId: key.slice(0, at), trackingNumber: key.slice(at + 1) };
}

export function loadInternationalShipments(keys: readonly string[], ctx: LoaderContext): Promise<(InternationalShipment | Error)[]> {
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
