import { z } from "zod";
import { formattedAddressFields, pickFormattedAddress, statusCode, timestamp, vnd, grams } from "../schemas.js";
import { statusCodeFromName } from "../status.js";
import { labelSizes } from "../endpoints.js";

/** One order's detail and journey (C4), print tokens (C5, C6) and cancellation (C7). */

export const orderCode = z.string().min(1);

export const orderInfoQuery = z
  .object({ code: orderCode, by: z.enum(["code", "soc"]).default("code") })
  .transform((q) => ({ code: q.code, type: q.by === "soc" ? "2" : "1" }));

/** `status` here is a status *name*; `statusCode` is recovered from it (null when unknown). */
const journey = z
  .object({ time: timestamp, status: z.string(), province: z.string(), district: z.string(), note: z.string().nullish() })
  .transform(({ status, note, ...j }) => ({ ...j, statusName: status, statusCode: statusCodeFromName(status), note: note ?? "" }));

/** `type` "5" = commune may be inaccurate; the catalogue is unknown (§5 C4). */
const note = z
  .object({ created_at: timestamp, type: z.string(), note: z.string() })
  .transform((n) => ({ createdAt: n.created_at, type: n.type, note: n.note }));

const receiver = z
  .object({ name: z.string(), phone: z.string(), address: z.string(), ...formattedAddressFields })
  .transform((r, ctx) => ({ name: r.name, phone: r.phone, address: r.address, formattedAddress: pickFormattedAddress(r, ctx) }));

/**
 * `calllogs` and `last_sman` have no known shape and are not exposed. `payer` and `config`
 * arrive as display names ("Người Gửi", "Không Cho Xem Hàng"), not the codes sent at creation.
 */
export const orderInfo = z
  .object({
    code: z.string(),
    soc: z.string().nullish(),
    status: statusCode,
    status_name: z.string(),
    /** Phone masked by the provider ("098****294"). */
    receiver,
    amount: vnd,
    value: vnd,
    /** May change after weighing (webhook `update_weight`). */
    weight: grams,
    fee: z.object({ shipment: vnd, insurance: vnd, return: vnd, barter: vnd, address: vnd }),
    payer: z.string(),
    config: z.string(),
    journeys: z.array(journey),
    notes: z.array(note).default([]),
    /** Undocumented; read by one plugin ("0"/"1"). */
    partial: z.string().optional(),
    barter: z.string().optional(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .transform((w) => ({
    code: w.code,
    soc: w.soc ?? undefined,
    status: w.status,
    statusName: w.status_name,
    receiver: w.receiver,
    amount: w.amount,
    value: w.value,
    weight: w.weight,
    fee: w.fee,
    payerName: w.payer,
    configName: w.config,
    journeys: w.journeys,
    notes: w.notes,
    partial: w.partial,
    barter: w.barter,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  }));
export type SupershipOrderInfo = z.output<typeof orderInfo>;
export type SupershipJourneyEntry = SupershipOrderInfo["journeys"][number];

export const printTokenInput = z.array(orderCode).min(1).transform((codes) => ({ code: codes }));
export const printToken = z.object({ token: z.string().min(1) });
export type SupershipPrintToken = z.output<typeof printToken>;
export const labelSize = z.enum(labelSizes);

/** The cancel example spells the name "Hủy" where the status table says "Huỷ" (§2.3); compare `status`. */
export const cancelledOrder = z
  .object({ code: z.string(), soc: z.string().nullish(), address: z.string().optional(), status: statusCode, status_name: z.string() })
  .transform((w) => ({ code: w.code, soc: w.soc ?? undefined, address: w.address, status: w.status, statusName: w.status_name }));
export type SupershipCancelledOrder = z.output<typeof cancelledOrder>;
