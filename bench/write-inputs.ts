import { randomUUID } from "node:crypto";
import type { Fixtures } from "./fixtures.js";

/**
 * Inputs of the write mix. Every iteration gets fresh idempotency keys and a fresh store
 * order id, so it measures creation and never an idempotent replay. The order ships to Hà Nội
 * (SuperShip delivers only in Vietnam), and the delivery names the district and commune that
 * a HyperSKU address cannot carry (src/schema/delivery-input.ts).
 */

const fresh = () => randomUUID();

/** The idempotency key and store order id must differ per iteration; the rest is constant. */
export function orderInput(fixtures: Fixtures) {
  const id = fresh();
  return {
    idempotencyKey: `bench-order-${id}`,
    storeOrderId: `BENCH-${id.slice(0, 18)}`,
    storeOrderName: "benchmark",
    shippingOptionId: fixtures.shippingOptionId,
    shippingAddress: {
      firstName: "Lan",
      lastName: "Nguyen",
      line1: "12 Phó Đức Chính",
      city: "Ha Noi",
      province: "Hà Nội",
      postalCode: "100000",
      countryCode: "VN",
      phone: "0912345678",
    },
    items: [{ skuId: fixtures.skuId, quantity: 1 }],
  };
}

export function deliveryInput(fixtures: Fixtures, orderId: string) {
  return {
    idempotencyKey: `bench-delivery-${fresh()}`,
    orderId,
    warehouseCode: fixtures.warehouseCode,
    receiver: { province: "Thành phố Hà Nội", district: "Quận Ba Đình", commune: "Phường Phúc Xá" },
    codAmount: 0,
  };
}
