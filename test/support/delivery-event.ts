import type { DeliveryEvent } from "../../src/resolvers/delivery-events.js";

/** A status event of `tenantId` as the webhook route passes it on (picked up: "3"), with `over` on top. */
export function deliveryEvent(tenantId: string, over: Partial<DeliveryEvent> = {}): DeliveryEvent {
  return {
    tenantId,
    code: "X",
    soc: null,
    type: "update_status",
    status: "3",
    statusName: "Đã Lấy Hàng",
    weightGrams: null,
    shipmentFee: null,
    insuranceFee: null,
    reasonCode: null,
    reasonText: null,
    pushedAt: null,
    receivedAt: Date.now(),
    ...over,
  };
}
