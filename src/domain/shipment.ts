/** The carrier-neutral shipment vocabulary shared by InternationalShipment and Delivery. */

export const SHIPMENT_STATUSES = [
  "PENDING",
  "AWAITING_PICKUP",
  "PICKING_UP",
  "PICKED_UP",
  "PICKUP_FAILED",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "DELIVERY_DELAYED",
  "DELIVERED",
  "PARTIALLY_DELIVERED",
  "DELIVERY_FAILED",
  "RETURNING",
  "RETURNED",
  "CANCELLED",
  "LOST",
  "COMPENSATED",
  "UNKNOWN",
] as const;

export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** The carrier name of SuperShip deliveries: tells them from international legs behind the Shipment interface. */
export const SUPERSHIP_CARRIER = "SuperShip";

export interface TrackingEvent {
  occurredAt: string;
  description: string;
  location: string | null;
  status: ShipmentStatus | null;
}

/** Label paper sizes accepted by the print page (supership-api.md §7.3; S8–S14 since v1.0.13). */
export const LABEL_SIZES = ["A5", "K46", "T2", "K50", "K75", "K80", "S8", "S9", "S10", "S11", "S12", "S13", "S14"] as const;
export type LabelSize = (typeof LABEL_SIZES)[number];
