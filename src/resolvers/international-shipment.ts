import type { InternationalLogisticsInfo } from "../providers/hypersku/schemas.js";
import type { ShipmentStatus, TrackingEvent } from "./shipment.js";

/**
 * HyperSKU's international parcels (internationalLogisticsInfo, hypersku-api.md §4.8) as the
 * graph models them. The track's `status` is free text whose values were never documented
 * (§6.4), so it is normalized by keywords and always exposed raw beside the normalized value.
 */

export interface InternationalShipment {
  /** Discriminates this leg from SuperShip deliveries behind the Shipment interface. */
  kind: "international";
  storeOrderId: string;
  orderId: string | null;
  carrier: string;
  trackingNumber: string;
  initialTrackingNumber: string | null;
  warehouse: string | null;
  status: ShipmentStatus;
  rawStatus: string | null;
  /** Oldest first. */
  events: TrackingEvent[];
}

/** Checked in order: the first match wins, so the narrower phrases come first. */
const KEYWORDS: ReadonlyArray<readonly [RegExp, ShipmentStatus]> = [
  [/outfordelivery/, "OUT_FOR_DELIVERY"],
  [/undeliver|notdelivered|deliveryfail|failedattempt|attemptfail/, "DELIVERY_FAILED"],
  [/returning|returntosender|returninprogress/, "RETURNING"],
  [/returned/, "RETURNED"],
  [/delivered/, "DELIVERED"],
  // An exception (customs hold, damaged label…) stops a parcel without ending its journey.
  [/exception|alert|delay|held/, "DELIVERY_DELAYED"],
  [/lost/, "LOST"],
  [/cancel/, "CANCELLED"],
  [/inforeceived|informationreceived|labelcreated|awaitingpickup/, "AWAITING_PICKUP"],
  [/pickedup/, "PICKED_UP"],
  [/transit|shipping|departed|arrived/, "IN_TRANSIT"],
];

/** "InTransit", "in transit" and "IN_TRANSIT" all read as "intransit"; null when no keyword matches. */
export function statusFromText(text: string | null | undefined): ShipmentStatus | null {
  const compact = (text ?? "").toLowerCase().replace(/[^a-z]/g, "");
  if (!compact) return null;
  return KEYWORDS.find(([pattern]) => pattern.test(compact))?.[1] ?? null;
}

/** A parcel's status: its track status if recognised, else IN_TRANSIT once it has events, else PENDING. */
export function normalizeParcelStatus(raw: string | null | undefined, eventCount: number): ShipmentStatus {
  return statusFromText(raw) ?? (eventCount > 0 ? "IN_TRANSIT" : "PENDING");
}

export function toInternationalShipments(info: InternationalLogisticsInfo): InternationalShipment[] {
  return info.logisticsList.map((parcel) => {
    const events = (parcel.trackInfo?.list ?? [])
      .map((e): TrackingEvent => ({
        occurredAt: e.processDate,
        description: e.processContent,
        location: e.processLocation ?? null,
        status: statusFromText(e.processContent),
      }))
      // The provider's order of events is undocumented; Array.prototype.sort is stable for ties.
      .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    const rawStatus = parcel.trackInfo?.status ?? null;
    return {
      kind: "international",
      storeOrderId: info.storeOrderId,
      orderId: info.orderId ?? null,
      carrier: parcel.expressDelivery,
      trackingNumber: parcel.trackingNumber,
      initialTrackingNumber: parcel.initialTrackingNumber ?? null,
      warehouse: parcel.warehouse ?? null,
      status: normalizeParcelStatus(rawStatus, events.length),
      rawStatus,
      events,
    };
  });
}

/**
 * HyperSKU finds parcels by store order id, and with several orders under one store order id
 * (allowed, §4.11) it answers for one of them: keep only parcels it says belong to `orderId`.
 */
export function parcelsOfOrder(orderId: string, parcels: readonly InternationalShipment[]): InternationalShipment[] {
  return parcels.filter((p) => p.orderId === null || p.orderId === orderId);
}

/** Node key `<storeOrderId>:<trackingNumber>`; split at the last colon, as store order ids are the merchant's free text. */
export const shipmentKey = (s: Pick<InternationalShipment, "storeOrderId" | "trackingNumber">) => `${s.storeOrderId}:${s.trackingNumber}`;
export function parseShipmentKey(key: string): { storeOrderId: string; trackingNumber: string } | null {
  const at = key.lastIndexOf(":");
  if (at <= 0 || at === key.length - 1) return null;
  return { storeOrderId: key.slice(0, at), trackingNumber: key.slice(at + 1) };
}
