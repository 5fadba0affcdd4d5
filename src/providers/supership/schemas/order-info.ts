import { z } from "zod";
import { normalizeDeliveryStatus } from "../../../domain/delivery-status.js";
import { toMoney } from "../../../domain/money.js";
import type { TrackingEvent } from "../../../domain/shipment.js";
import { LABEL_SIZES, SUPERSHIP_CARRIER } from "../../../domain/shipment.js";
import { statusCodeFromName } from "../status.js";
import { FormattedAddressFields, Grams, pickFormattedAddress, StatusCode, Timestamp, Vnd } from "./shared.js";

/** One order's detail and journey (C4), print tokens (C5, C6) and cancellation (C7). */

export const OrderCode = z.string().min(1);

export const OrderInfoQuery = z
  .object({ code: OrderCode, by: z.enum(["code", "soc"]).default("code") })
  .transform((q) => ({ code: q.code, type: q.by === "soc" ? "2" : "1" }));

/** `status` here is a status *name*; `statusCode` is recovered from it (null when unknown). */
const journey = z
  .object({ time: Timestamp, status: z.string(), province: z.string(), district: z.string(), note: z.string().nullish() })
  .transform(({ status, note, ...j }) => ({ ...j, statusName: status, statusCode: statusCodeFromName(status), note: note ?? "" }));

const dong = (amount: number) => toMoney(amount, "VND");

/** Order info carries no shortcode; the code ends with it after the dot (`SGNS983262NT.595050186`, §2.4). */
export function shortCodeOf(code: string): string | null {
  const dot = code.lastIndexOf(".");
  return dot >= 0 && dot < code.length - 1 ? code.slice(dot + 1) : null;
}

/** Journeys carry a status *name* only; its code is recovered from the status table (null for an unknown name). */
function toEvent(j: z.output<typeof journey>): TrackingEvent {
  const location = [j.district, j.province].filter(Boolean).join(", ");
  return { occurredAt: j.time, description: j.note || j.statusName, location: location || null, status: normalizeDeliveryStatus(j.statusCode) };
}

/** `type` "5" = commune may be inaccurate; the catalogue is unknown (§5 C4). */
const note = z.object({ created_at: Timestamp, type: z.string(), note: z.string() }).transform((n) => ({ createdAt: n.created_at, type: n.type, note: n.note }));

const receiver = z
  .object({ name: z.string(), phone: z.string(), address: z.string(), ...FormattedAddressFields })
  .transform((r, ctx) => ({ name: r.name, phone: r.phone, address: r.address, formattedAddress: pickFormattedAddress(r, ctx) }));

/**
 * `calllogs` and `last_sman` have no known shape and are not exposed. `payer` and `config`
 * arrive as display names ("Người Gửi", "Không Cho Xem Hàng"), not the codes sent at creation.
 */
export const OrderInfo = z
  .object({
    code: z.string(),
    soc: z.string().nullish(),
    status: StatusCode,
    status_name: z.string(),
    /** Phone masked by the provider ("098****294"). */
    receiver,
    amount: Vnd,
    value: Vnd,
    /** May change after weighing (webhook `update_weight`). */
    weight: Grams,
    fee: z.object({ shipment: Vnd, insurance: Vnd, return: Vnd, barter: Vnd, address: Vnd }),
    payer: z.string(),
    config: z.string(),
    journeys: z.array(journey),
    notes: z.array(note).default([]),
    /** Undocumented; read by one plugin ("0"/"1"). */
    partial: z.string().optional(),
    barter: z.string().optional(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .transform((w) => ({
    /** SuperShip's order code: the node key and the tracking number. */
    code: w.code,
    carrier: SUPERSHIP_CARRIER,
    trackingNumber: w.code,
    shortCode: shortCodeOf(w.code),
    senderOrderCode: w.soc ?? null,
    status: normalizeDeliveryStatus(w.status),
    statusCode: w.status,
    statusName: w.status_name,
    fees: {
      shipment: dong(w.fee.shipment),
      insurance: dong(w.fee.insurance),
      return: dong(w.fee.return),
      barter: dong(w.fee.barter),
      addressChange: dong(w.fee.address),
    },
    codAmount: dong(w.amount),
    declaredValue: dong(w.value),
    weightGrams: w.weight,
    payer: w.payer,
    inspection: w.config,
    receiver: w.receiver,
    // Sorted (stable) rather than trusted: the docs never promise an order for journeys.
    events: w.journeys.map(toEvent).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)),
    notes: w.notes,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  }));
/** A SuperShip delivery as the graph serves it (it has the Shipment interface's fields). */
export type Delivery = z.output<typeof OrderInfo>;

export const PrintTokenInput = z
  .array(OrderCode)
  .min(1)
  .transform((codes) => ({ code: codes }));
export const PrintToken = z.object({ token: z.string().min(1) });
export type PrintTokenResult = z.output<typeof PrintToken>;
export const LabelSizeInput = z.enum(LABEL_SIZES);

/** The cancel example spells the name "Hủy" where the status table says "Huỷ" (§2.3); compare `status`. */
export const CancelledOrder = z
  .object({ code: z.string(), soc: z.string().nullish(), address: z.string().optional(), status: StatusCode, status_name: z.string() })
  .transform((w) => ({ code: w.code, soc: w.soc ?? undefined, address: w.address, status: w.status, statusName: w.status_name }));
export type CancelledOrderResult = z.output<typeof CancelledOrder>;
