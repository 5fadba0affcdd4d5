import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DashboardDocument, WarehousesDocument } from "../../packages/sdk/src/generated.js";
import type { CallEvent } from "../../src/providers/http.js";
import { postSubgraph, SUBGRAPH_HEADER, SUBGRAPH_SECRET } from "../federation/tenants.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * A GraphQL request's time budget (GRAPHQL_REQUEST_BUDGET_MS, lowered by `x-request-budget-ms`):
 * every provider call it makes is bounded by what is left of it, and when a call hangs the
 * response goes out with that field's PROVIDER_TIMEOUT and everything else. Asserted by the
 * response's shape, the simulators' counters and the timeout each call was given, never by the clock.
 */

const BUDGET_MS = 4_000;
let sims: Simulators;
let api: Api;
let apiKey: string;
let shopCode: string;
const calls: CallEvent[] = [];

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { GRAPHQL_REQUEST_BUDGET_MS: String(BUDGET_MS), SUBGRAPH_SECRET }, onProviderCall: (e) => calls.push(e) });
  ({ apiKey, shopCode } = await connectedTenant(api, "Deadlines"));
});
afterAll(async () => {
  await api.close();
  await sims.close();
});
beforeEach(async () => {
  await Promise.all([sims.hypersku.url, sims.supership.url].map((url) => fetch(`${url}/__sim/faults`, { method: "DELETE" })));
  sims.hypersku.control.clearCounters();
  sims.supership.control.clearCounters();
  calls.length = 0;
});

interface GraphQLResponse<T> {
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
}
async function post<T>(query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as GraphQLResponse<T>;
}

interface Dashboard {
  orders: {
    edges: Array<{
      node: {
        storeOrderId: string;
        delivery: { code: string } | null;
        items: Array<{ sku: { skuId: string; product: { title: string }; inventory: { available: number } | null } | null }>;
      };
    }>;
  };
}

describe("a request's time budget", () => {
  it("a hung inventory call: the Dashboard answers with every other field and PROVIDER_TIMEOUT at the inventory paths; the call was made once", async () => {
    const clean = await post<Dashboard>(DashboardDocument, {}, { first: 50 });
    expect(clean.errors).toBeUndefined();
    const inventoryCalls = sims.hypersku.control.counts().byEndpoint.getCustomerInventoryInfo ?? 0;
    expect(inventoryCalls).toBeGreaterThan(0); // precondition: the page has stocked SKUs
    sims.hypersku.control.clearCounters();
    sims.supership.control.clearCounters();
    calls.length = 0;

    await fetch(`${sims.hypersku.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ endpoint: "getCustomerInventoryInfo", kind: "hang", hangMs: 30_000 }) });
    const { data, errors = [] } = await post<Dashboard>(DashboardDocument, { "x-request-budget-ms": "1000" }, { first: 50 });

    const orders = data!.orders.edges.map((e) => e.node);
    const cleanOrders = clean.data!.orders.edges.map((e) => e.node);
    expect(orders.map((o) => o.storeOrderId)).toEqual(cleanOrders.map((o) => o.storeOrderId));
    expect(orders.map((o) => o.delivery?.code ?? null)).toEqual(cleanOrders.map((o) => o.delivery?.code ?? null));
    const skus = orders.flatMap((o) => o.items.map((i) => i.sku!));
    expect(skus.map((s) => s.product.title)).toEqual(cleanOrders.flatMap((o) => o.items.map((i) => i.sku!.product.title)));
    expect(skus.every((s) => s.inventory === null)).toBe(true);

    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.extensions?.code).toBe("PROVIDER_TIMEOUT");
      expect(e.path?.at(-1)).toBe("inventory");
    }
    // A read with a retry left gets half of what is left, so each hung batch was tried again
    // within the budget, never past it: the first attempt had at most half of it, and all of a
    // batch's attempts together no more than the whole.
    const hung = calls.filter((c) => c.endpoint === "getCustomerInventoryInfo");
    expect(sims.hypersku.control.counts().byEndpoint.getCustomerInventoryInfo).toBe(hung.length);
    const firsts = hung.filter((c) => c.attempt === 1);
    expect(firsts).toHaveLength(inventoryCalls);
    expect(hung.some((c) => c.attempt === 2)).toBe(true);
    for (const c of hung) expect(c).toMatchObject({ error: "PROVIDER_TIMEOUT", status: null });
    for (const c of firsts) expect(c.timeoutMs).toBeLessThanOrEqual(500);
    const spent = hung.reduce((sum, c) => sum + (c.timeoutMs ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(1_000 * inventoryCalls);
  });

  it.each<[string, string | undefined, number, number]>([
    ["a lower header lowers it", "300", 1, 300],
    ["a higher header does not raise it", "60000", 301, BUDGET_MS],
    ["no header: the configured budget", undefined, 301, BUDGET_MS],
    ["zero is ignored", "0", 301, BUDGET_MS],
    ["a negative number is ignored", "-5", 301, BUDGET_MS],
    ["a fraction is ignored", "1.5", 301, BUDGET_MS],
    ["text is ignored", "soon", 301, BUDGET_MS],
  ])("x-request-budget-ms: %s", async (_what, header, least, most) => {
    const { data, errors } = await post<{ warehouses: unknown[] }>(WarehousesDocument, header === undefined ? {} : { "x-request-budget-ms": header });
    expect(errors).toBeUndefined();
    expect(data!.warehouses.length).toBeGreaterThan(0);
    // The provider timeout is 10 s: the timeout the call got is the request's remaining budget.
    const call = calls.find((c) => c.endpoint === "listWarehouses");
    expect(call?.timeoutMs).toBeGreaterThanOrEqual(least);
    expect(call?.timeoutMs).toBeLessThanOrEqual(most);
  });

  it("bounds the subgraph's requests the same way", async () => {
    const code = [...sims.supership.state.warehouses.values()].find((w) => w.shop === shopCode)!.code;
    const res = await postSubgraph(
      api,
      { query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Warehouse { code } } }`, variables: { r: [{ __typename: "Warehouse", code }] } },
      { [SUBGRAPH_HEADER]: SUBGRAPH_SECRET, authorization: `Bearer ${apiKey}`, "x-request-budget-ms": "300" },
    );
    expect(res.body?.errors).toBeUndefined();
    expect(res.body?.data?._entities).toEqual([{ code }]);
    const call = calls.find((c) => c.endpoint === "listWarehouses");
    expect(call?.timeoutMs).toBeGreaterThan(0);
    expect(call?.timeoutMs).toBeLessThanOrEqual(300);
  });
});
