import { ProviderBusinessError } from "../providers/errors.js";
import type { SupershipPriceQuote } from "../providers/supership/schemas/orders.js";
import type { SupershipOrderInfo } from "../providers/supership/schemas/order-info.js";
import { normalizeDeliveryStatus } from "./delivery-status.js";
import { toMoney, type Money } from "./money.js";
import type { ShipmentStatus, TrackingEvent } from "./shipment.js";

/** SuperShip deliveries (orders/info, supership-api.md §5 C4) and fee quotes (C1) as the graph models them. */

export const SUPERSHIP_CARRIER = "SuperShip";

export interface DeliveryFees {
  shipment: Money;
  insurance: Money;
  return: Money;
  barter: Money;
  addressChange: Money;
}

export interface DeliveryReceiver {
  name: string;
  /** Masked by SuperShip ("098****294"). */
  phone: string;
  address: string;
  formattedAddress: string;
}

export interface DeliveryNote {
  createdAt: string;
  type: string;
  note: string;
}

/** Has the fields of the Shipment interface (carrier, trackingNumber, status, events). */
export interface Delivery {
  /** SuperShip's order code: the node key and the tracking number. */
  code: string;
  carrier: typeof SUPERSHIP_CARRIER;
  trackingNumber: string;
  status: ShipmentStatus;
  /** Oldest first. */
  events: TrackingEvent[];
  shortCode: string | null;
  senderOrderCode: string | null;
  statusCode: string;
  statusName: string;
  fees: DeliveryFees;
  codAmount: Money;
  declaredValue: Money;
  weightGrams: number;
  payer: string;
  inspection: string;
  receiver: DeliveryReceiver;
  notes: DeliveryNote[];
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryQuote {
  service: string;
  fee: Money;
  insurance: Money;
  pickupEta: string;
  deliveryEta: string;
}

const vnd = (amount: number) => toMoney(amount, "VND");

/** SuperShip answers an unknown code or soc, or another shop's order, with HTTP 404 and the Error envelope (§8). */
export function isSupershipNotFound(e: unknown): e is ProviderBusinessError {
  return e instanceof ProviderBusinessError && e.provider === "supership" && e.providerCode === "404";
}

/** Order info carries no shortcode; the code ends with it after the dot (`SGNS983262NT.595050186`, §2.4). */
export function shortCodeOf(code: string): string | null {
  const dot = code.lastIndexOf(".");
  return dot >= 0 && dot < code.length - 1 ? code.slice(dot + 1) : null;
}

/** Journeys carry a status *name* only; the provider client recovers its code (null for a name outside the table). */
function toEvent(j: SupershipOrderInfo["journeys"][number]): TrackingEvent {
  const location = [j.district, j.province].filter(Boolean).join(", ");
  return {
    occurredAt: j.time,
    description: j.note || j.statusName,
    location: location || null,
    status: normalizeDeliveryStatus(j.statusCode),
  };
}

const byTime = (a: TrackingEvent, b: TrackingEvent) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt);

export function toDelivery(info: SupershipOrderInfo): Delivery {
  const status: ShipmentStatus = normalizeDeliveryStatus(info.status);
  return {
    code: info.code,
    carrier: SUPERSHIP_CARRIER,
    trackingNumber: info.code,
    shortCode: shortCodeOf(info.code),
    senderOrderCode: info.soc ?? null,
    status,
    statusCode: info.status,
    statusName: info.statusName,
    fees: {
      shipment: vnd(info.fee.shipment),
      insurance: vnd(info.fee.insurance),
      return: vnd(info.fee.return),
      barter: vnd(info.fee.barter),
      addressChange: vnd(info.fee.address),
    },
    codAmount: vnd(info.amount),
    declaredValue: vnd(info.value),
    weightGrams: info.weight,
    payer: info.payerName,
    inspection: info.configName,
    receiver: { ...info.receiver },
    // Sorted (stable) rather than trusted: the docs never promise an order for journeys.
    events: info.journeys.map(toEvent).sort(byTime),
    notes: info.notes.map((n) => ({ createdAt: n.createdAt, type: n.type, note: n.note })),
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
  };
}

export function toDeliveryQuote(q: SupershipPriceQuote): DeliveryQuote {
  return { service: q.service, fee: vnd(q.fee), insurance: vnd(q.insurance), pickupEta: q.pickup.name, deliveryEta: q.delivery.name };
}
