import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simCount } from "../support/oauth.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { type Gateway, startGateway } from "./gateway.js";
import { type Storefront, startStorefront } from "./storefront.js";
import { SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/**
 * Entity fetches of one router request batch together (docs/decisions/031-subgraph-batching.md):
 * the operations of a batched POST, and separate POSTs carrying the same router request id, share
 * one set of loaders, per caller. Counted at the HyperSKU simulator.
 */

let sims: Simulators;
let api: Api;
let storefront: Storefront;
let gateway: Gateway;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  sims = await startSimulators();
  // Windows wide enough for a loaded test machine, where the client and the server share one event
  // loop (at load 17 the 16 POSTs arrived more than 50 ms apart); the defaults suit a router on its own box.
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET, SUBGRAPH_BATCH_WINDOW_MS: "400", SUBGRAPH_BATCH_MAX_WAIT_MS: "5000" } });
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

const ORDERS = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { orderId storeOrderId } } }`;
const refs = (ids: string[]) => ids.map((orderId) => ({ __typename: "Order", orderId }));
type Entities = { data?: { _entities: Array<{ orderId: string; storeOrderId: string } | null> }; errors?: unknown[] };

async function post(body: unknown, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${api.url}/subgraph`, {
    method: "POST",
    headers: { "content-type": "application/json", [SUBGRAPH_HEADER]: SUBGRAPH_SECRET, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const as = (t: Tenant, requestId?: string) => ({ authorization: `Bearer ${t.apiKey}`, ...(requestId ? { "x-request-id": requestId } : {}) });
const orderCalls = () => sims.hypersku.control.log().filter((c) => c.endpoint === "getOrderInfos");

describe("a batched POST (a JSON array of operations)", () => {
  it("answers each `_entities` operation in order, with one getOrderInfos call for all of them", async () => {
    const ids = seeded(sims, a).orderIds;
    const parts = [ids.slice(0, 4), ids.slice(4, 9), ids.slice(9, 12)];
    const res = await post(
      parts.map((part) => ({ query: ORDERS, variables: { r: refs(part) } })),
      as(a),
    );
    expect(res.status).toBe(200);
    const answers = res.body as Entities[];
    expect(answers).toHaveLength(3);
    answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?._entities.map((o) => o?.orderId)).toEqual(parts[i]);
    });
    expect(simCount(sims, "hypersku", "getOrderInfos")).toBe(1);
  });

  it("refuses more operations than SUBGRAPH_BATCH_LIMIT, before any provider call", async () => {
    const ids = seeded(sims, a).orderIds;
    const tooMany = Array.from({ length: api.deps.config.SUBGRAPH_BATCH_LIMIT + 1 }, (_, i) => ({ query: ORDERS, variables: { r: refs([ids[i]!]) } }));
    const res = await post(tooMany, as(a));
    expect(res.status).toBe(413);
    expect(sims.hypersku.control.counts().total).toBe(0);
  });
});

describe("separate POSTs of one router request", () => {
  const sixteen = (ids: string[], headers: (i: number) => Record<string, string>) =>
    Promise.all(Array.from({ length: 16 }, (_, i) => post({ query: ORDERS, variables: { r: refs(ids.slice(i * 3, i * 3 + 3)) } }, headers(i))));

  it("16 concurrent `_entities` POSTs with the same x-request-id cost one getOrderInfos call, carrying that id", async () => {
    const ids = seeded(sims, a).orderIds;
    const answers = await sixteen(ids, () => as(a, "router-req-1"));
    answers.forEach((res, i) => {
      expect((res.body as Entities).data?._entities.map((o) => o?.orderId)).toEqual(ids.slice(i * 3, i * 3 + 3));
    });
    expect(orderCalls().map((c) => c.requestId)).toEqual(["router-req-1"]);
  });

  it("with a different x-request-id each, they are 16 requests and 16 calls", async () => {
    const ids = seeded(sims, a).orderIds;
    await sixteen(ids, (i) => as(a, `router-req-own-${i}`));
    expect(orderCalls()).toHaveLength(16);
  });

  it("two tenants' fetches with the same x-request-id never share loaders", async () => {
    const idsA = seeded(sims, a).orderIds.slice(0, 6);
    const idsB = seeded(sims, b).orderIds.slice(0, 6);
    // B also asks for A's orders: had it A's loaders, it would get A's orders from their cache.
    const asked = [...idsA.slice(0, 3), ...idsB];
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0 ? post({ query: ORDERS, variables: { r: refs(idsA) } }, as(a, "shared-id")) : post({ query: ORDERS, variables: { r: refs(asked) } }, as(b, "shared-id")),
      ),
    );
    runs.forEach((res, i) => {
      const got = (res.body as Entities).data?._entities.map((o) => o?.orderId ?? null);
      expect(got).toEqual(i % 2 === 0 ? idsA : [null, null, null, ...idsB]);
    });
    // Both accounts were asked, each with its own credentials (B's nulls above: none of A's answers reached B).
    expect(new Set(orderCalls().map((c) => c.account))).toEqual(new Set([a.accountId, b.accountId]));
  });
});

describe("Apollo Gateway (no HTTP batching) with 16 aliased fields", () => {
  const aliased = (perAlias: number) =>
    `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: featuredOrders(skip: ${i * perAlias}, first: ${perAlias}) { orderId storeOrderId storefrontNote }`).join(" ")} }`;
  type Aliased = Record<string, Array<{ orderId: string; storeOrderId: string; storefrontNote: string }>>;

  it("forwarding x-request-id, 48 distinct orders over 16 entity fetches cost one getOrderInfos call; 96 cost two", async () => {
    const ids = seeded(sims, a).orderIds;
    expect(ids.length).toBeGreaterThanOrEqual(96);
    storefront.feature(`Bearer ${a.apiKey}`, { orderIds: ids.slice(0, 96) });
    const before = subgraphRequests("gw-req-48");
    const res = await gateway.query<Aliased>(aliased(3), a.apiKey, { requestId: "gw-req-48" });
    expect(res.errors).toBeUndefined();
    for (let i = 0; i < 16; i++) expect(res.data![`a${i}`]!.map((o) => o.orderId)).toEqual(ids.slice(i * 3, i * 3 + 3));
    // The gateway sent one POST per alias (it does not batch); the server coalesced them.
    expect(subgraphRequests("gw-req-48") - before).toBe(16);
    expect(orderCalls().map((c) => c.requestId)).toEqual(["gw-req-48"]);

    sims.hypersku.control.clearCounters();
    const more = await gateway.query<Aliased>(aliased(6), a.apiKey, { requestId: "gw-req-96" });
    expect(more.errors).toBeUndefined();
    expect(Object.values(more.data!).flat()).toHaveLength(96);
    expect(orderCalls()).toHaveLength(2);
  });
});

/** Access-log lines of /subgraph requests with this request id. */
function subgraphRequests(requestId: string): number {
  return api.logs
    .flatMap((chunk) => chunk.split("\n"))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg?: string; path?: string; requestId?: string })
    .filter((l) => l.msg === "request" && l.path === "/subgraph" && l.requestId === requestId).length;
}
