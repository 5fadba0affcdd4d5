import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { getSdk } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { simCount } from "../support/oauth.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** Orders: the paged listing, lookups by id and store order id, node ids, and stock movements. */

let sims: Simulators;
let api: Api;
let sdk: ReturnType<typeof getSdk>;
const [merchant, otherMerchant] = HYPERSKU_DEMO.accounts;
/** The simulator's own state for the merchant: the seed (520 orders for 10001), as the API must reflect it. */
const seeded = () => sims.hypersku.state.account(merchant.accountId);

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  const { apiKey } = await createTenant(api.store, "Orders");
  sdk = api.as(apiKey);
  await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

describe("orders listing", () => {
  it("pages through every order with first: 50: no duplicates, no gaps, one getOrderInfos call per page", async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    let totalCount = 0;
    let pages = 0;
    do {
      sims.hypersku.control.clearCounters();
      const { orders } = await sdk.Orders({ first: 50, after });
      expect(simCount(sims, "hypersku", "getOrderInfos")).toBe(1);
      totalCount = orders!.totalCount;
      seen.push(...orders!.edges.map((e) => e.node.orderId));
      after = orders!.pageInfo.hasNextPage ? orders!.pageInfo.endCursor : null;
      pages++;
    } while (after);

    expect(totalCount).toBe(seeded().orders.size); // 520: SEED_LAYOUT of account 10001
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen).size).toBe(totalCount);
    expect(pages).toBe(Math.ceil(totalCount / 50));
  });

  it("filters by status and by store order id", async () => {
    const { orders: shipping } = await sdk.Orders({ first: 20, status: "SHIPPING" });
    const seededShipping = [...seeded().orders.values()].filter((o) => o.status === 4).length;
    expect(seededShipping).toBeGreaterThan(0); // a precondition on the seed, or the filter is tested on nothing
    expect(shipping!.totalCount).toBe(seededShipping);
    expect(shipping!.edges).toHaveLength(Math.min(20, seededShipping));
    expect(shipping!.edges.every((e) => e.node.status === "SHIPPING" && e.node.statusCode === 4)).toBe(true);

    const { orders: one } = await sdk.Orders({ first: 5, storeOrderId: "SO-000042" });
    expect(one!.totalCount).toBe(1);
    expect(one!.edges[0]?.node.storeOrderId).toBe("SO-000042");
  });
});

describe("order lookups", () => {
  it("order(orderId) returns the order; an unknown id or another merchant's order is null, not an error", async () => {
    const { orders } = await sdk.Orders({ first: 1, storeOrderId: "SO-000007" });
    const orderId = orders!.edges[0]!.node.orderId;
    const { order } = await sdk.Order({ orderId });
    expect(order).toMatchObject({ orderId, storeOrderId: "SO-000007" });
    expect(order?.shippingAddress?.countryCode).toMatch(/^[A-Z]{2}$/);
    expect((await sdk.Order({ orderId: "9999999999999999999" })).order).toBeNull();

    const { apiKey } = await createTenant(api.store, "Other merchant");
    const other = api.as(apiKey);
    await other.ConnectHyperskuWithPassword({ username: otherMerchant.username, password: otherMerchant.password });
    expect((await other.Order({ orderId })).order).toBeNull();
  });

  it("node(id) resolves an Order by its global id", async () => {
    const { orders } = await sdk.Orders({ first: 3 });
    const target = orders!.edges[2]!.node;
    const { node } = await sdk.OrderNode({ id: target.id });
    expect(node).toMatchObject({ __typename: "Order", id: target.id, orderId: target.orderId, storeOrderId: target.storeOrderId });
  });
});

describe("Order.inventoryHistory", () => {
  it("lists stock movements for orders filled from merchant stock, with one call per such order and none for the others", async () => {
    sims.hypersku.control.clearCounters();
    const { orders } = await sdk.OrderInventoryHistory({ first: 50 });
    const nodes = orders!.edges.map((e) => e.node);
    const withStock = nodes.filter((o) => o.items.some((i) => i.fromMerchantStock));
    // Exactly the page's orders that the seed filled from merchant stock (an item with isInventory = 1).
    const seededWithStock = nodes.filter((o) =>
      seeded()
        .orders.get(o.orderId)!
        .items.some((i) => i.isInventory === 1),
    );
    expect(withStock.map((o) => o.orderId)).toEqual(seededWithStock.map((o) => o.orderId));
    // Preconditions on the seed, so both branches below run: some of the page with stock, some without.
    expect(withStock.length).toBeGreaterThan(0);
    expect(withStock.length).toBeLessThan(nodes.length);
    expect(simCount(sims, "hypersku", "getInventoryHistoryByOrderId")).toBe(withStock.length);

    for (const order of nodes) {
      if (!withStock.includes(order)) {
        expect(order.inventoryHistory).toEqual([]);
        continue;
      }
      const history = order.inventoryHistory!;
      expect(history).toHaveLength(seeded().history.filter((h) => h.orderId === order.orderId).length);
      expect(history.length).toBeGreaterThan(0); // precondition: a stock-filled order has at least its LOCK
      // The first movement of a stock-filled order reserves it (LOCK takes units out of available stock).
      expect(history[0]).toMatchObject({ type: "LOCK", rawType: "LOCK" });
      expect(history[0]!.quantityChange).toBeLessThan(0);
      const times = history.map((m) => Date.parse(m.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const stockSkus = order.items.filter((i) => i.fromMerchantStock).map((i) => i.sku?.skuId);
      for (const m of history) expect(stockSkus).toContain(m.sku?.skuId);
    }
  });
});
