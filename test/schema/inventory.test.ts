import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { simCount } from "../support/oauth.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** Inventory: the paged listing, node lookups, and Sku.inventory batched through getCustomerInventoryInfo. */

let sims: Simulators;
let api: Api;
let unbatched: Api;
const [merchant] = HYPERSKU_DEMO.accounts;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  unbatched = await startApi({ urls: sims.urls, batching: false });
});
afterAll(async () => {
  await Promise.all([api.close(), unbatched.close()]);
  await sims.close();
});

const connected = async (on: Api) => (await connectedTenant(on, "Inventory", 0, { supership: false })).sdk;

const stock = () => sims.hypersku.state.account(merchant.accountId).inventory;
const globalId = (type: string, key: string) => Buffer.from(`${type}:${key}`).toString("base64");

describe("inventory listing", () => {
  it("pages through every row with first: 50: no duplicates, no gaps, as many as totalCount, one call per page", async () => {
    const sdk = await connected(api);
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    let totalCount = -1;
    sims.hypersku.control.clearCounters();
    for (;;) {
      const inventory = (await sdk.CatalogInventory({ first: 50, after })).inventory!;
      totalCount = inventory.totalCount;
      seen.push(...inventory.edges.map((e) => e.node.skuId));
      pages++;
      if (!inventory.pageInfo.hasNextPage) break;
      after = inventory.pageInfo.endCursor;
    }
    expect(totalCount).toBe(stock().size);
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen)).toEqual(new Set(stock().keys()));
    expect(pages).toBe(Math.ceil(totalCount / 50));
    expect(simCount(sims, "hypersku", "getInventoryInfo")).toBe(pages);
    // Listing rows prime the Inventory loader: each row's sku.inventory needs no further call.
    expect(simCount(sims, "hypersku", "getCustomerInventoryInfo")).toBe(0);
  });

  it("a row carries the stock levels and links to its SKU and product", async () => {
    const sdk = await connected(api);
    const inventory = (await sdk.CatalogInventory({ first: 5 })).inventory!;
    for (const { node } of inventory.edges) {
      const level = stock().get(node.skuId)!;
      expect(node).toMatchObject({ available: level.availableQty, reserved: level.reservedQty, inTransit: level.inTransitQty, warehouseName: level.warehouseName });
      expect(node.sku).toMatchObject({ skuId: node.skuId, id: globalId("Sku", `${level.productId}:${node.skuId}`), product: { productId: level.productId } });
      expect(node.sku.inventory).toEqual({ available: level.availableQty });
      expect(node.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*[+-]\d{2}:\d{2}$/);
    }
  });
});

describe("Inventory nodes", () => {
  it("node(id) and nodes(ids) resolve Inventory by SKU id, in one getCustomerInventoryInfo call", async () => {
    const sdk = await connected(api);
    const skuIds = [...stock().keys()].slice(0, 3);
    sims.hypersku.control.clearCounters();
    const { node } = await sdk.CatalogNode({ id: globalId("Inventory", skuIds[0]!) });
    expect(node).toMatchObject({ __typename: "Inventory", skuId: skuIds[0], available: stock().get(skuIds[0]!)!.availableQty });
    const { nodes } = await sdk.CatalogNodes({ ids: skuIds.map((s) => globalId("Inventory", s)) });
    expect(nodes.map((n) => (n?.__typename === "Inventory" ? n.skuId : null))).toEqual(skuIds);
    expect(simCount(sims, "hypersku", "getCustomerInventoryInfo")).toBe(2);
  });
});

describe("Sku.inventory", () => {
  const query = { first: 50 };

  it("is the SKU's stock, or null when the merchant holds none", async () => {
    const sdk = await connected(api);
    const { products } = await sdk.CatalogProductInventory(query);
    const skus = products!.edges.flatMap((e) => e.node.skus);
    for (const sku of skus) {
      const level = stock().get(sku.skuId);
      expect(sku.inventory).toEqual(level ? { id: globalId("Inventory", sku.skuId), skuId: sku.skuId, available: level.availableQty } : null);
    }
    // Both cases occur in the seed (about 40% of SKUs are stocked), so both branches were checked.
    expect(skus.some((s) => s.inventory === null)).toBe(true);
    expect(skus.some((s) => s.inventory !== null)).toBe(true);
  });

  it("batches: one getPrivateProduct call for the page and ⌈distinct SKUs / 100⌉ getCustomerInventoryInfo calls", async () => {
    const sdk = await connected(api);
    sims.hypersku.control.clearCounters();
    const { products } = await sdk.CatalogProductInventory(query);
    const distinct = new Set(products!.edges.flatMap((e) => e.node.skus.map((s) => s.skuId))).size;
    // The page's products' SKUs as seeded (every SKU id is distinct in the seed).
    const catalogue = sims.hypersku.state.account(merchant.accountId).products;
    expect(distinct).toBe(products!.edges.reduce((n, e) => n + catalogue.get(e.node.productId)!.skus.length, 0));
    expect(distinct).toBeGreaterThan(100); // a precondition, not a count: so the 100-id cap really splits the batch
    expect(simCount(sims, "hypersku", "getPrivateProduct")).toBe(1);
    expect(simCount(sims, "hypersku", "getCustomerInventoryInfo")).toBe(Math.ceil(distinct / 100));
  });

  it("with batching off makes one getCustomerInventoryInfo call per SKU, with the same answers", async () => {
    const [batchedSdk, unbatchedSdk] = await Promise.all([connected(api), connected(unbatched)]);
    const expected = await batchedSdk.CatalogProductInventory(query);
    sims.hypersku.control.clearCounters();
    const { products } = await unbatchedSdk.CatalogProductInventory(query);
    const distinct = new Set(products!.edges.flatMap((e) => e.node.skus.map((s) => s.skuId))).size;
    expect(simCount(sims, "hypersku", "getCustomerInventoryInfo")).toBe(distinct);
    expect(products).toEqual(expected.products);
  });
});
