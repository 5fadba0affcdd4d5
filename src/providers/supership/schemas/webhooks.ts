import { z } from "zod";
import { Grams, StatusCode, Timestamp, Vnd } from "./shared.js";

/** Webhook registration (E1, E2) and the payload SuperShip posts to it (§6). */

/** http(s) only; the docs ask for https but do not say that plain http is refused. */
export const WebhookUrlInput = z.url({ protocol: /^https?$/ }).transform((url) => ({ url }));

export const WebhookRegistration = z
  .object({ url: z.string(), created_at: Timestamp, updated_at: Timestamp })
  .transform((w) => ({ url: w.url, createdAt: w.created_at, updatedAt: w.updated_at }));
export type WebhookRegistrationResult = z.output<typeof WebhookRegistration>;

/**
 * What `GET /webhooks` returns when nothing is registered is not documented (§5 E1): null,
 * an empty array/object or a null `url` all read as "none" [inferred].
 */
export const MaybeWebhookRegistration = z.preprocess((v) => {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v) && v.length === 0) return null;
  if (typeof v === "object" && !Array.isArray(v) && !(v as { url?: unknown }).url) return null;
  return v;
}, WebhookRegistration.nullable());

const flag = z.string();

/**
 * §6.1. Legacy payloads (before v1.0.12) carry only code, soc, phone, address, amount,
 * weight, fshipment, status, status_name, created_at, updated_at and no `type`: a missing
 * `type` reads as "update_status". The older example pairs code "11" with the name of "12";
 * trust `status` (the code).
 */
export const WebhookPayload = z
  .object({
    type: z.enum(["update_status", "update_weight"]).default("update_status"),
    code: z.string().min(1),
    shortcode: z.string().optional(),
    soc: z.string().nullish(),
    name: z.string().optional(),
    phone: z.string().optional(),
    address: z.string().optional(),
    /** "1" sender pays · "2" receiver pays (a code here, unlike order info). */
    payer: z.string().optional(),
    amount: Vnd.optional(),
    weight: Grams.optional(),
    fshipment: Vnd.optional(),
    finsurance: Vnd.optional(),
    status: StatusCode,
    status_name: z.string(),
    partial: flag.optional(),
    barter: flag.optional(),
    reason_code: z.string().nullish(),
    reason_text: z.string().nullish(),
    created_at: Timestamp.optional(),
    updated_at: Timestamp.optional(),
    pushed_at: Timestamp.optional(),
  })
  .transform((w) => ({
    type: w.type,
    code: w.code,
    shortcode: w.shortcode,
    soc: w.soc ?? undefined,
    name: w.name,
    phone: w.phone,
    address: w.address,
    payer: w.payer,
    amount: w.amount,
    weight: w.weight,
    shipmentFee: w.fshipment,
    insuranceFee: w.finsurance,
    status: w.status,
    statusName: w.status_name,
    partial: w.partial,
    barter: w.barter,
    reasonCode: w.reason_code ?? undefined,
    reasonText: w.reason_text ?? undefined,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    pushedAt: w.pushed_at,
  }));
export type WebhookEvent = z.output<typeof WebhookPayload>;
