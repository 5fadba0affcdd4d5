import { encodeGlobalID } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import {
  callFloor,
  catalogueNeeds,
  createDeliveryNeeds,
  createOrderNeeds,
  dashboardNeeds,
  latencyFloor,
  type OrderLike,
  orderNeeds,
  pageKeys,
  selectedFields,
  skuIds,
} from "../../bench/floors.js";

const sku = (productId: string, skuId: string) => ({ id: encodeGlobalID("Sku", `${productId}:${skuId}`) });
const connection = <T>(nodes: T[]) => ({ edges: nodes.map((node) => ({ node })) });
const page = (n: number) => ({ orders: connection(orders(n)) });
const ALL = selectedFields("{ orders { edges { node { items { sku { inventory { available } } } shipments { trackingNumber } delivery { code } } } } }");

/** 60 orders' worth of answer: 3 products × 2 SKUs spread over the items; status 4 (shipping) on every other order. */
function orders(n: number): OrderLike[] {
  return Array.from({ length: n }, (_, i) => ({
    orderId: `o${i}`,
    storeOrderId: `SO-${i}`,
    statusCode: i % 2 === 0 ? 4 : 1,
    items: [{ sku: sku(`p${i % 3}`, `s${i % 6}`), fromMerchantStock: i === 0 }],
  }));
}

describe("needs read from a scenario's own answer", () => {
  it("selectedFields sees every field at any depth", () => {
    expect([...ALL]).toEqual(expect.arrayContaining(["orders", "sku", "inventory", "shipments", "delivery"]));
    expect(ALL.has("inventoryHistory")).toBe(false);
  });

  it("reads product and SKU ids from Sku global ids, and nothing from other ids", () => {
    expect(skuIds(sku("123", "456"))).toEqual({ productId: "123", skuId: "456" });
    expect(skuIds({ id: encodeGlobalID("Product", "123") })).toBeNull();
    expect(skuIds(null)).toBeNull();
  });

  it("a listing costs one call per page, and at least one", () => {
    expect(pageKeys(0, 50)).toEqual(["page 1"]);
    expect(pageKeys(51, 50)).toHaveLength(2);
  });

  it("dashboard: distinct products and SKUs batched at maxBatch, shipments only past pre-shipment statuses, one delivery lookup per order", () => {
    const floor = callFloor([dashboardNeeds(page(50), ALL)]);
    expect(floor.byEndpoint).toEqual({
      "hypersku.getOrderInfos": 1,
      "hypersku.getPrivateProduct": 1,
      "hypersku.getCustomerInventoryInfo": 1,
      "hypersku.internationalLogisticsInfo": 25,
      "supership.orderInfo": 50,
    });
    // Level 1: 27 HyperSKU calls (2 waves) beside 50 SuperShip calls (4 waves).
    expect(latencyFloor([dashboardNeeds(page(50), ALL)], 16, 20)).toEqual({ waves: 5, ms: 100 });
  });

  it("dashboard: asks nothing of the parts the query does not select", () => {
    const floor = callFloor([dashboardNeeds(page(50), selectedFields("{ orders { edges { node { items { sku { id } } } } } }"))]);
    expect(floor.byEndpoint).toEqual({ "hypersku.getOrderInfos": 1, "hypersku.getPrivateProduct": 1 });
  });

  it("splits products at 50 and SKUs at 100 (the endpoint table's maxBatch)", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ orderId: `o${i}`, storeOrderId: `SO-${i}`, statusCode: 1, items: [{ sku: sku(`p${i}`, `s${i}`) }] }));
    const floor = callFloor([dashboardNeeds({ orders: connection(many) }, ALL)]);
    expect(floor.byEndpoint["hypersku.getPrivateProduct"]).toBe(3);
    expect(floor.byEndpoint["hypersku.getCustomerInventoryInfo"]).toBe(2);
    expect(floor.byEndpoint["hypersku.internationalLogisticsInfo"]).toBeUndefined();
  });

  it("one order: history only with merchant stock, and a movement's new product one level later", () => {
    const fields = selectedFields("{ order { items { sku { inventory { available } } } shipments { carrier } delivery { code } inventoryHistory { sku { id } } } }");
    const order: OrderLike = { ...orders(1)[0]!, inventoryHistory: [{ sku: sku("p0", "s0") }, { sku: sku("p9", "s9") }] };
    const needs = orderNeeds({ order }, fields);
    expect(callFloor([needs]).total).toBe(1 + 1 + 1 + 1 + 1 + 1 + 1);
    expect(latencyFloor([needs], 16, 20).waves).toBe(3);
    expect(
      callFloor([orderNeeds({ order: { ...order, items: [{ sku: sku("p0", "s0"), fromMerchantStock: false }], inventoryHistory: [] } }, fields)]).byEndpoint[
        "hypersku.getInventoryHistoryByOrderId"
      ],
    ).toBeUndefined();
  });

  it("catalogue: one page, then inventory for its distinct SKUs", () => {
    const products = Array.from({ length: 50 }, (_, p) => ({ skus: Array.from({ length: 5 }, (_, s) => sku(`p${p}`, `s${p}-${s}`)) }));
    const floor = callFloor([catalogueNeeds({ products: connection(products) }, selectedFields("{ products { edges { node { skus { inventory { available } } } } } }"))]);
    expect(floor.byEndpoint).toEqual({ "hypersku.getPrivateProduct": 1, "hypersku.getCustomerInventoryInfo": 3 });
  });

  it("write mix: create, then read the order and create the delivery", () => {
    const steps = [createOrderNeeds(), createDeliveryNeeds()];
    expect(callFloor(steps).total).toBe(3);
    expect(latencyFloor(steps, 16, 20)).toEqual({ waves: 3, ms: 60 });
  });
});
