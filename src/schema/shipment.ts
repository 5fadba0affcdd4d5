import { SHIPMENT_STATUSES, type ShipmentStatus, type TrackingEvent } from "../domain/shipment.js";
import { builder } from "./builder.js";

/**
 * What every leg of an order's journey has in common: the international parcel HyperSKU
 * ships (InternationalShipment, schema/international-shipment.ts) and the Vietnamese
 * last-mile delivery SuperShip makes (Delivery, schema/delivery.ts).
 */

export const ShipmentStatusEnum = builder.enumType("ShipmentStatus", {
  description: "A shipment's state, normalized across carriers. `UNKNOWN` for a provider code not in our tables; each type exposes the raw code too.",
  values: SHIPMENT_STATUSES,
});

export const TrackingEventRef = builder.objectRef<TrackingEvent>("TrackingEvent").implement({
  description: "One scan or status change of a shipment.",
  fields: (t) => ({
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
    description: t.exposeString("description"),
    location: t.exposeString("location", { nullable: true }),
    status: t.expose("status", { type: ShipmentStatusEnum, nullable: true }),
  }),
});

export interface ShipmentShape {
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  events: TrackingEvent[];
}

export const ShipmentRef = builder.interfaceRef<ShipmentShape>("Shipment").implement({
  description: "A leg of an order's journey with one carrier.",
  fields: (t) => ({
    carrier: t.exposeString("carrier"),
    trackingNumber: t.exposeString("trackingNumber"),
    status: t.expose("status", { type: ShipmentStatusEnum }),
    events: t.expose("events", { type: [TrackingEventRef], description: "Oldest first." }),
  }),
});
