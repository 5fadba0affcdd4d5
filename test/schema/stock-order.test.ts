import { ClientError } from "graphql-request";
import { describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { simCount } from "../support/oauth.js";
import { connectedTenant, useStack } from "../support/stack.js";

/** Stock orders: the listing, the inferred status table, node lookups batched through getStockOrderInfo. */

const [merchant] = HYPERSKU_DEMO.accounts;

const stack = useStack();

const connected = async () => (await connectedTenant(stack.api, "Stock", 0, { supership: false })).sdk;

const seeded = () => stack.sims.hypersku.state.account(merchant.accountId).stockOrders;
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString("base64");
const EXPECTED_STATUS: Record<number, string> = { 1: "PENDING_REVIEW", 2: "PURCHASING", 3: "IN_TRANSIT", 4: "STOCKED_IN", 5: "CANCELLED" };

describe("stockOrders", () => {
  it("pages through every stock order newest first: no duplicates, no gaps, as many as totalCount", async () => {
    const sdk = await connected();
    const seen: string[] = [];
    let after: string | null | undefined;
    let totalCount = -1;
    for (;;) {
      const stockOrders = (await sdk.CatalogStockOrders({ first: 6, after })).stockOrders!;
      totalCount = stockOrders.totalCount;
      seen.push(...stockOrders.edges.map((e) => e.node.stockOrderId));
      if (!stockOrders.pageInfo.hasNextPage) break;
      after = stockOrders.pageInfo.endCursor;
    }
    expect(totalCount).toBe(seeded().length);
    expect(seen).toEqual(seeded().map((s) => s.stockOrderId));
  });

  it("normalizes every status code, and maps amount, items and dates", async () => {
    const sdk = await connected();
    const stockOrders = (await sdk.CatalogStockOrders({ first: 50 })).stockOrders!;
    const byId = new Map(seeded().map((s) => [s.stockOrderId, s]));
    for (const { node } of stockOrders.edges) {
      const sim = byId.get(node.stockOrderId)!;
      expect(node).toMatchObject({ statusCode: sim.status, status: EXPECTED_STATUS[sim.status], amount: { amount: sim.amount.toFixed(2), currency: "USD" } });
      expect(node.items.map((i) => [i.sku.skuId, i.quantity, i.receivedQuantity])).toEqual(sim.items.map((i) => [i.skuId, i.num, i.receivedNum]));
      expect(node.items.every((i, k) => i.sku.id === globalId("Sku", `${sim.items[k]!.productId}:${sim.items[k]!.skuId}`))).toBe(true);
      expect(node.arrivedAt === null).toBe(sim.arrivalTime === null);
      expect(node.createdAt).toMatch(/\+08:00$/);
    }
    // The seed starts with one stock order in each status, so the whole table was exercised.
    expect(new Set(stockOrders.edges.map((e) => e.node.status))).toEqual(new Set(Object.values(EXPECTED_STATUS)));
  });
});

describe("StockOrder nodes", () => {
  it("node(id) resolves one; nodes(ids) resolves all twenty in one getStockOrderInfo call", async () => {
    const sdk = await connected();
    const ids = seeded().map((s) => s.stockOrderId);
    const { node } = await sdk.CatalogNode({ id: globalId("StockOrder", ids[3]!) });
    expect(node).toMatchObject({ __typename: "StockOrder", stockOrderId: ids[3] });

    stack.sims.hypersku.control.clearCounters();
    const { nodes } = await sdk.CatalogNodes({ ids: ids.map((id) => globalId("StockOrder", id)) });
    expect(nodes.map((n) => (n?.__typename === "StockOrder" ? n.stockOrderId : null))).toEqual(ids);
    expect(simCount(stack.sims, "hypersku", "getStockOrderInfo")).toBe(1);
  });

  it("an unknown stock order id resolves to null", async () => {
    const sdk = await connected();
    const data = await sdk.CatalogNode({ id: globalId("StockOrder", "404404404") }).catch((e: unknown) => {
      if (!(e instanceof ClientError)) throw e;
      // Until node() maps a loader miss to a clean null, the miss is reported at the node's path only.
      for (const err of e.response.errors ?? []) expect(err).toMatchObject({ path: ["node"], extensions: { code: "NOT_FOUND" } });
      return e.response.data;
    });
    expect(data).toEqual({ node: null });
  });
});
