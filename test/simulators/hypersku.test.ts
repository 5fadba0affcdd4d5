import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { pathOf, SIM_ROUTES, type SimEndpoint } from "../../simulators/hypersku/contract/routes.js";
import { HYPERSKU_DEMO, shippedStoreOrderIds, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import * as S from "../../simulators/hypersku/schemas/index.js";

type Sim = Awaited<ReturnType<typeof startHyperskuSimulator>>;
let sim: Sim;
let token1: string;
let token2: string;

const [ACC1, ACC2] = HYPERSKU_DEMO.accounts;
const APP = HYPERSKU_DEMO.oauthApp;
const REDIRECT = "http://127.0.0.1:4000/auth/hypersku/callback";

const Envelope = <T extends z.ZodType>(data: T) => S.BaseResponse.extend({ data });
const Table = <T extends z.ZodType>(row: T) => S.BaseResponse.extend({ data: S.TableData(row) });

/** One provider call by the simulator's own route table; business outcomes are always HTTP 200. */
// biome-ignore lint/suspicious/noExplicitAny: raw simulator answers, read loosely by each test and checked by the simulator's schemas
async function call(name: SimEndpoint, opts: { token?: string; body?: unknown; query?: Record<string, string>; params?: Record<string, string> } = {}): Promise<any> {
  const { method } = SIM_ROUTES[name];
  const path = pathOf(name, opts.params);
  return send(method, path + (opts.query ? `?${new URLSearchParams(opts.query)}` : ""), opts);
}

// biome-ignore lint/suspicious/noExplicitAny: as above
async function send(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<any> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = opts.token;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(sim.url + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  expect(res.status).toBe(200);
  return res.json();
}

const sim$ = (method: string, path: string, body?: unknown) =>
  fetch(sim.url + path, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

async function login(account: { username: string; password: string }): Promise<string> {
  const res = await call("getToken", { body: { username: account.username, password: account.password } });
  return S.LoginResDto.parse(res.data).token;
}

/** Consent page → approve (or deny) → the redirect's query. */
async function authorize(decision: "approve" | "deny", state = `st-${Math.random()}`): Promise<URLSearchParams> {
  const form = new URLSearchParams({ clientId: APP.clientId, scope: "oms", redirectUri: REDIRECT, state, username: ACC1.username, password: ACC1.password, decision });
  const res = await fetch(`${sim.url}/application/auth`, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "");
  expect(location.origin + location.pathname).toBe(REDIRECT);
  expect(location.searchParams.get("state")).toBe(state);
  return location.searchParams;
}

const exchange = (code: string, clientSecret: string = APP.clientSecret) =>
  call("accessToken", { body: { clientId: APP.clientId, clientSecret, code, redirectUri: REDIRECT, grantType: "authorization_code" } });
const refresh = (refreshToken: string) => call("refreshToken", { body: { clientId: APP.clientId, clientSecret: APP.clientSecret, refreshToken, grantType: "refresh_token" } });

async function allOrders(token: string): Promise<z.output<typeof S.OrderResult>[]> {
  const out: z.output<typeof S.OrderResult>[] = [];
  for (let page = 1; ; page++) {
    const res = Table(S.OrderResult).parse(await call("getOrderInfos", { token, body: { page, limit: 100 } }));
    out.push(...res.data.rows);
    if (res.data.rows.length < 100) return out;
  }
}

/** A fresh order of account 10001 to the US on its cheapest channel. */
async function createOrder(skuId: string, num = 1, thirdOrderId = "WEB-1"): Promise<z.output<typeof S.OrderBaseInfo>> {
  const quote = Envelope(S.LogisticsResult).parse(await call("getLogisticsSku", { token: token1, body: { countryCode: "US", skuItems: [{ skuId, num }] } }));
  const logisticsId = quote.data.logisticsList[0]!.logisticsId;
  const shippingAddress = { firstName: "Ada", lastName: "Lovelace", address: "1 Main St", city: "Austin", province: "TX", zipCode: "78701", countryCode: "US" };
  const res = await call("create", { token: token1, body: { thirdOrderId, thirdOrderName: "#W1", logisticsId, shippingAddress, skuItems: [{ skuId, num }] } });
  // The simulator's create answer is the full base info, more than the documented minimum.
  return Envelope(z.looseObject({ orderBaseInfo: S.OrderBaseInfo })).parse(res).data.orderBaseInfo;
}

const advance = (orderId: string, status?: number) => sim$("POST", `/__sim/hypersku/orders/${orderId}/advance`, status === undefined ? {} : { status });
const firstSku = () => [...sim.state.account("10001").skus.keys()][0]!;
const stockedSku = () => [...sim.state.account("10001").inventory.values()].find((l) => l.availableQty >= 5)!;

beforeAll(async () => {
  sim = await startHyperskuSimulator({ port: 0 });
  token1 = await login(ACC1);
  token2 = await login(ACC2);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim$("POST", "/__sim/reset");
});

describe("authentication", () => {
  it("getToken answers a token for the right password and 60002 for a wrong one", async () => {
    const ok = await call("getToken", { body: { username: ACC1.username, password: ACC1.password } });
    expect(Envelope(S.LoginResDto).parse(ok).data.expiresIn).toBe(7200);
    expect(await call("getToken", { body: { username: ACC1.username, password: "nope" } })).toMatchObject({ status: 60002, rel: false });
  });

  it("missing, bad and expired tokens get 40101 on HTTP 200; raw and Bearer tokens both work", async () => {
    const body = { page: 1, limit: 1 };
    expect((await call("getOrderInfos", { body })).status).toBe(40101);
    expect((await call("getOrderInfos", { body, token: "garbage" })).status).toBe(40101);
    expect((await call("getOrderInfos", { body, token: `Bearer ${token1}` })).status).toBe(200);
    const short = await login(ACC1);
    await sim$("POST", "/__sim/clock", { advanceMs: 7201_000 });
    expect(await call("getOrderInfos", { body, token: short })).toEqual({ status: 40101, message: "token invalid or expired" });
  });

  it("POST /__sim/hypersku/tokens/expire expires one account's tokens now", async () => {
    const a = await login(ACC1);
    const b = await login(ACC2);
    expect(await (await sim$("POST", "/__sim/hypersku/tokens/expire", { accountId: "10002" })).json()).toMatchObject({ expired: expect.any(Number) });
    expect((await call("getCountryCode", { token: a })).status).toBe(200);
    expect((await call("getCountryCode", { token: b })).status).toBe(40101);
    token2 = await login(ACC2);
  });
});

describe("OAuth2 authorization code flow", () => {
  it("consent page → approve → exchange → business call → rotating refresh", async () => {
    const page = await fetch(`${sim.url}/application/auth?${new URLSearchParams({ clientId: APP.clientId, scope: "oms", redirectUri: REDIRECT, state: "xyz" })}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form[^>]+method="post"/);
    expect(html).toContain('name="password"');
    expect(html).toContain('value="approve"');

    const code = (await authorize("approve", "state-123")).get("code")!;
    const tokens = S.OAuth2TokenVo.parse(await exchange(code));
    expect(tokens).toMatchObject({ scope: "oms", userId: "10001", expiresIn: 7200 });
    expect((await call("getCountryCode", { token: tokens.accessToken })).status).toBe(200);
    expect(await exchange(code)).toMatchObject({ status: 60025 });

    const rotated = S.OAuth2TokenVo.parse(await refresh(tokens.refreshToken));
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    expect((await call("getCountryCode", { token: rotated.accessToken })).status).toBe(200);
    expect(await refresh(tokens.refreshToken)).toMatchObject({ status: 40102, message: "refresh token invalid" });
    expect(sim.control.counts().byEndpoint.refreshToken).toBe(2);
  });

  it("the consent page lists exactly the seeded demo logins, and each one it lists is accepted", async () => {
    const params = { clientId: APP.clientId, scope: "oms", redirectUri: REDIRECT };
    const html = await (await fetch(`${sim.url}/application/auth?${new URLSearchParams({ ...params, state: "demo-box" })}`)).text();
    const box = html.slice(html.indexOf('<aside class="demo"'), html.indexOf("</aside>"));
    expect(box).toContain("Demo accounts");
    const listed = [...box.matchAll(/<code class="demo-username">([^<]*)<\/code><\/td><td><code class="demo-password">([^<]*)<\/code>/g)].map((m) => ({
      username: m[1],
      password: m[2],
    }));
    expect(listed).toEqual(HYPERSKU_DEMO.accounts.map(({ username, password }) => ({ username, password })));
    for (const [i, login] of listed.entries()) {
      const form = new URLSearchParams({ ...params, state: `demo-${i}`, username: login.username!, password: login.password!, decision: "approve" });
      const res = await fetch(`${sim.url}/application/auth`, { method: "POST", body: form, redirect: "manual" });
      expect(res.status, login.username).toBe(302);
      expect(new URL(res.headers.get("location") ?? "").searchParams.get("code")).toBeTruthy();
    }
    // A wrong password is refused, and the page shown again still lists the logins.
    const wrong = new URLSearchParams({ ...params, state: "demo-wrong", username: ACC1.username, password: "not-it", decision: "approve" });
    const refused = await fetch(`${sim.url}/application/auth`, { method: "POST", body: wrong, redirect: "manual" });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain(`<code class="demo-username">${ACC1.username}</code>`);
  });

  it("rejects a bad client secret (40131), an expired code (60025) and an expired refresh token (40102)", async () => {
    expect(await exchange((await authorize("approve")).get("code")!, "wrong")).toMatchObject({ status: 40131 });
    const late = (await authorize("approve")).get("code")!;
    await sim$("POST", "/__sim/clock", { advanceMs: 5 * 60_000 + 1000 });
    expect(await exchange(late)).toMatchObject({ status: 60025 });
    const tokens = S.OAuth2TokenVo.parse(await exchange((await authorize("approve")).get("code")!));
    await sim$("POST", "/__sim/clock", { advanceMs: 31 * 24 * 3600_000 });
    expect(await refresh(tokens.refreshToken)).toMatchObject({ status: 40102 });
  });

  it("deny redirects with error=access_denied; bad parameters get a 400 page, not a redirect", async () => {
    const denied = await authorize("deny", "s-deny");
    expect(denied.get("error")).toBe("access_denied");
    expect(denied.get("code")).toBeNull();
    const q = (over: Record<string, string>) => new URLSearchParams({ clientId: APP.clientId, scope: "oms", redirectUri: REDIRECT, state: "s", ...over });
    const bads: Array<Record<string, string>> = [{ clientId: "nobody" }, { scope: "all" }, { redirectUri: "https://evil.example/cb" }, { state: "" }];
    for (const bad of bads) {
      const res = await fetch(`${sim.url}/application/auth?${q(bad)}`, { redirect: "manual" });
      expect(res.status).toBe(400);
    }
  });
});

describe("seed", () => {
  it("has ≥ 200 products of 1–8 SKUs with 19-digit ids for account 10001", async () => {
    const products: z.output<typeof S.ProductInfoDto>[] = [];
    for (let page = 1; page <= 3; page++) {
      products.push(...Table(S.ProductInfoDto).parse(await call("getPrivateProduct", { token: token1, body: { page, limit: 100 } })).data.rows);
    }
    expect(products.length).toBeGreaterThanOrEqual(200);
    for (const p of products) {
      expect(p.skuList.length).toBeGreaterThanOrEqual(1);
      expect(p.skuList.length).toBeLessThanOrEqual(8);
      expect(p.productId).toMatch(/^\d{19}$/);
      expect(p.images.length).toBeGreaterThanOrEqual(3);
      for (const s of p.skuList) expect(s.price >= 1.99 && s.price <= 89.99 && s.weight >= 20 && s.weight <= 2500).toBe(true);
    }
  });

  it("has ≥ 500 orders, every status of §6.1, and tracked parcels exactly on the shipped ones", async () => {
    const orders = await allOrders(token1);
    expect(orders.length).toBeGreaterThanOrEqual(500);
    expect(new Set(orders.map((o) => o.orderBaseInfo.status))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14]));
    const shipped = orders.filter((o) => [4, 5, 11, 14].includes(o.orderBaseInfo.status)).map((o) => o.orderBaseInfo.storeOrderId);
    expect(shipped.sort()).toEqual(shippedStoreOrderIds("10001").sort());
    for (const storeOrderId of ["SO-000003", "SO-000004", "SO-000518", shipped[7]!]) {
      const info = Envelope(S.InternationalLogisticsInfo).parse(await call("internationalLogisticsInfo", { token: token1, params: { storeOrderId } }));
      expect(info.data.logisticsList.length).toBeGreaterThanOrEqual(1);
      for (const parcel of info.data.logisticsList) {
        const dates = parcel.truckInfo.list.map((e) => Date.parse(e.processDate));
        expect(dates.length).toBeGreaterThanOrEqual(3);
        expect([...dates].sort((a, b) => a - b)).toEqual(dates);
      }
    }
    const unshipped = Envelope(S.InternationalLogisticsInfo).parse(await call("internationalLogisticsInfo", { token: token1, params: { storeOrderId: "SO-000001" } }));
    expect(unshipped.data.logisticsList).toEqual([]);
  });

  it("is deterministic: same seed, same first pages; another seed differs", async () => {
    const firstPages = async (seed: number) => {
      const other = await startHyperskuSimulator({ seed });
      try {
        const t = S.LoginResDto.parse(
          (await (await fetch(`${other.url}/api/auth/admin/token`, { method: "POST", body: JSON.stringify({ username: ACC1.username, password: ACC1.password }) })).json())
            .data,
        ).token;
        const post = (path: string) =>
          fetch(other.url + path, { method: "POST", headers: { authorization: t }, body: JSON.stringify({ page: 1, limit: 20 }) }).then((r) => r.json());
        return [await post(pathOf("getOrderInfos")), await post(pathOf("getPrivateProduct"))];
      } finally {
        await other.close();
      }
    };
    const [a, b, c] = [await firstPages(7), await firstPages(7), await firstPages(8)];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe("wire contract", () => {
  it("every route answers a body our schemas accept", async () => {
    const t = { token: token1 };
    const [order] = Table(S.OrderResult).parse(await call("getOrderInfos", { ...t, body: { page: 1, limit: 1 } })).data.rows;
    const product = Table(S.ProductInfoDto).parse(await call("getPrivateProduct", { ...t, body: { page: 1, limit: 5 } })).data.rows[0]!;
    const level = stockedSku();
    Envelope(S.ProductInfoDto).parse(await call("getProductInfo", { ...t, query: { productId: product.productId } }));
    expect(Envelope(z.array(S.CountryCodeReponseDto)).parse(await call("getCountryCode", t)).data.length).toBeGreaterThanOrEqual(20);
    const quote = Envelope(S.LogisticsResult).parse(
      await call("getLogisticsSku", { ...t, body: { countryCode: "DE", skuItems: [{ skuId: product.skuList[0]!.skuId, num: 2 }] } }),
    );
    expect(quote.data.logisticsList.length).toBeGreaterThanOrEqual(2);
    Envelope(S.InternationalLogisticsInfo).parse(await call("internationalLogisticsInfo", { ...t, params: { storeOrderId: "SO-000009" } }));
    expect(Envelope(z.array(S.OrdersStatusResDto)).parse(await call("getOrdersStatus", { ...t, body: [order!.orderBaseInfo.orderId] })).data).toHaveLength(1);
    expect(Envelope(z.array(S.CustomerInventoryDto)).parse(await call("getCustomerInventoryInfo", { ...t, body: { skuIds: [level.skuId, "1"] } })).data).toHaveLength(1);
    Table(S.OrderInventoryResult).parse(await call("getInventoryInfo", { ...t, body: { page: 1, limit: 100 } }));
    Table(S.StockOrderDto).parse(await call("getStockOrderInfo", { ...t, body: { page: 1, limit: 100 } }));
    const created = await createOrder(level.skuId);
    Envelope(z.array(S.OrderInventoryHistoryDto)).parse(await call("getInventoryHistoryByOrderId", { ...t, query: { orderId: created.orderId } }));
    const address = { firstName: "Grace", address: "2 Side St", countryCode: "CA", city: "Toronto" };
    expect(Envelope(S.OrderAddressInfo).parse(await call("updateOrderAddress", { ...t, body: { orderId: created.orderId, shippingAddress: address } })).data.countryName).toBe(
      "Canada",
    );
    S.BaseResponse.parse(await call("cancelOrder", { ...t, body: { orderId: created.orderId } }));
    // The two 3P lookups by store order id (no sidebar entry) answer ObjectRestResponse«OrderResult», each counted under its own name.
    await sim$("DELETE", "/__sim/counters");
    Envelope(S.OrderResult).parse(await call("getOrderByStoreOrderId", { ...t, params: { storeOrderId: "SO-000010" } }));
    Envelope(S.OrderResult).parse(await call("getOrdersByExternalOrderId", { ...t, body: { storeOrderId: "SO-000010" } }));
    Envelope(S.OrderResult).parse(await call("getOrdersByExternalOrderId", { ...t, body: { storeCode: ACC1.storeCode, storeOrderId: "SO-000010" } }));
    expect(await call("getOrdersByExternalOrderId", { ...t, body: { storeCode: ACC2.storeCode, storeOrderId: "SO-000010" } })).toMatchObject({ status: 60004 });
    expect(sim.control.counts().byEndpoint).toEqual({ getOrderByStoreOrderId: 1, getOrdersByExternalOrderId: 3 });
  });

  it("enforces batch maximums with 60002", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1792000000000000001n + BigInt(i)));
    expect(await call("getOrderInfos", { token: token1, body: { page: 1, limit: 10, orderIds: ids(51) } })).toMatchObject({ status: 60002, rel: false });
    expect((await call("getOrderInfos", { token: token1, body: { page: 1, limit: 100, orderIds: ids(50) } })).data.total).toBe(50);
    expect((await call("getOrderInfos", { token: token1, body: { page: 1, limit: 101 } })).status).toBe(60002);
    expect((await call("getOrdersStatus", { token: token1, body: ids(101) })).status).toBe(60002);
    expect((await call("getPrivateProduct", { token: token1, body: { page: 1, limit: 10, productIds: ids(51) } })).status).toBe(60002);
    expect((await call("getCustomerInventoryInfo", { token: token1, body: { skuIds: ids(101) } })).status).toBe(60002);
  });

  it("pages through all of account 10001's orders, each exactly once, newest first", async () => {
    const orders = await allOrders(token1);
    const ids = orders.map((o) => o.orderBaseInfo.orderId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(sim.state.account("10001").orders.size);
    const times = orders.map((o) => Date.parse(o.orderBaseInfo.crtTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("isolates tenants: 10002 cannot see 10001's orders or products", async () => {
    const account1 = sim.state.account("10001");
    const orderId = [...account1.orders.keys()][0]!;
    const productId = [...account1.products.keys()][0]!;
    expect((await call("getOrderInfos", { token: token2, body: { page: 1, limit: 10, orderIds: [orderId] } })).data.total).toBe(0);
    expect((await call("getOrdersStatus", { token: token2, body: [orderId] })).data).toEqual([]);
    expect((await call("getProductInfo", { token: token2, query: { productId } })).status).toBe(60004);
    expect((await call("getPrivateProduct", { token: token2, body: { page: 1, limit: 10, productIds: [productId] } })).data.rows).toEqual([]);
    expect((await call("internationalLogisticsInfo", { token: token2, params: { storeOrderId: "SO-000003" } })).status).toBe(60004);
    expect((await call("cancelOrder", { token: token2, body: { orderId } })).status).toBe(60004);
    expect((await allOrders(token2)).every((o) => o.orderBaseInfo.storeOrderId.startsWith("SO2-"))).toBe(true);
  });
});

describe("orders and stock", () => {
  it("create → status 1 → cancel → status 6; a duplicate thirdOrderId creates another order", async () => {
    const order = await createOrder(firstSku(), 2, "DUP-1");
    expect(order).toMatchObject({ status: 1, storeOrderId: "DUP-1" });
    expect(order.orderId).toMatch(/^\d{19}$/);
    const again = await createOrder(firstSku(), 1, "DUP-1");
    expect(again.orderId).not.toBe(order.orderId);
    expect((await call("getOrderInfos", { token: token1, body: { page: 1, limit: 10, storeOrderIds: ["DUP-1"] } })).data.total).toBe(2);
    expect((await call("cancelOrder", { token: token1, body: { orderId: order.orderId } })).status).toBe(200);
    const [row] = z.array(S.OrdersStatusResDto).parse((await call("getOrdersStatus", { token: token1, body: [order.orderId] })).data);
    expect(row!.status).toBe(6);
  });

  it("refuses cancel and address change once advanced to 3; illegal advances are 409", async () => {
    const order = await createOrder(firstSku());
    for (const expected of [9, 2, 3]) expect(await (await advance(order.orderId)).json()).toMatchObject({ to: expected });
    expect((await call("cancelOrder", { token: token1, body: { orderId: order.orderId } })).status).toBe(60010);
    const address = { firstName: "A", address: "B", countryCode: "US" };
    expect((await call("updateOrderAddress", { token: token1, body: { orderId: order.orderId, shippingAddress: address } })).status).toBe(60010);
    expect((await advance(order.orderId, 1)).status).toBe(409);
    expect(await (await advance(order.orderId, 14)).json()).toMatchObject({ to: 14 });
    const info = Envelope(S.InternationalLogisticsInfo).parse(await call("internationalLogisticsInfo", { token: token1, params: { storeOrderId: "WEB-1" } }));
    expect(info.data.logisticsList).toHaveLength(2);
  });

  it("updateOrderAddress returns the new address while the order is editable", async () => {
    const order = await createOrder(firstSku());
    const shippingAddress = {
      firstName: "Linh",
      lastName: "Tran",
      address: "12 Le Loi",
      city: "Da Nang",
      province: "DN",
      zipCode: "550000",
      countryCode: "VN",
      phone: "+84 90 123 4567",
    };
    const res = Envelope(S.OrderAddressInfo).parse(await call("updateOrderAddress", { token: token1, body: { orderId: order.orderId, shippingAddress } }));
    expect(res.data).toMatchObject({ ...shippingAddress, countryName: "Vietnam" });
    const [stored] = Table(S.OrderResult).parse(await call("getOrderInfos", { token: token1, body: { page: 1, limit: 1, orderIds: [order.orderId] } })).data.rows;
    expect(stored!.orderAddressInfo?.city).toBe("Da Nang");
  });

  it("locks stock on create, releases it on cancel", async () => {
    const level = stockedSku();
    const before = { available: level.availableQty, reserved: level.reservedQty };
    const order = await createOrder(level.skuId, 3);
    const history = z.array(S.OrderInventoryHistoryDto).parse((await call("getInventoryHistoryByOrderId", { token: token1, query: { orderId: order.orderId } })).data);
    expect(history).toMatchObject([{ type: "LOCK", changeQty: -3, skuId: level.skuId, balanceQty: before.available - 3 }]);
    const [stock] = z.array(S.CustomerInventoryDto).parse((await call("getCustomerInventoryInfo", { token: token1, body: { skuIds: [level.skuId] } })).data);
    expect(stock).toMatchObject({ availableQty: before.available - 3, reservedQty: before.reserved + 3 });
    const [line] = Table(S.OrderResult).parse(await call("getOrderInfos", { token: token1, body: { page: 1, limit: 1, orderIds: [order.orderId] } })).data.rows[0]!
      .orderItemInfos;
    expect(line!.isInventory).toBe(1);
    await call("cancelOrder", { token: token1, body: { orderId: order.orderId } });
    const after = z.array(S.OrderInventoryHistoryDto).parse((await call("getInventoryHistoryByOrderId", { token: token1, query: { orderId: order.orderId } })).data);
    expect(after.map((h) => h.type)).toEqual(["LOCK", "RELEASE"]);
  });

  it("rejects unknown SKUs, logistics channels and countries with 60002", async () => {
    const base = { thirdOrderId: "X", logisticsId: "9001", shippingAddress: { firstName: "A", address: "B", countryCode: "US" }, skuItems: [{ skuId: firstSku(), num: 1 }] };
    expect((await call("create", { token: token1, body: { ...base, skuItems: [{ skuId: "1", num: 1 }] } })).status).toBe(60002);
    expect((await call("create", { token: token1, body: { ...base, logisticsId: "42" } })).status).toBe(60002);
    expect((await call("create", { token: token1, body: { ...base, shippingAddress: { ...base.shippingAddress, countryCode: "ZZ" } } })).status).toBe(60002);
    expect((await call("getLogisticsSku", { token: token1, body: { countryCode: "ZZ", skuItems: [{ skuId: firstSku(), num: 1 }] } })).status).toBe(60002);
  });
});

describe("control surface", () => {
  it("counts calls per endpoint and logs the account", async () => {
    await sim$("DELETE", "/__sim/counters");
    await call("getCountryCode", { token: token1 });
    await call("getCountryCode", { token: token2 });
    await call("getOrderInfos", { token: token1, body: { page: 1, limit: 1 } });
    expect(await (await sim$("GET", "/__sim/counters")).json()).toEqual({ total: 3, byEndpoint: { getCountryCode: 2, getOrderInfos: 1 } });
    const log = (await (await sim$("GET", "/__sim/log")).json()) as Array<{ endpoint: string; account: string }>;
    expect(log.map((r) => r.account)).toEqual(["10001", "10002", "10001"]);
  });

  it("a schema fault produces a body our schema rejects", async () => {
    await sim$("POST", "/__sim/faults", { endpoint: "getOrderInfos", kind: "schema", times: 1 });
    const broken = await call("getOrderInfos", { token: token1, body: { page: 1, limit: 1 } });
    expect(Table(S.OrderResult).safeParse(broken).success).toBe(false);
    await sim$("POST", "/__sim/faults", { endpoint: "getProductInfo", kind: "schema", times: 1 });
    const productId = [...sim.state.account("10001").products.keys()][0]!;
    expect(Envelope(S.ProductInfoDto).safeParse(await call("getProductInfo", { token: token1, query: { productId } })).success).toBe(false);
    expect(Table(S.OrderResult).safeParse(await call("getOrderInfos", { token: token1, body: { page: 1, limit: 1 } })).success).toBe(true);
  });

  it("reset restores the seed and keeps issued tokens", async () => {
    const created = await createOrder(firstSku());
    const summary = async () => (await (await sim$("GET", "/__sim/hypersku/state/summary")).json()).accounts[0];
    expect((await summary()).orders).toBe(521);
    await sim$("POST", "/__sim/reset");
    expect((await summary()).orders).toBe(520);
    expect((await call("getOrdersStatus", { token: token1, body: [created.orderId] })).data).toEqual([]);
  });
});
