import { z } from "zod";
import { Code, CodeIn, Time } from "./common.js";

/** Warehouses (§5 D1–D3), webhook registration (§5 E1–E2) and the outbound webhook (§6.1). */

const warehouseFields = {
  code: z.string(),
  name: z.string(),
  address: z.string(),
  status: z.enum(["1", "2"]),
  status_name: z.string(),
  primary: z.enum(["1", "2"]),
  primary_name: z.string(),
  created_at: Time,
  updated_at: Time,
};

/** §5 D1; D2's example spells `formatted_adress`, so either spelling is the documented shape. */
export const Warehouse = z.union([z.looseObject({ ...warehouseFields, formatted_address: z.string() }), z.looseObject({ ...warehouseFields, formatted_adress: z.string() })]);

export const CreateWarehouseRequest = z.strictObject({
  name: z.string(),
  phone: z.string(),
  contact: z.string(),
  address: z.string(),
  province: z.string(),
  district: z.string(),
  commune: z.string(),
  primary: CodeIn,
  partner: z.string().optional(),
});

/** §5 D3: only name, phone and contact change; the answer lists what actually changed. */
export const UpdateWarehouseRequest = z.strictObject({ code: z.string(), name: z.string(), phone: z.string(), contact: z.string() });
export const UpdatedWarehouse = z.looseObject({ code: z.string(), diff: z.record(z.string(), z.string()), updated_at: Time });

/** §5 E1/E2: one object, not an array. With none registered the doc is silent; the simulator answers null. */
export const WebhookRequest = z.strictObject({ url: z.string() });
export const WebhookRegistration = z.looseObject({ url: z.string(), created_at: Time, updated_at: Time });

/** §6.1: legacy payloads carry only the core fields; `type` and the rest arrived with v1.0.12. */
export const WebhookPayload = z.looseObject({
  type: z.enum(["update_status", "update_weight"]).optional(),
  code: z.string(),
  shortcode: Code.optional(),
  soc: z.string().nullable(),
  name: z.string().optional(),
  phone: z.string(),
  address: z.string(),
  payer: Code.optional(),
  amount: z.number().int(),
  weight: z.number().int(),
  fshipment: z.number().int(),
  finsurance: z.number().int().optional(),
  status: Code,
  status_name: z.string(),
  partial: z.enum(["0", "1"]).optional(),
  barter: z.enum(["0", "1"]).optional(),
  reason_code: z.string().optional(),
  reason_text: z.string().optional(),
  created_at: Time,
  updated_at: Time,
  pushed_at: Time.optional(),
});
