import { formatAddress, type ResolvedArea } from "./areas.js";
import { newWarehouseCode } from "./codes.js";
import { type SupershipState, shopWarehouses, type Warehouse } from "./state.js";
import { isoVn } from "./time.js";

/** Pickup warehouses (§5 D1–D3): creation with default demotion, edits, and the wire shapes. */

export interface NewWarehouse {
  name: string;
  phone: string;
  contact: string;
  address: string;
  area: ResolvedArea;
  primary: "1" | "2";
}

export function createWarehouse(state: SupershipState, shop: string, input: NewWarehouse, at: number): Warehouse {
  // INVENTED but likely (§5 D2): a new default warehouse demotes the previous one.
  if (input.primary === "1") {
    for (const w of shopWarehouses(state, shop)) if (w.primary === "1") (w.primary = "2"), (w.updatedAt = at);
  }
  const warehouse: Warehouse = { ...input, code: newWarehouseCode(state), shop, status: "1", createdAt: at, updatedAt: at };
  state.warehouses.set(warehouse.code, warehouse);
  return warehouse;
}

type Editable = Pick<Warehouse, "name" | "phone" | "contact">;

/** Applies the edit and returns only the fields whose value changed (§5 D3 `diff`). */
export function updateWarehouse(w: Warehouse, edit: Editable, at: number): Partial<Editable> {
  const diff: Partial<Editable> = {};
  for (const key of ["name", "phone", "contact"] as const) {
    if (w[key] !== edit[key]) diff[key] = w[key] = edit[key];
  }
  if (Object.keys(diff).length > 0) w.updatedAt = at;
  return diff;
}

const STATUS_NAMES = { "1": "Hoạt Động", "2": "Dừng Hoạt Động" } as const;
const PRIMARY_NAMES = { "1": "Kho Mặc Định", "2": "Kho Thường" } as const;

/**
 * D1 list shape. The create answer (D2) carries the docs example's misspelled
 * `formatted_adress` key instead of `formatted_address`.
 */
export function warehouseView(w: Warehouse, { misspelled = false } = {}) {
  const formatted = formatAddress(w.address, w.area);
  return {
    code: w.code,
    name: w.name,
    address: w.address,
    ...(misspelled ? { formatted_adress: formatted } : { formatted_address: formatted }),
    status: w.status,
    status_name: STATUS_NAMES[w.status],
    primary: w.primary,
    primary_name: PRIMARY_NAMES[w.primary],
    created_at: isoVn(w.createdAt),
    updated_at: isoVn(w.updatedAt),
  };
}
