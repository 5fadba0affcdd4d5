import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DashboardQuery } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { PRE_SHIPMENT_CODES } from "../../src/domain/order-status.js";
import { hyperskuEndpoints } from "../../src/providers/hypersku/endpoints.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The dashboard query — 50 orders with items → SKU → product, SKU inventory, shipments with
 * events, and the SuperShip delivery — costs one call per batch endpoint per level (split at its
 * maximum) plus one per distinct key on endpoints with no batch form, read off the simulators.
 */

let sims: Simulators;
let batched: Api;
let unbatched: Api;
const keys: Record<string, string> = {};
const shipped = new Set(shippedStoreOrderIds(SUPERSHIP_DEMO.accounts[0].shopCode));

beforeAll(async () => {
  sims = await startSimulators();
  batched = await startApi({ urls: sims.urls });
  unbatched = await startApi({ urls: sims.urls, batching: false });
  keys.batched = (await connectedTenant(batched, "Dashboard")).apiKey;
  keys.unbatched = (await connectedTenant(unbatched, "Dashboard")).apiKey;
});
afterAll(async () => {
  await Promise.all([batched.close(), unbatched.close()]);
  await sims.close();
});
beforeEach(async () => {
  await fetch(`${sims.hypersku.url}/__sim/faults`, { method: "DELETE" });
  sims.hypersku.control.clearCounters();
  sims.supership.control.clearCounters();
});

const calls = () => ({ hypersku: sims.hypersku.control.counts().byEndpoint, supership: sims.supership.control.counts().byEndpoint });
const total = (c: ReturnType<typeof calls>) => [...Object.values(c.hypersku), ...Object.values(c.supership)].reduce((a, b) => a + b, 0);

/** The call floor, derived from what the response itself references. */
function floor(data: DashboardQuery) {
  const orders = data.orders!.edges.map((e) => e.node);
  const skus = orders.flatMap((o) => o.items.map((i) => i.sku!));
  const products = new Set(skus.map((s) => s.product.id));
  const skuIds = new Set(skus.map((s) => s.skuId));
  const mayHaveParcels = new Set(orders.filter((o) => !PRE_SHIPMENT_CODES.has(o.statusCode)).map((o) => o.storeOrderId));
  return {
    hypersku: {
      getOrderInfos: 1,
      getPrivateProduct: Math.ceil(products.size / hyperskuEndpoints.getPrivateProduct.maxBatch),
      getCustomerInventoryInfo: Math.ceil(skuIds.size / hyperskuEndpoints.getCustomerInventoryInfo.maxBatch),
      internationalLogisticsInfo: mayHaveParcels.size,
    },
    supership: { orderInfo: new Set(orders.map((o) => o.storeOrderId)).size },
  };
}

describe("the dashboard query", () => {
  it("makes exactly the floor of upstream calls when batched", async () => {
    const data = await batched.as(keys.batched!).Dashboard({ first: 50 });
    const orders = data.orders!.edges.map((e) => e.node);
    expect(orders).toHaveLength(50);
    // Exactly what the seed holds for the page (so every loader of the floor has keys):
    const account = sims.hypersku.state.account(HYPERSKU_DEMO.accounts[0].accountId);
    // the 50 newest of 520 store orders, 2 in 5 shipped (index % 5 ∈ {3, 4}), each with a SuperShip delivery;
    expect(orders.filter((o) => o.delivery?.events.length).map((o) => o.storeOrderId)).toEqual(orders.filter((o) => shipped.has(o.storeOrderId)).map((o) => o.storeOrderId));
    expect(orders.filter((o) => o.delivery)).toHaveLength(20);
    // HyperSKU parcels with tracking events where the seed has them;
    const tracked = (o: (typeof orders)[number]) => account.orders.get(o.orderId)!.parcels.some((p) => p.events.length > 0);
    expect(orders.filter((o) => o.shipments?.some((s) => s.events.length > 0)).map((o) => o.orderId)).toEqual(orders.filter(tracked).map((o) => o.orderId));
    expect(orders.some(tracked)).toBe(true); // precondition: the shipments loader has keys
    // stock on exactly the SKUs the seed stocks.
    const items = orders.flatMap((o) => o.items);
    expect(items.filter((i) => i.sku?.inventory).length).toBe(items.filter((i) => account.inventory.has(i.sku!.skuId)).length);
    expect(items.some((i) => i.sku?.inventory)).toBe(true); // precondition: the inventory loader has keys
    // Enough distinct products that the 50-id maximum of getPrivateProduct really splits.
    expect(floor(data).hypersku.getPrivateProduct).toBeGreaterThan(1);

    expect(calls()).toEqual(floor(data));
  });

  it("makes many times more calls with batching off, for the same answer", async () => {
    const a = await batched.as(keys.batched!).Dashboard({ first: 50 });
    const batchedCalls = total(calls());
    sims.hypersku.control.clearCounters();
    sims.supership.control.clearCounters();
    const b = await unbatched.as(keys.unbatched!).Dashboard({ first: 50 });
    const unbatchedCalls = total(calls());

    expect(b).toEqual(a);
    // Unbatched: one call per distinct key of each loader (the per-request cache still dedupes), so the
    // floor's batch sizes become 1.
    const f = floor(a);
    const orders = a.orders!.edges.map((e) => e.node);
    const skus = orders.flatMap((o) => o.items.map((i) => i.sku!));
    expect(calls()).toEqual({
      hypersku: { ...f.hypersku, getPrivateProduct: new Set(skus.map((s) => s.product.id)).size, getCustomerInventoryInfo: new Set(skus.map((s) => s.skuId)).size },
      supership: f.supership,
    });
    expect(batchedCalls).toBe(total(f));
    expect(unbatchedCalls).toBeGreaterThanOrEqual(3 * batchedCalls); // the claim "many times more", a ratio bound
  });

  it("with one endpoint answering 500, returns everything else and a typed error at each affected path", async () => {
    sims.hypersku.control.addFault({ endpoint: "getCustomerInventoryInfo", kind: "http500" });
    const res = await fetch(`${batched.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keys.batched}` },
      body: JSON.stringify({
        query: "query { orders(first: 20) { edges { node { storeOrderId delivery { code } items { sku { skuId inventory { available } product { title } } } } } } }",
      }),
    });
    const body = (await res.json()) as {
      data: { orders: { edges: { node: { storeOrderId: string; items: { sku: { skuId: string; inventory: unknown; product: { title: string } } }[] } }[] } };
      errors: { path: (string | number)[]; extensions: { code: string; provider: string; endpoint: string } }[];
    };
    const orders = body.data.orders.edges.map((e) => e.node);
    expect(orders).toHaveLength(20);
    expect(orders.every((o) => o.storeOrderId && o.items.every((i) => i.sku.skuId && i.sku.product.title && i.sku.inventory === null))).toBe(true);
    // One error per item: each SKU's inventory failed.
    expect(body.errors).toHaveLength(orders.flatMap((o) => o.items).length);
    for (const e of body.errors) {
      expect(e.path.at(-1)).toBe("inventory");
      expect(e.extensions).toMatchObject({ code: "PROVIDER_HTTP_ERROR", provider: "hypersku", endpoint: "getCustomerInventoryInfo" });
    }
  });
});
