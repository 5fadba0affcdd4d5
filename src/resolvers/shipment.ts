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

export interface TrackingEvent {
  occurredAt: string;
  description: string;
  location: string | null;
  status: ShipmentStatus | null;
}
