import { NotFoundError } from "../domain/errors.js";
import type { Warehouse } from "../providers/supership/schemas/warehouses.js";
import type { LoaderContext } from "./context.js";

/**
 * Warehouses by code. SuperShip has no lookup by code, only the full list (supership-api.md
 * §5 D1, no pagination): one listWarehouses call answers every key of the tick.
 */
export async function loadWarehouses(codes: readonly string[], ctx: LoaderContext): Promise<(Warehouse | Error)[]> {
  try {
    const byCode = new Map((await ctx.supership.listWarehouses()).map((w) => [w.code, w]));
    return codes.map((code) => byCode.get(code) ?? new NotFoundError("Warehouse", code));
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return codes.map(() => error);
  }
}
