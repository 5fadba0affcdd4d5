import { readFileSync } from "node:fs";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { ConfigError, loadConfig } from "../../src/config.js";
import { simCount } from "../support/oauth.js";
import { type Api, connectedTenant, findSecrets, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { postSubgraph, SUBGRAPH_HEADER, SUBGRAPH_SECRET, seeded, type Tenant } from "./tenants.js";

/** The /subgraph endpoint on its own: the shared secret, `_service`, and `_entities` per entity and per caller. */

let sims: Simulators;
let api: Api;
let a: Tenant;
let b: Tenant;
const secret = { [SUBGRAPH_HEADER]: SUBGRAPH_SECRET };

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
  a = await connectedTenant(api, "Tenant A", 0);
  b = await connectedTenant(api, "Tenant B", 1);
});
afterAll(async () => {
  await api?.close();
  await sims?.close();
});

const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) {
  __typename
  ... on Order { orderId storeOrderId }
  ... on Product { productId title }
  ... on Sku { skuId price { amount } }
  ... on Delivery { code senderOrderCode }
  ... on Warehouse { code name }
  ... on Inventory { skuId available }
} }`;
const entities = (r: unknown[], headers: Record<string, string>) => postSubgraph(api, { query: ENTITIES, variables: { r } }, { ...secret, ...headers });
const bearer = (t: Tenant) => ({ authorization: `Bearer ${t.apiKey}` });
const providerCalls = () => sims.hypersku.control.counts().total + sims.supership.control.counts().total;

describe("the shared secret", () => {
  it("refuses a request without it (401) or with a wrong one (403), before any provider call", async () => {
    const query = { query: `{ _entities(representations: [{ __typename: "Order", orderId: "1" }]) { __typename } }` };
    const before = providerCalls();
    const missing = await postSubgraph(api, query, bearer(a));
    expect(missing.status).toBe(401);
    expect(missing.body?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const wrong = await postSubgraph(api, query, { ...bearer(a), [SUBGRAPH_HEADER]: "test-subgraph-secret-0123456789abcdeX" });
    expect(wrong.status).toBe(403);
    expect(wrong.body?.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const short = await postSubgraph(api, query, { ...bearer(a), [SUBGRAPH_HEADER]: "x" });
    expect(short.status).toBe(403);
    expect(providerCalls()).toBe(before);
    expect(findSecrets(JSON.stringify([missing.body, wrong.body, short.body]) + api.logs.join(""), [SUBGRAPH_SECRET, a.apiKey])).toEqual([]);
  });

  it("is off (404) when SUBGRAPH_SECRET is unset, and /graphql never serves the federation fields", async () => {
    const plain = await startApi({ urls: sims.urls });
    try {
      const res = await fetch(`${plain.url}/subgraph`, {
        method: "POST",
        headers: { "content-type": "application/json", ...secret },
        body: JSON.stringify({ query: "{ _service { sdl } }" }),
      });
      expect(res.status).toBe(404);
    } finally {
      await plain.close();
    }
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...secret },
      body: JSON.stringify({ query: "{ _service { sdl } }" }),
    });
    expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(/Cannot query field "_service"/);
  });
});

describe("configuration", () => {
  it("serves on SUBGRAPH_PATH with SUBGRAPH_SECRET_HEADER; rejects a short secret and the /graphql path", async () => {
    const custom = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET, SUBGRAPH_PATH: "/federation", SUBGRAPH_SECRET_HEADER: "X-Router-Auth" } });
    try {
      const post = (path: string, headers: Record<string, string>) =>
        fetch(`${custom.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ query: "{ _service { sdl } }" }),
        });
      expect((await post("/federation", { "x-router-auth": SUBGRAPH_SECRET })).status).toBe(200);
      expect((await post("/federation", secret)).status).toBe(401);
      expect((await post("/subgraph", secret)).status).toBe(404);
    } finally {
      await custom.close();
    }
    expect(() => loadConfig({ SUBGRAPH_SECRET: "too-short" })).toThrow(ConfigError);
    expect(() => loadConfig({ SUBGRAPH_SECRET: "too-short" })).toThrow(/SUBGRAPH_SECRET/);
    expect(() => loadConfig({ SUBGRAPH_PATH: "/graphql" })).toThrow(/SUBGRAPH_PATH/);
    expect(() => loadConfig({ SUBGRAPH_PATH: "/subgraph/" })).toThrow(/SUBGRAPH_PATH/);
  });
});

describe("_service", () => {
  it("prints the subgraph SDL with its federation directives: the checked-in subgraph.graphql", async () => {
    const res = await postSubgraph(api, { query: "{ _service { sdl } }" }, secret);
    const sdl = (res.body?.data?._service as { sdl: string } | undefined)?.sdl ?? "";
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.6"');
    const keysOf = (type: string) =>
      [...(new RegExp(`^type ${type}\\b[^\\n]*\\n((?:  @key\\(.*\\n)+)`, "m").exec(sdl)?.[1] ?? "").matchAll(/fields: "([^"]+)"/g)].map((m) => m[1]);
    expect(keysOf("Order")).toEqual(["orderId", "id"]);
    expect(keysOf("Product")).toEqual(["productId", "id"]);
    expect(keysOf("Sku")).toEqual(["id", "skuId product { productId }"]);
    expect(keysOf("Delivery")).toEqual(["code", "id"]);
    expect(keysOf("Warehouse")).toEqual(["code", "id"]);
    for (const type of ["InternationalShipment", "Inventory", "StockOrder"]) expect(keysOf(type)).toEqual(["id"]);
    expect(`${sdl}\n`).toBe(readFileSync("subgraph.graphql", "utf8"));
  });
});

describe("_entities", () => {
  it("resolves every entity type by its keys with the caller's credentials; unknown keys are null with a NOT_FOUND at their index", async () => {
    const seed = seeded(sims, a);
    const [order] = seed.orders;
    const [sku] = seed.skus;
    const [stocked] = sims.hypersku.state.account(a.accountId).inventory.keys();
    const res = await entities(
      [
        { __typename: "Order", orderId: order!.orderId },
        { __typename: "Product", productId: sku!.productId },
        { __typename: "Sku", skuId: sku!.skuId, product: { productId: sku!.productId } },
        { __typename: "Sku", id: encodeGlobalID("Sku", `${sku!.productId}:${sku!.skuId}`) },
        { __typename: "Delivery", code: seed.deliveryCodes[0] },
        { __typename: "Warehouse", code: seed.warehouseCodes[0] },
        { __typename: "Order", orderId: "999999999999" },
        { __typename: "Sku", id: encodeGlobalID("Product", sku!.productId) },
        { __typename: "Order", id: encodeGlobalID("Order", order!.orderId) },
        { __typename: "Inventory", id: encodeGlobalID("Inventory", stocked!) },
      ],
      bearer(a),
    );
    const errors = (res.body?.errors ?? []) as Array<{ path?: unknown[]; extensions?: { code?: string } }>;
    // Errors arrive in the order their loads settle.
    errors.sort((x, y) => Number(x.path?.[1]) - Number(y.path?.[1]));
    expect(errors.map((e) => [e.path, e.extensions?.code])).toEqual([
      [["_entities", 6], "NOT_FOUND"],
      [["_entities", 7], "NOT_FOUND"],
    ]);
    expect(res.body?.data?._entities).toEqual([
      { __typename: "Order", orderId: order!.orderId, storeOrderId: order!.storeOrderId },
      { __typename: "Product", productId: sku!.productId, title: expect.any(String) },
      { __typename: "Sku", skuId: sku!.skuId, price: { amount: expect.any(String) } },
      { __typename: "Sku", skuId: sku!.skuId, price: { amount: expect.any(String) } },
      { __typename: "Delivery", code: seed.deliveryCodes[0], senderOrderCode: expect.any(String) },
      { __typename: "Warehouse", code: seed.warehouseCodes[0], name: expect.any(String) },
      null,
      null,
      { __typename: "Order", orderId: order!.orderId, storeOrderId: order!.storeOrderId },
      { __typename: "Inventory", skuId: stocked, available: expect.any(Number) },
    ]);
  });

  it("answers malformed representations with an error at their own index; the good ones in the same call still resolve, in one batch", async () => {
    const seed = seeded(sims, a);
    const [first, second] = seed.orders;
    const [sku] = seed.skus;
    const before = simCount(sims, "hypersku", "getOrderInfos");
    const res = await entities(
      [
        { __typename: "Order", orderId: first!.orderId },
        { __typename: "NoSuchType", orderId: first!.orderId },
        { __typename: "Sku", skuId: sku!.skuId, product: { productId: sku!.productId } },
        { __typename: "Order", storeOrderId: first!.storeOrderId },
        { __typename: "Order", orderId: second!.orderId },
      ],
      bearer(a),
    );
    expect(res.status).toBe(200);
    expect(res.body?.data?._entities).toEqual([
      { __typename: "Order", orderId: first!.orderId, storeOrderId: first!.storeOrderId },
      null,
      { __typename: "Sku", skuId: sku!.skuId, price: { amount: expect.any(String) } },
      null,
      { __typename: "Order", orderId: second!.orderId, storeOrderId: second!.storeOrderId },
    ]);
    const errors = (res.body?.errors ?? []) as Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
    expect(errors.map((e) => [e.path, e.extensions?.code])).toEqual([
      [["_entities", 1], "BAD_REPRESENTATION"],
      [["_entities", 3], "BAD_REPRESENTATION"],
    ]);
    expect(errors[1]?.message).toMatch(/Order representation matches none of its keys \("orderId" or "id"\)/);
    // The two good orders went to HyperSKU together.
    expect(simCount(sims, "hypersku", "getOrderInfos") - before).toBe(1);
  });

  it("refuses a key of the wrong type, or a nested key missing its field, without echoing the value", async () => {
    const res = await entities(
      [{ __typename: "Order", orderId: 123456 }, { __typename: "Sku", skuId: "1", product: {} }, { __typename: "Sku", id: ["not", "an", "id"] }, "not an object"],
      bearer(a),
    );
    expect(res.body?.data?._entities).toEqual([null, null, null, null]);
    const errors = (res.body?.errors ?? []) as Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
    expect(errors.map((e) => [e.path, e.extensions?.code])).toEqual([0, 1, 2, 3].map((i) => [["_entities", i], "BAD_REPRESENTATION"]));
    expect(JSON.stringify(errors)).not.toContain("123456");
  });

  it("never resolves another merchant's keys: tenant B gets null and NOT_FOUND for tenant A's orders", async () => {
    const orderIds = seeded(sims, a).orderIds.slice(0, 5);
    const r = orderIds.map((orderId) => ({ __typename: "Order", orderId }));
    const asA = await entities(r, bearer(a));
    const asB = await entities(r, bearer(b));
    expect((asA.body?.data?._entities as Array<{ orderId: string }> | undefined)?.map((o) => o.orderId)).toEqual(orderIds);
    expect(asB.body?.data?._entities).toEqual([null, null, null, null, null]);
    expect(asB.body?.errors?.map((e) => e.extensions?.code)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
  });

  it("takes the same credentials as /graphql: a pass-through provider token works, no credentials is an error", async () => {
    const merchant = HYPERSKU_DEMO.accounts[1];
    const login = await fetch(`${sims.hypersku.url}/api/auth/admin/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: merchant.username, password: merchant.password }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const [orderId] = seeded(sims, b).orderIds;
    const viaToken = await entities([{ __typename: "Order", orderId }], { "x-hypersku-token": data.token });
    expect(viaToken.body?.data?._entities).toEqual([{ __typename: "Order", orderId, storeOrderId: expect.stringMatching(/^SO2-/) }]);

    const anonymous = await entities([{ __typename: "Order", orderId }], {});
    expect(anonymous.body?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
