import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { composeSupergraph, FULFILLMENT_SDL } from "./gateway.js";
import { type HiveGateway, startHiveGateway } from "./hive-gateway.js";
import { type Storefront, startStorefront } from "./storefront.js";
import { SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/**
 * Hive Gateway with its response cache on, in front of the subgraph, everything over loopback
 * HTTP (docs/federation.md "Caching", docs/decisions/029-cache-scope.md). Two tenants send the
 * same order-shaped document: each gets its own orders, never the other's, whether the cache
 * keys on the caller (the documented `session`) or not (the naive setup, kept safe by the
 * SDL's `@cacheControl(scope: PRIVATE)`). Without both, the last test shows the leak.
 */

const ORDERS = `{ orders(first: 5) { edges { node { orderId storeOrderId status } } } }`;
const PROVINCES = `{ provinces { code name } }`;
type Orders = { orders: { edges: Array<{ node: { orderId: string; storeOrderId: string } }> } };

let sims: Simulators;
let api: Api;
let storefront: Storefront;
let a: Tenant;
let b: Tenant;
const secret = { header: SUBGRAPH_HEADER, value: SUBGRAPH_SECRET };

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
  storefront = await startStorefront();
  a = await connectedTenant(api, "Tenant A", 0);
  b = await connectedTenant(api, "Tenant B", 1);
});
afterAll(async () => {
  await storefront?.close();
  await api?.close();
  await sims?.close();
});

const urls = () => ({ fulfillment: `${api.url}/subgraph`, storefront: storefront.url });

/** The first five orders of a tenant, as the HyperSKU simulator holds them (newest first, as `orders` lists them). */
async function ownOrders(gateway: HiveGateway, who: Tenant): Promise<string[]> {
  const res = await gateway.query<Orders>(ORDERS, who.apiKey);
  expect(res.errors).toBeUndefined();
  const ids = res.data!.orders.edges.map((e) => e.node.orderId);
  expect(ids).toHaveLength(5);
  expect(ids.every((id) => seeded(sims, who).orderIds.includes(id))).toBe(true);
  // Account 10001's store orders are SO-nnnnnn, account 10002's SO2-nnnnnn (simulator seed).
  const pattern = who === a ? /^SO-\d{6}$/ : /^SO2-\d{6}$/;
  expect(res.data!.orders.edges.every((e) => pattern.test(e.node.storeOrderId))).toBe(true);
  return ids;
}

describe("session keyed on the caller (as docs/federation.md configures it)", () => {
  let gateway: HiveGateway;
  beforeAll(async () => {
    gateway = await startHiveGateway(urls(), { secret, session: "caller" });
  });
  afterAll(() => gateway?.close());

  it("tenant B never gets tenant A's cached answer; each tenant's repeat is served from the cache", async () => {
    const firstA = await ownOrders(gateway, a);
    const firstB = await ownOrders(gateway, b);
    expect(firstB).not.toEqual(firstA);
    expect(gateway.subgraphFetches).toBe(2);

    sims.hypersku.control.clearCounters();
    expect(await ownOrders(gateway, a)).toEqual(firstA);
    expect(await ownOrders(gateway, b)).toEqual(firstB);
    // Both repeats came from the gateway's cache: no subgraph request, no HyperSKU call.
    expect(gateway.subgraphFetches).toBe(2);
    expect(sims.hypersku.control.log()).toHaveLength(0);
  });
});

describe("no session (the naive setup)", () => {
  let gateway: HiveGateway;
  beforeAll(async () => {
    gateway = await startHiveGateway(urls(), { secret, session: "none" });
  });
  afterAll(() => gateway?.close());

  it("PRIVATE types are never cached without a session: each tenant gets its own orders, every time", async () => {
    const firstA = await ownOrders(gateway, a);
    const firstB = await ownOrders(gateway, b);
    expect(firstB).not.toEqual(firstA);
    expect(await ownOrders(gateway, a)).toEqual(firstA);
    expect(gateway.subgraphFetches).toBe(3);
  });

  it("the area lists, unmarked, are cached once for everybody", async () => {
    const before = gateway.subgraphFetches;
    const first = await gateway.query<{ provinces: unknown[] }>(PROVINCES, a.apiKey);
    const second = await gateway.query<{ provinces: unknown[] }>(PROVINCES, b.apiKey);
    expect(first.errors).toBeUndefined();
    expect(first.data!.provinces.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(gateway.subgraphFetches).toBe(before + 1);
  });
});

describe("what the marks prevent", () => {
  let gateway: HiveGateway;
  beforeAll(async () => {
    // The same subgraph without its @cacheControl marks, behind the naive setup.
    const unmarked = FULFILLMENT_SDL.replaceAll("@cacheControl(scope: PRIVATE)", "");
    gateway = await startHiveGateway(urls(), { secret, session: "none", supergraph: composeSupergraph(urls(), unmarked) });
  });
  afterAll(() => gateway?.close());

  it("without marks and without a session, tenant B is served tenant A's orders", async () => {
    const firstA = await ownOrders(gateway, a);
    const res = await gateway.query<Orders>(ORDERS, b.apiKey);
    expect(res.data!.orders.edges.map((e) => e.node.orderId)).toEqual(firstA);
    expect(gateway.subgraphFetches).toBe(1);
  });
});
