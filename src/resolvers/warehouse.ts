import type DataLoader from "dataloader";
import { InputValidationError, NotFoundError } from "../domain/errors.js";
import { isSupershipNotFound } from "../providers/supership/envelope.js";
import type { Warehouse } from "../providers/supership/schemas/warehouses.js";
import { resolveAreas } from "./area.js";
import type { Context } from "./context.js";

/** SuperShip pickup warehouses (supership-api.md §5 D1–D3): the listing and the warehouse mutations. */

/** Every pickup warehouse of the shop (no paging in SuperShip's listing). */
export const listWarehouses = (ctx: Context): Promise<Warehouse[]> => ctx.supership.listWarehouses();

export interface CreateWarehouseArgs {
  name: string;
  phone: string;
  contact: string;
  address: string;
  province: string;
  district: string;
  commune: string;
  primary: boolean;
}

export async function createWarehouse(ctx: Context, input: CreateWarehouseArgs, loader: DataLoader<string, Warehouse>): Promise<Warehouse> {
  const { area } = await resolveAreas(ctx, {
    area: {
      names: { province: input.province, district: input.district, commune: input.commune },
      paths: { province: ["input", "province"], district: ["input", "district"], commune: ["input", "commune"] },
    },
  });
  const created = await ctx.supership.createWarehouse({ ...input, ...area, commune: area.commune ?? input.commune, primary: input.primary ? "1" : "2" });
  // A new default warehouse demotes the previous one [inferred, §5 D2]: forget them all.
  loader.clearAll().prime(created.code, created);
  return created;
}

export interface UpdateWarehouseArgs {
  code: string;
  name?: string | null;
  phone?: string | null;
  contact?: string | null;
}

/**
 * SuperShip's update takes name, phone and contact together (§5 D3), but its listing never
 * returns phone or contact (§5 D1): an omitted name keeps the current one, while phone and
 * contact have no current value we could send back, so both must be given.
 */
export async function updateWarehouse(ctx: Context, input: UpdateWarehouseArgs, loader: DataLoader<string, Warehouse>): Promise<Warehouse> {
  const missing = (["phone", "contact"] as const).filter((f) => !input[f]);
  if (missing.length > 0) {
    const message = "required: SuperShip replaces phone and contact together and never reports their current values";
    throw new InputValidationError(missing.map((f) => ({ path: `input.${f}`, message })));
  }
  const current = await loader.load(input.code);
  try {
    await ctx.supership.updateWarehouse({ code: input.code, name: input.name || current.name, phone: input.phone!, contact: input.contact! });
  } catch (e) {
    if (isSupershipNotFound(e)) throw new NotFoundError("Warehouse", input.code);
    throw e;
  }
  loader.clear(input.code);
  return loader.load(input.code);
}
