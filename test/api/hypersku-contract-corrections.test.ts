import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHyperskuSimulator, HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { type Listening, listen } from "../../simulators/shared/server.js";
import { connectHyperskuOAuth, consentUrl } from "../support/oauth.js";
import { type Api, createTenant, startApi } from "../support/stack.js";

/**
 * Two corrections from hypersku-api.md's addendum, end to end through the API: a create answer
 * that carries only `orderBaseInfo.orderId` (#5) still yields the created order, and a 401 from a
 * token endpoint (#10) is our client credentials, so the merchant's connection stays connected.
 *
 * The simulator has no fault that answers 401, and never sends the minimal create answer, so a
 * front door on loopback stands before it: it forwards every request to the real simulator and,
 * when a test arms it, answers 401 on one path or cuts the create answer down to the order id.
 */

const [merchant] = HYPERSKU_DEMO.accounts;
const CREATE = "/api/customer/admin/orders/create";
const ACCESS_TOKEN = "/api/auth/admin/token/access_token";
const REFRESH_TOKEN = "/api/auth/admin/token/refresh_token";

let refuse: { path: string; status: number } | null = null;
let minimalCreate = false;
const minimalAnswers: unknown[] = [];
/** The create bodies as they arrived, JSON text. */
const createBodies: string[] = [];

const sim = createHyperskuSimulator();
const front = new Hono();
front.all("*", async (c) => {
  if (refuse && c.req.path === refuse.path) return c.json({ message: "Unauthorized" }, refuse.status as 401);
  if (c.req.path === CREATE) createBodies.push(await c.req.raw.clone().text());
  const res = await sim.app.fetch(c.req.raw);
  if (!minimalCreate || c.req.path !== CREATE) return res;
  const body = (await res.json()) as { status: number; data?: { orderBaseInfo: { orderId: string } } };
  if (!body.data) return c.json(body);
  // The [3P] fixture's shape exactly, with the simulator's id (a string: a 19-digit JSON number would not survive JSON.parse).
  const minimal = { status: 0, data: { orderBaseInfo: { orderId: body.data.orderBaseInfo.orderId } } };
  minimalAnswers.push(minimal);
  return c.json(minimal);
});

let door: Listening;
let api: Api;
/** The same API with HYPERSKU_ID_ENCODING=number. */
let numbers: Api;
beforeAll(async () => {
  door = await listen(front);
  const urls = {
    hyperskuBaseUrl: door.url,
    hyperskuAuthorizeUrl: `${door.url}/application/auth`,
    supershipBaseUrl: "http://127.0.0.1:9",
    supershipLabelUrl: "http://127.0.0.1:9/orders/awb",
  };
  api = await startApi({ urls });
  numbers = await startApi({ urls, env: { HYPERSKU_ID_ENCODING: "number" } });
});
afterAll(async () => {
  await api.close();
  await numbers.close();
  await door.close();
});
beforeEach(() => {
  refuse = null;
  minimalCreate = false;
});

const expireTokens = () => fetch(`${door.url}/__sim/hypersku/tokens/expire`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
const firstError = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { response?: { errors?: Array<{ message: string; extensions?: { code?: string } }> } }) => e.response?.errors?.[0],
  );
/** Log lines (pino JSON) at error level or above. */
const errorLogs = () =>
  api.logs
    .flatMap((chunk) => chunk.split("\n"))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: string })
    .filter((l) => l.level >= 50);

/** A tenant of `on` connected with the demo password, and a SKU and channel a seeded US order used. */
async function orderingTenant(on: Api, name: string) {
  const { apiKey } = await createTenant(on.store, name);
  const sdk = on.as(apiKey);
  await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
  const { orders } = await sdk.Orders({ first: 50 });
  const us = orders!.edges.map((e) => e.node).find((o) => o.shippingAddress?.countryCode === "US" && o.shippingOptionId && o.items[0]?.sku)!;
  return { sdk, skuId: us.items[0]!.sku!.skuId, shippingOptionId: us.shippingOptionId! };
}

const createInput = (skuId: string, shippingOptionId: string, storeOrderId = `WEB-${randomUUID().slice(0, 8)}`) => ({
  idempotencyKey: randomUUID(),
  storeOrderId,
  shippingOptionId,
  shippingAddress: { firstName: "Ada", line1: "12 Maple Avenue", city: "Austin", countryCode: "US", phone: "+1 512 555 0100" },
  items: [{ skuId, quantity: 1 }],
});

describe("createOrder with the documented minimal create answer (addendum #5)", () => {
  it("answers the created order, read back by its id, not a ProviderSchemaError", async () => {
    const { sdk, skuId, shippingOptionId } = await orderingTenant(api, "Minimal create");
    const us = { shippingOptionId, items: [{ sku: { skuId } }] };
    const input = createInput(skuId, shippingOptionId);
    const storeOrderId = input.storeOrderId;
    minimalCreate = true;
    const res = await sdk.CreateOrder({ input });
    expect(minimalAnswers).toHaveLength(1); // the API saw only the minimal answer
    const created = res.createOrder;
    if (created.__typename !== "MutationCreateOrderSuccess") throw new Error(`createOrder answered ${JSON.stringify(created)}`);
    const orderId = (minimalAnswers[0] as { data: { orderBaseInfo: { orderId: string } } }).data.orderBaseInfo.orderId;
    expect(created.data).toMatchObject({ orderId, storeOrderId, status: "PENDING_PAYMENT", shippingOptionId: us.shippingOptionId });
    expect(created.data.items).toEqual([expect.objectContaining({ quantity: 1, sku: { skuId: us.items[0]!.sku!.skuId } })]);
  });
});

describe("HYPERSKU_ID_ENCODING=number through the API", () => {
  it("createOrder sends the SKU and channel ids as bare digits; the 19-digit SKU id arrives exactly", async () => {
    const { sdk, skuId, shippingOptionId } = await orderingTenant(numbers, "Numeric ids");
    expect(skuId).toMatch(/^\d{19}$/);
    const sent = createBodies.length;
    const res = (await sdk.CreateOrder({ input: createInput(skuId, shippingOptionId) })).createOrder;
    if (res.__typename !== "MutationCreateOrderSuccess") throw new Error(`createOrder answered ${JSON.stringify(res)}`);
    expect(res.data.items).toEqual([expect.objectContaining({ sku: { skuId } })]);
    const [body] = createBodies.slice(sent);
    expect(body).toContain(`"skuItems":[{"skuId":${skuId},"num":1}]`);
    expect(body).toContain(`"logisticsId":${shippingOptionId}`);
  });
});

describe("a 401 from a token endpoint is our client credentials (addendum #10)", () => {
  it("401 on refreshToken: a typed error, logged as a configuration problem; the connection stays connected", async () => {
    const { apiKey, tenantId } = await createTenant(api.store, "Refresh 401");
    await connectHyperskuOAuth(api, apiKey);
    const before = await api.store.getConnection(tenantId, "hypersku");
    await expireTokens();
    refuse = { path: REFRESH_TOKEN, status: 401 };
    const logged = errorLogs().length;

    const error = await firstError(api.as(apiKey).Countries());
    expect(error?.extensions?.code).toBe("PROVIDER_CLIENT_CREDENTIALS_REJECTED");
    expect(error?.message).toContain("HYPERSKU_CLIENT_ID / HYPERSKU_CLIENT_SECRET");
    const after = await api.store.getConnection(tenantId, "hypersku");
    expect(after).toMatchObject({ status: "connected", accessToken: before!.accessToken, refreshToken: before!.refreshToken });
    expect((await api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("CONNECTED");
    const logs = errorLogs().slice(logged);
    expect(logs).toContainEqual(expect.objectContaining({ err: "PROVIDER_CLIENT_CREDENTIALS_REJECTED", msg: expect.stringContaining("configuration problem") }));

    // Once the credentials are right again, the same stored refresh token works.
    refuse = null;
    expect((await api.as(apiKey).Countries()).countries!.length).toBeGreaterThan(0);
  });

  it("401 on accessToken while reconnecting: the callback fails, the existing connection is kept as it was", async () => {
    const { apiKey, tenantId } = await createTenant(api.store, "Access 401");
    await connectHyperskuOAuth(api, apiKey);
    const before = await api.store.getConnection(tenantId, "hypersku");
    const { callback, browser } = await consentUrl(api, apiKey);
    refuse = { path: ACCESS_TOKEN, status: 401 };
    const res = await browser.fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(502);
    expect(api.logs.join("")).toContain('"err":"PROVIDER_CLIENT_CREDENTIALS_REJECTED"');
    expect(await api.store.getConnection(tenantId, "hypersku")).toEqual(before);
    refuse = null;
    expect((await api.as(apiKey).Countries()).countries!.length).toBeGreaterThan(0);
  });
});
