import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_REQUESTS } from "../../simulators/hypersku/contract/requests.js";
import { SIM_RESPONSES } from "../../simulators/hypersku/contract/responses.js";
import { matchRoute, SIM_ROUTES, type SimEndpoint } from "../../simulators/hypersku/contract/routes.js";
import { HYPERSKU_DEMO, shippedStoreOrderIds, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { createTransport } from "../../src/providers/http.js";
import { createHyperskuClient, type HyperskuClient } from "../../src/providers/hypersku/client.js";
import { type Exchange, explained, forwarding, issues } from "./support/capture.js";

/**
 * The client against the running simulator over real HTTP, one call per endpoint of the
 * simulator's route table. For each call: the client read the simulator's real answer (the
 * call resolved), the request matched the simulator's route and request schema, and the answer
 * matched the simulator's own response schema. A field renamed on one side only fails here.
 */

type Sim = Awaited<ReturnType<typeof startHyperskuSimulator>>;
let sim: Sim;
let client: HyperskuClient;
const log: Exchange[] = [];
const covered = new Set<SimEndpoint>();
const [merchant] = HYPERSKU_DEMO.accounts;
const app = HYPERSKU_DEMO.oauthApp;
const redirectUri = "http://127.0.0.1:4000/auth/hypersku/callback";

const clientWith = (token?: string) =>
  createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: sim.url, fetch: forwarding(log), retries: 0 }), token });

/** Runs one client call and holds its exchange to the simulator's table. */
async function checked<T>(name: SimEndpoint, run: () => Promise<T>): Promise<T> {
  const from = log.length;
  const out = await run().catch(explained(name));
  const sent = log.slice(from);
  expect(sent, `${name}: one request`).toHaveLength(1);
  const ex = sent[0]!;
  expect(matchRoute(ex.method, ex.path)?.name, `${name}: ${ex.method} ${ex.path} is not the simulator's route`).toBe(name);
  // §3.2: business calls carry the token (raw or "Bearer "); the auth calls need none.
  expect(Boolean(ex.headers.authorization), `${name}: Authorization`).toBe(SIM_ROUTES[name].auth);
  const req = SIM_REQUESTS[name];
  const query = req.query.safeParse(ex.query);
  expect(query.success ? "" : issues(query.error), `${name}: query`).toBe("");
  if (req.body) {
    const body = req.body.safeParse(ex.body);
    expect(body.success ? "" : issues(body.error), `${name}: body`).toBe("");
  }
  const answer = SIM_RESPONSES[name].safeParse(ex.answer);
  expect(answer.success ? "" : issues(answer.error), `${name}: the simulator's answer fails its own schema`).toBe("");
  covered.add(name);
  return out;
}

beforeAll(async () => {
  sim = await startHyperskuSimulator({ port: 0 });
  const login = await checked("getToken", () => clientWith().getToken({ username: merchant!.username, password: merchant!.password }));
  client = clientWith(login.accessToken);
});
afterAll(() => sim?.close());

describe("HyperSKU contract: every seeded call of the simulator parses in the client", () => {
  it("OAuth: accessToken and refreshToken", async () => {
    const code = sim.state.auth.issueCode(merchant!.accountId, app.clientId, redirectUri);
    const pair = await checked("accessToken", () => clientWith().accessToken({ clientId: app.clientId, clientSecret: app.clientSecret, code, redirectUri }));
    const next = await checked("refreshToken", () => clientWith().refreshToken({ clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: pair.refreshToken }));
    expect(next.accessToken).not.toBe(pair.accessToken);
  });

  it("products and logistics", async () => {
    const page = await checked("getPrivateProduct", () => client.getPrivateProduct({ page: 1, limit: 5 }));
    const product = page.rows[0]!;
    await checked("getProductInfo", () => client.getProductInfo(product.id));
    expect((await checked("getCountryCode", () => client.getCountryCode())).length).toBeGreaterThan(0);
    const skuId = product.skus[0]!.id;
    await checked("getLogisticsSku", () => client.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId, num: 1 }] }));
    const shipped = shippedStoreOrderIds(merchant!.accountId)[0]!;
    const track = await checked("internationalLogisticsInfo", () => client.internationalLogisticsInfo(shipped));
    expect(track.length).toBeGreaterThan(0);
  });

  it("orders: create, read, status, address, cancel", async () => {
    const skuId = (await client.getPrivateProduct({ page: 1, limit: 1 })).rows[0]!.skus[0]!.id;
    const logisticsList = await client.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId, num: 1 }] });
    const shippingAddress = { firstName: "Ada", lastName: "Lovelace", address: "1 Main St", city: "Austin", zipCode: "78701", countryCode: "US" };
    const order = { thirdOrderId: "CT-1", thirdOrderName: "#CT1", logisticsId: logisticsList[0]!.id, shippingAddress, skuItems: [{ skuId, num: 1 }] };
    const { orderBaseInfo } = await checked("create", () => client.create(order));
    const { orderId } = orderBaseInfo;
    await checked("getOrderInfos", () => client.getOrderInfos({ page: 1, limit: 10, orderIds: [orderId], storeOrderIds: ["CT-1"] }));
    const byExternal = await checked("getOrdersByExternalOrderId", () => client.getOrdersByExternalOrderId({ storeCode: merchant!.storeCode, storeOrderId: "CT-1" }));
    expect(byExternal.map((o) => o.id)).toEqual([orderId]);
    expect((await checked("getOrderByStoreOrderId", () => client.getOrderByStoreOrderId("CT-1"))).map((o) => o.id)).toEqual([orderId]);
    expect((await checked("getOrdersStatus", () => client.getOrdersStatus([orderId])))[0]?.orderId).toBe(orderId);
    await checked("updateOrderAddress", () => client.updateOrderAddress(orderId, { ...shippingAddress, address: "2 Side St" }));
    await checked("getInventoryHistoryByOrderId", () => client.getInventoryHistoryByOrderId(orderId));
    await checked("cancelOrder", () => client.cancelOrder(orderId));
  });

  it("inventory and stock orders", async () => {
    const rows = (await checked("getInventoryInfo", () => client.getInventoryInfo({ page: 1, limit: 5 }))).rows;
    await checked("getCustomerInventoryInfo", () => client.getCustomerInventoryInfo(rows.map((r) => r.skuId)));
    const stock = await checked("getStockOrderInfo", () => client.getStockOrderInfo({ page: 1, limit: 5 }));
    expect(stock.rows.length).toBeGreaterThan(0);
  });

  it("covered every route of the simulator's table", () => {
    expect([...covered].sort()).toEqual(Object.keys(SIM_ROUTES).sort());
  });
});
