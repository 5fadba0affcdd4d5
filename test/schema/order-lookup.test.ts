import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { createTransport } from "../../src/providers/http.js";
import { createHyperskuClient } from "../../src/providers/hypersku/client.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * order(storeOrderId:): getOrdersByExternalOrderId with HYPERSKU_STORE_CODE by default (3P,
 * addendum #6), the inferred getOrderInfos filter with HYPERSKU_ORDER_LOOKUP=filter or without
 * a store code; the newest of several orders sharing a store order id; exactly one argument.
 */

const [merchant, otherMerchant] = HYPERSKU_DEMO.accounts;
let sims: Simulators;
const apis: Api[] = [];

/** An API with these settings and a tenant connected to demo account 10001 through it. */
async function tenantOn(env: Record<string, string>) {
  const api = await startApi({ urls: sims.urls, env });
  apis.push(api);
  const { sdk, apiKey } = await connectedTenant(api, "Lookup", 0, { supership: false });
  return { api, sdk, apiKey };
}

/** The simulator's counters for the two lookups, cleared before `run`. */
async function lookupCalls(run: () => Promise<unknown>) {
  sims.hypersku.control.clearCounters();
  await run();
  const { byEndpoint } = sims.hypersku.control.counts();
  return { external: byEndpoint.getOrdersByExternalOrderId ?? 0, filter: byEndpoint.getOrderInfos ?? 0 };
}

async function gql(api: Api, apiKey: string, query: string) {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: { order: unknown }; errors?: Array<{ message: string; extensions?: { code?: string; issues?: unknown } }> };
}

beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(async () => {
  for (const api of apis) await api.close();
  await sims.close();
});

describe("order(storeOrderId:)", () => {
  it("goes to getOrdersByExternalOrderId with HYPERSKU_STORE_CODE by default", async () => {
    const { sdk } = await tenantOn({ HYPERSKU_STORE_CODE: merchant.storeCode });
    let order: Awaited<ReturnType<typeof sdk.OrderByStoreOrderId>>["order"] = null;
    expect(await lookupCalls(async () => ({ order } = await sdk.OrderByStoreOrderId({ storeOrderId: "SO-000042" })))).toEqual({ external: 1, filter: 0 });
    expect(order).toMatchObject({ storeOrderId: "SO-000042" });
    const orderCalls = sims.hypersku.control.log().filter((r) => r.path.includes("/admin/orders/"));
    expect(orderCalls.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /api/customer/admin/orders/getOrdersByExternalOrderId"]);
    // The same order as by its HyperSKU id.
    expect((await sdk.Order({ orderId: order!.orderId })).order).toEqual((({ createdAt, ...rest }) => rest)(order!));
    expect((await sdk.OrderByStoreOrderId({ storeOrderId: "NO-SUCH-ORDER" })).order).toBeNull();
  });

  it("sends the store code: another store's code finds nothing", async () => {
    const { sdk } = await tenantOn({ HYPERSKU_STORE_CODE: otherMerchant.storeCode });
    let order: unknown;
    expect(await lookupCalls(async () => ({ order } = await sdk.OrderByStoreOrderId({ storeOrderId: "SO-000042" })))).toEqual({ external: 1, filter: 0 });
    expect(order).toBeNull();
  });

  it("uses the getOrderInfos filter with HYPERSKU_ORDER_LOOKUP=filter", async () => {
    const { sdk } = await tenantOn({ HYPERSKU_STORE_CODE: merchant.storeCode, HYPERSKU_ORDER_LOOKUP: "filter" });
    let order: Awaited<ReturnType<typeof sdk.OrderByStoreOrderId>>["order"] = null;
    expect(await lookupCalls(async () => ({ order } = await sdk.OrderByStoreOrderId({ storeOrderId: "SO-000042" })))).toEqual({ external: 0, filter: 1 });
    expect(order).toMatchObject({ storeOrderId: "SO-000042" });
    expect((await sdk.OrderByStoreOrderId({ storeOrderId: "NO-SUCH-ORDER" })).order).toBeNull();
  });

  it("falls back to the filter, with a warning at start, when HYPERSKU_STORE_CODE is not set", async () => {
    const { sdk, api } = await tenantOn({});
    expect(await lookupCalls(() => sdk.OrderByStoreOrderId({ storeOrderId: "SO-000042" }))).toEqual({ external: 0, filter: 1 });
    const warnings = api.logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40);
    expect(warnings.map((w) => w.msg)).toContainEqual(expect.stringContaining("HYPERSKU_STORE_CODE is not set"));
  });

  it("returns the newest of several orders sharing a store order id, in both modes", async () => {
    const login = await createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: sims.urls.hyperskuBaseUrl, retries: 0 }) }).getToken(merchant);
    const hs = createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: sims.urls.hyperskuBaseUrl, retries: 0 }), token: login.accessToken });
    const skuId = (await hs.getPrivateProduct({ page: 1, limit: 1 })).rows[0]!.skus[0]!.id;
    const [channel] = await hs.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId, num: 1 }] });
    const shippingAddress = { firstName: "Ada", lastName: "Lovelace", address: "1 Main St", city: "Austin", zipCode: "78701", countryCode: "US" };
    const create = () => hs.create({ thirdOrderId: "DUP-1", logisticsId: channel!.id, shippingAddress, skuItems: [{ skuId, num: 1 }] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await create()).orderBaseInfo.orderId);
      // Wire times have whole seconds: move the simulator's clock so each order is strictly newer.
      await fetch(`${sims.urls.hyperskuBaseUrl}/__sim/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs: 5_000 }) });
    }
    expect(new Set(ids).size).toBe(3);

    const external = await tenantOn({ HYPERSKU_STORE_CODE: merchant.storeCode });
    const filter = await tenantOn({ HYPERSKU_ORDER_LOOKUP: "filter" });
    for (const { sdk } of [external, filter]) {
      expect((await sdk.OrderByStoreOrderId({ storeOrderId: "DUP-1" })).order?.orderId).toBe(ids[2]);
    }
  });
});

describe("order(...) arguments", () => {
  it("takes exactly one of orderId and storeOrderId, else BAD_USER_INPUT naming them", async () => {
    const { api, apiKey } = await tenantOn({ HYPERSKU_STORE_CODE: merchant.storeCode });
    sims.hypersku.control.clearCounters();
    const both = await gql(api, apiKey, '{ order(orderId: "1", storeOrderId: "SO-000042") { orderId } }');
    expect(both.data?.order).toBeNull();
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: "storeOrderId", message: "give orderId or storeOrderId, not both" }] });
    const neither = await gql(api, apiKey, "{ order { orderId } }");
    expect(neither.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: "orderId", message: "give orderId or storeOrderId" }] });
    const empty = await gql(api, apiKey, '{ order(storeOrderId: "") { orderId } }');
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", issues: [{ path: "storeOrderId", message: "must not be empty" }] });
    // Refused before any provider call.
    expect(sims.hypersku.control.counts().total).toBe(0);
  });
});
