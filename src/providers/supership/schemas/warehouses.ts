import { z } from "zod";
import { FormattedAddressFields, pickFormattedAddress, Timestamp } from "./shared.js";

/** Pickup warehouses (D1–D3), output as the graph's Warehouse. A warehouse `code` is what `createOrder` takes as `pickupCode`. */

const required = z.string().min(1);

export const Warehouse = z
  .object({
    code: z.string(),
    name: z.string(),
    address: z.string(),
    ...FormattedAddressFields,
    /** "1" active · "2" inactive. */
    status: z.string(),
    status_name: z.string(),
    /** "1" default warehouse · "2" normal. */
    primary: z.string(),
    primary_name: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .transform((w, ctx) => ({
    code: w.code,
    name: w.name,
    address: w.address,
    formattedAddress: pickFormattedAddress(w, ctx),
    // Codes are strings: status "1" active / "2" inactive, primary "1" default / "2" normal (§7.3).
    status: (w.status === "1" ? "ACTIVE" : w.status === "2" ? "INACTIVE" : "UNKNOWN") as WarehouseStatus,
    statusName: w.status_name,
    primary: w.primary === "1",
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  }));
export const Warehouses = z.array(Warehouse);
export type WarehouseStatus = "ACTIVE" | "INACTIVE" | "UNKNOWN";
/** A pickup warehouse as the graph serves it. */
export type Warehouse = z.output<typeof Warehouse>;

export const CreateWarehouseInput = z.object({
  name: required,
  phone: required,
  contact: required,
  /** Street address; area fields are names. */
  address: required,
  province: required,
  district: required,
  commune: required,
  primary: z.enum(["1", "2"]),
  partner: required.optional(),
});
export type CreateWarehouseInput = z.input<typeof CreateWarehouseInput>;

/** Only name, phone and contact can change; a new address needs a new warehouse (§5 D3). */
export const UpdateWarehouseInput = z.object({ code: required, name: required, phone: required, contact: required });
export type UpdateWarehouseInput = z.input<typeof UpdateWarehouseInput>;

const changes = z.object({ name: z.string().optional(), phone: z.string().optional(), contact: z.string().optional() });

/**
 * `diff` holds only the fields that actually changed, with their new values. An empty diff
 * may arrive as `[]` (PHP serialises an empty array that way) [inferred].
 */
export const UpdatedWarehouse = z
  .object({
    code: z.string(),
    diff: z.preprocess((v) => (v === null || (Array.isArray(v) && v.length === 0) ? {} : v), changes),
    updated_at: Timestamp,
  })
  .transform((w) => ({ code: w.code, diff: w.diff, updatedAt: w.updated_at }));
export type UpdatedWarehouseResult = z.output<typeof UpdatedWarehouse>;
