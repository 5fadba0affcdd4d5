import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simCount } from "../support/oauth.js";
import { type Api, connectedTenant, findSecrets, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { type Gateway, startGateway } from "./gateway.js";
import { type Storefront, startStorefront } from "./storefront.js";
import { SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/**
 * The subgraph behind a real gateway (@apollo/gateway in @apollo/server) next to a second
 * subgraph, everything over loopback HTTP: queries that cross both subgraphs, for two tenants
 * at once, and what entity references cost upstream.
 */

let sims: Simulators;
let api: Api;
let storefront: Storefront;
let gateway: Gateway;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
  storefront = await startStorefront();
  gateway = await startGateway({ fulfillment: `${api.url}/subgraph`, storefront: storefront.url }, { header: SUBGRAPH_HEADER, value: SUBGRAPH_SECRET });
  a = await connectedTenant(api, "Tenant A", 0);
  b = await connectedTenant(api, "Tenant B", 1);
});
afterAll(async () => {
  await gateway?.close();
  await storefront?.close();
  await api?.close();
  await sims?.close();
});
beforeEach(() => sims.hypersku.control.clearCounters());

const feature = (t: Tenant, what: Parameters<Storefront["feature"]>[1]) => storefront.feature(`Bearer ${t.apiKey}`, what);

interface FeaturedOrder {
  orderId: string;
  storeOrderId: string;
  storefrontNote: string;
  status: string;
  total: { amount: string };
  items: Array<{ title: string }>;
}
const FEATURED_ORDERS = `{ featuredOrders { orderId storeOrderId storefrontNote status total { amount } items { title } } }`;

describe("a query across both subgraphs", () => {
  it("two tenants at once each get their own orders, with the storefront's field and ours", async () => {
    const idsA = seeded(sims, a).orderIds.slice(0, 20);
    const idsB = seeded(sims, b).orderIds.slice(0, 20);
    feature(a, { orderIds: idsA });
    feature(b, { orderIds: idsB });

    const runs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const who = i % 2 === 0 ? a : b;
        return { who, res: await gateway.query<{ featuredOrders: FeaturedOrder[] }>(FEATURED_ORDERS, who.apiKey) };
      }),
    );
    for (const { who, res } of runs) {
      expect(res.errors).toBeUndefined();
      const orders = res.data!.featuredOrders;
      expect(orders.map((o) => o.orderId)).toEqual(who === a ? idsA : idsB);
      // Account 10001's store orders are SO-nnnnnn, account 10002's SO2-nnnnnn (simulator seed).
      expect(orders.every((o) => (who === a ? /^SO-\d{6}$/ : /^SO2-\d{6}$/).test(o.storeOrderId))).toBe(true);
      for (const o of orders) {
        expect(o.storefrontNote).toBe(`note on order ${o.orderId}`);
        expect(o.total.amount).toMatch(/^\d+(\.\d+)?$/);
        // The order's seeded items, as the HyperSKU simulator holds them.
        const sim = seeded(sims, who).orders.find((s) => s.orderId === o.orderId)!;
        expect(o.items.map((i) => i.title)).toEqual(sim.items.map((i) => i.goodsName));
      }
    }
    // Both provider accounts were used, and the storefront saw each caller's own header.
    const accounts = new Set(
      sims.hypersku.control
        .log()
        .slice(-40)
        .map((r) => r.account)
        .filter(Boolean),
    );
    expect(accounts).toEqual(new Set([a.accountId, b.accountId]));
    expect(new Set(storefront.seen.slice(-20))).toEqual(new Set([`Bearer ${a.apiKey}`, `Bearer ${b.apiKey}`]));
  });

  it("products and SKUs referenced by key resolve with the storefront's fields", async () => {
    const seed = seeded(sims, a);
    const skus = seed.skus.slice(0, 3);
    feature(a, { productIds: seed.productIds.slice(0, 3), skus });
    const res = await gateway.query<{
      featuredProducts: Array<{ productId: string; title: string; storefrontNote: string }>;
      featuredSkus: Array<{ skuId: string; storefrontBadge: string; price: { amount: string }; product: { productId: string; title: string } }>;
    }>(`{ featuredProducts { productId title storefrontNote } featuredSkus { skuId storefrontBadge price { amount } product { productId title } } }`, a.apiKey);
    expect(res.errors).toBeUndefined();
    expect(res.data!.featuredProducts.map((p) => [p.productId, p.storefrontNote])).toEqual(seed.productIds.slice(0, 3).map((id) => [id, `note on product ${id}`]));
    expect(res.data!.featuredProducts.every((p) => p.title.length > 0)).toBe(true);
    expect(res.data!.featuredSkus.map((s) => [s.skuId, s.product.productId, s.storefrontBadge])).toEqual(skus.map((s) => [s.skuId, s.productId, `badge ${s.skuId}`]));
  });
});

describe("entity batching", () => {
  it("20 referenced orders cost one getOrderInfos call, 60 cost two (50 ids a call), not one per order", async () => {
    const ids = seeded(sims, a).orderIds;
    feature(a, { orderIds: ids.slice(0, 20) });
    const twenty = await gateway.query<{ featuredOrders: FeaturedOrder[] }>(FEATURED_ORDERS, a.apiKey);
    expect(twenty.data?.featuredOrders).toHaveLength(20);
    expect(simCount(sims, "hypersku", "getOrderInfos")).toBe(1);

    sims.hypersku.control.clearCounters();
    feature(a, { orderIds: ids.slice(0, 60) });
    const sixty = await gateway.query<{ featuredOrders: FeaturedOrder[] }>(FEATURED_ORDERS, a.apiKey);
    expect(sixty.data?.featuredOrders.map((o) => o.orderId)).toEqual(ids.slice(0, 60));
    expect(simCount(sims, "hypersku", "getOrderInfos")).toBe(2);
  });

  it("30 products by key cost one getPrivateProduct call; so do 30 SKUs of 30 products", async () => {
    const seed = seeded(sims, a);
    const productIds = seed.productIds.slice(0, 30);
    // One SKU of each of 30 products: a SKU loads through its product, so they batch as products do.
    const skus = productIds.map((productId) => seed.skus.find((s) => s.productId === productId)!);
    feature(a, { productIds, skus });

    const products = await gateway.query<{ featuredProducts: unknown[] }>(`{ featuredProducts { productId title } }`, a.apiKey);
    expect(products.data?.featuredProducts).toHaveLength(30);
    expect(simCount(sims, "hypersku", "getPrivateProduct")).toBe(1);

    sims.hypersku.control.clearCounters();
    const bySku = await gateway.query<{ featuredSkus: Array<{ skuId: string }> }>(`{ featuredSkus { skuId price { amount } } }`, a.apiKey);
    expect(bySku.data?.featuredSkus.map((s) => s.skuId)).toEqual(skus.map((s) => s.skuId));
    expect(simCount(sims, "hypersku", "getPrivateProduct")).toBe(1);
  });
});

describe("secrets", () => {
  it("no log line of the API carries the shared secret or a forwarded API key", () => {
    expect(api.logs.length).toBeGreaterThan(0); // a bound: only that the search below had lines to search
    expect(findSecrets(api.logs.join(""), [SUBGRAPH_SECRET, a.apiKey, b.apiKey])).toEqual([]);
  });
});
