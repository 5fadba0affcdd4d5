import { createContextCache } from "@pothos/core";
import DataLoader from "dataloader";
import { NotFoundError, withoutStack } from "../domain/errors.js";
import { isSupershipNotFound } from "../providers/supership/envelope.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import { loadEach } from "./batch.js";
import type { DeliveryCacheView, LoaderContext } from "./context.js";

/**
 * Deliveries by SuperShip code and by the sender's order code (soc). orders/info takes one
 * order per call (supership-api.md §5 C4, §8 "Batching"), so both make one call per distinct key
 * the delivery cache (ctx.deliveryCache, docs/decisions/028-delivery-cache.md) has no fresh
 * answer for; what SuperShip answers refreshes the cache. `live` skips the cache's answer.
 */

interface LoadOptions {
  live?: boolean;
}

/** By code (orders/info type 1): a 404 is a NotFoundError at the key's index. */
export async function loadDeliveries(codes: readonly string[], ctx: LoaderContext, { live = false }: LoadOptions = {}): Promise<(Delivery | Error)[]> {
  const cache = ctx.deliveryCache;
  const cached = cache && !live ? await cache.fresh(codes) : [];
  const missing = codes.filter((_, i) => !cached[i]);
  const askedAt = cache?.now() ?? 0;
  const fetched = await loadEach(missing, async (code): Promise<Delivery | Error> => {
    try {
      return await ctx.supership.orderInfo(code);
    } catch (e) {
      if (isSupershipNotFound(e)) return withoutStack(() => new NotFoundError("Delivery", code));
      throw e;
    }
  });
  await cache?.record(
    fetched.filter((d): d is Delivery => !(d instanceof Error)),
    askedAt,
  );
  const byCode = new Map(missing.map((code, i) => [code, fetched[i] as Delivery | Error]));
  return codes.map((code, i) => cached[i] ?? (byCode.get(code) as Delivery | Error));
}

/**
 * By soc (orders/info type 2, since docs v1.0.8): null when no delivery carries it. SuperShip
 * does not promise a soc is unique (§8 "Idempotency"); it answers one order for it (the newest).
 */
export async function loadDeliveriesBySoc(socs: readonly string[], ctx: LoaderContext, { live = false }: LoadOptions = {}): Promise<(Delivery | null | Error)[]> {
  const cache = ctx.deliveryCache;
  const known = cache && !live ? await cachedBySoc(cache, socs) : [];
  const missing = socs.filter((_, i) => known[i] === undefined);
  const askedAt = cache?.now() ?? 0;
  const fetched = await loadEach(missing, async (soc) => {
    try {
      return await ctx.supership.orderInfo(soc, { by: "soc" });
    } catch (e) {
      if (isSupershipNotFound(e)) return null;
      throw e;
    }
  });
  await Promise.all(missing.map((soc, i) => (fetched[i] instanceof Error ? undefined : cache?.recordSoc(soc, fetched[i] as Delivery | null, askedAt))));
  const bySoc = new Map(missing.map((soc, i) => [soc, fetched[i] as Delivery | null | Error]));
  return socs.map((soc, i) => (known[i] !== undefined ? (known[i] as Delivery | null) : (bySoc.get(soc) as Delivery | null | Error)));
}

/** What the cache answers fresh for each soc: the delivery, null (SuperShip has none), undefined (ask SuperShip). */
async function cachedBySoc(cache: DeliveryCacheView, socs: readonly string[]): Promise<(Delivery | null | undefined)[]> {
  const codes = await cache.freshSocs(socs);
  const named = [...new Set(codes.filter((c): c is string => typeof c === "string"))];
  const entries = new Map(named.map((code, i) => [code, i]));
  const deliveries = named.length ? await cache.fresh(named) : [];
  return codes.map((code) => (typeof code === "string" ? deliveries[entries.get(code) as number] : code));
}

/** The request's by-soc loader; `Order.delivery` primes the by-code loader with what it finds. */
export const deliveriesBySoc = createContextCache((ctx: LoaderContext) => new DataLoader<string, Delivery | null>((socs) => loadDeliveriesBySoc(socs, ctx)));

/** The same lookups with the cache's answers skipped (`live: true` fields): SuperShip's answer, which refreshes the cache. */
export const liveDeliveries = createContextCache((ctx: LoaderContext) => new DataLoader<string, Delivery>((codes) => loadDeliveries(codes, ctx, { live: true })));
export const liveDeliveriesBySoc = createContextCache(
  (ctx: LoaderContext) => new DataLoader<string, Delivery | null>((socs) => loadDeliveriesBySoc(socs, ctx, { live: true })),
);
