import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { NotFoundError, withoutStack } from "../domain/errors.js";
import { isSupershipNotFound } from "../providers/supership/envelope.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import { loadEach } from "./batch.js";
import type { LoaderContext } from "./context.js";

/**
 * Deliveries by SuperShip code and by the sender's order code (soc). orders/info takes one
 * order per call (supership-api.md §5 C4, §8 "Batching"), so both make one call per distinct key.
 */

/** By code (orders/info type 1): a 404 is a NotFoundError at the key's index. */
export function loadDeliveries(codes: readonly string[], ctx: LoaderContext): Promise<(Delivery | Error)[]> {
  return loadEach(codes, async (code): Promise<Delivery | Error> => {
    try {
      return await ctx.supership.orderInfo(code);
    } catch (e) {
      if (isSupershipNotFound(e)) return withoutStack(() => new NotFoundError("Delivery", code));
      throw e;
    }
  });
}

/**
 * By soc (orders/info type 2, since docs v1.0.8): null when no delivery carries it. SuperShip
 * does not promise a soc is unique (§8 "Idempotency"); it answers one order for it.
 */
export function loadDeliveriesBySoc(socs: readonly string[], ctx: LoaderContext): Promise<(Delivery | null | Error)[]> {
  return loadEach(socs, async (soc) => {
    try {
      return await ctx.supership.orderInfo(soc, { by: "soc" });
    } catch (e) {
      if (isSupershipNotFound(e)) return null;
      throw e;
    }
  });
}

/** The request's by-soc loader; `Order.delivery` primes the by-code loader with what it finds. */
export const deliveriesBySoc = createContextCache((ctx: LoaderContext) => new DataLoader<string, Delivery | null>((socs) => loadDeliveriesBySoc(socs, ctx)));
