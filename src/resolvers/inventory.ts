import { NotFoundError } from "../domain/errors.js";
import { INVENTORY_PAGE_MAX } from "../loaders/inventory.js";
import type { Context } from "./context.js";
import { type ConnectionArgs, pagedConnection } from "./paging.js";

/**
 * For nullable fields over a loader: a miss (the loader's NotFoundError) is an answer, null;
 * any other failure still raises at the field's path.
 */
export function nullIfNotFound<T>(load: Promise<T>): Promise<T | null> {
  // One promise per field, not an async function's two: it runs for every SKU of a Dashboard.
  return load.catch((e: unknown) => {
    if (e instanceof NotFoundError) return null;
    throw e;
  });
}

/** Every SKU the merchant holds stock of (getInventoryInfo). */
export const listInventory = (ctx: Context, args: ConnectionArgs) =>
  pagedConnection(args, { maxPage: INVENTORY_PAGE_MAX }, (page, limit) => ctx.hypersku.getInventoryInfo({ page, limit }));
