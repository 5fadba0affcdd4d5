import type DataLoader from "dataloader";
import { type DeliveryStatusRow, toDeliveryStatusRow } from "../domain/delivery-status.js";
import { NotFoundError } from "../domain/errors.js";
import type { Delivery } from "../providers/supership/schemas/order-info.js";
import type { Context } from "./context.js";
import { KNOWN_LIMIT } from "./delivery-cache.js";
import { type ConnectionArgs, type ConnectionResult, pagedConnection } from "./paging.js";

/** SuperShip's status table (orders/status, anonymous: the same for every caller), each row with its normalized status. */
export const deliveryStatuses = async (ctx: Context): Promise<DeliveryStatusRow[]> =>
  (await ctx.app.providers.supership(undefined, ctx.calls).statusTable()).map(toDeliveryStatusRow);

const newestFirst = (a: Delivery, b: Delivery) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.code < b.code ? 1 : -1);

/** Loaded deliveries, a code SuperShip no longer knows left out; any other failure fails the field. */
async function loadKnown(byCode: DataLoader<string, Delivery>, codes: readonly string[]): Promise<Delivery[]> {
  const loaded = await byCode.loadMany(codes);
  const failure = loaded.find((d) => d instanceof Error && !(d instanceof NotFoundError));
  if (failure) throw failure;
  return loaded.filter((d): d is Delivery => !(d instanceof Error));
}

/**
 * Every delivery found for a soc, newest first: SuperShip's by-soc answer (its newest) and
 * whatever else the delivery cache holds with that soc (SuperShip answers only one per soc).
 */
export async function deliveriesOfSoc(
  ctx: Context,
  soc: string,
  loaders: { byCode: DataLoader<string, Delivery>; bySoc: DataLoader<string, Delivery | null> },
): Promise<Delivery[]> {
  const [newest, known] = await Promise.all([loaders.bySoc.load(soc), ctx.deliveryCache?.known({ soc, limit: KNOWN_LIMIT }) ?? []]);
  const others = await loadKnown(
    loaders.byCode,
    known.filter((code) => code !== newest?.code),
  );
  // An entry's soc is as cached; a fresh read may show it changed.
  return [...(newest ? [newest] : []), ...others.filter((d) => d.senderOrderCode === soc)].sort(newestFirst);
}

/** The deliveries the cache knows for the tenant (filled by reads, our writes and webhooks), newest first, each served as fresh as a lookup by code. */
export async function knownDeliveries(
  ctx: Context,
  args: ConnectionArgs & { senderOrderCode?: string | null },
  byCode: DataLoader<string, Delivery>,
): Promise<ConnectionResult<Delivery>> {
  const codes = (await ctx.deliveryCache?.known({ soc: args.senderOrderCode ?? undefined, limit: KNOWN_LIMIT })) ?? [];
  return pagedConnection(args, { maxPage: 100 }, async (page, limit) => ({
    total: codes.length,
    rows: await loadKnown(byCode, codes.slice((page - 1) * limit, page * limit)),
  }));
}
