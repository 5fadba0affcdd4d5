import type { ShipmentStatus } from "./shipment.js";

/**
 * HyperSKU's international parcels report their track `status` as free text whose values were
 * never documented (hypersku-api.md §6.4): it is normalized here by keywords, and always
 * exposed raw beside the normalized value.
 */

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
