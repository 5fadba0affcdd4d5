import { loadInternationalShipments, shipmentKey } from "../loaders/international-shipment.js";
import type { InternationalShipment } from "../providers/hypersku/schemas/logistics.js";
import { builder } from "./builder.js";
import { OrderRef } from "./order.js";
import { ShipmentRef } from "./shipment.js";

/** InternationalShipment (a HyperSKU parcel from its warehouse to the buyer's country) and Order.shipments. */

export const InternationalShipmentRef = builder.loadableNodeRef<InternationalShipment, string, string>("InternationalShipment", {
  id: { resolve: (s) => shipmentKey(s) },
  load: (keys, ctx) => loadInternationalShipments(keys, ctx),
  cacheResolved: (s) => shipmentKey(s),
});

InternationalShipmentRef.implement({
  description:
    "A parcel HyperSKU ships internationally from its warehouse, tracked with the last-mile carrier it was handed to (internationalLogisticsInfo). Its node id is keyed by store order id and tracking number.",
  interfaces: [ShipmentRef],
  // Order.shipments returns these behind the Shipment interface, beside SuperShip deliveries.
  isTypeOf: (value) => (value as Partial<InternationalShipment> | null)?.kind === "international",
  fields: (t) => ({
    rawStatus: t.exposeString("rawStatus", {
      nullable: true,
      description:
        "The track status as HyperSKU sent it (free text, values undocumented); `status` is normalized from it, else IN_TRANSIT once there are events, else PENDING.",
    }),
    warehouse: t.exposeString("warehouse", { nullable: true, description: "HyperSKU warehouse the parcel left from." }),
    initialTrackingNumber: t.exposeString("initialTrackingNumber", { nullable: true, description: "The first tracking number, when the carrier issued a new one later." }),
    storeOrderId: t.exposeString("storeOrderId"),
    order: t.field({ type: OrderRef, nullable: true, description: "The order this parcel ships.", resolve: (s) => s.orderId }),
  }),
});
