import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COUNTRIES, findCountry } from "../../simulators/hypersku/countries.js";
import { HYPERSKU_DEMO, shippedStoreOrderIds, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { quote as simQuote } from "../../simulators/hypersku/logistics.js";
import { type Listening, listen } from "../../simulators/shared/server.js";
import {
  InvalidProviderInputError,
  ProviderClientCredentialsError,
  ProviderCredentialsRejectedError,
  ProviderHttpError,
  ProviderRejectedError,
  ProviderSchemaError,
} from "../../src/domain/provider-errors.js";
import { createLogger } from "../../src/logger.js";
import { createTransport } from "../../src/providers/http.js";
import { authorizeUrl } from "../../src/providers/hypersku/authorize-url.js";
import { createHyperskuClient, type HyperskuClient } from "../../src/providers/hypersku/client.js";
import type { ShippingAddressDto } from "../../src/providers/hypersku/schemas/order.js";

/** Every error the tests provoke, checked for secrets at the end. */
const seenErrors: unknown[] = [];
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("call should fail"),
    (e: unknown) => (seenErrors.push(e), e),
  );

describe("authorizeUrl", () => {
  it("builds the DOC authorize URL with the four required camelCase parameters", () => {
    const url = new URL(
      authorizeUrl({
        authorizeBaseUrl: "https://app.hypersku.com/application/auth",
        clientId: "cid",
        redirectUri: "https://example.com/callback?x=1",
        state: "random-state-123",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://app.hypersku.com/application/auth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      clientId: "cid",
      scope: "oms",
      redirectUri: "https://example.com/callback?x=1",
      state: "random-state-123",
    });
  });

  it("adds the DOC path to a bare origin and rejects bad input", () => {
    const url = authorizeUrl({ authorizeBaseUrl: "http://127.0.0.1:4101", clientId: "c", redirectUri: "http://x.test/cb", state: "12345678" });
    expect(new URL(url).pathname).toBe("/application/auth");
    expect(() => authorizeUrl({ authorizeBaseUrl: "nope", clientId: "", redirectUri: "http://x.test/cb", state: "s" })).toThrow(InvalidProviderInputError);
  });
});

/** Envelope cases the simulator never produces (bare answers, `msg`, HTTP 401/403/404), from a stub. */
describe("envelope edge cases", () => {
  const answers = new Map<string, { status: number; body: string }>();
  const app = new Hono();
  app.all("*", (c) => {
    const a = answers.get(c.req.path) ?? { status: 404, body: "<html>not found</html>" };
    return c.body(a.body, a.status as 200, { "content-type": "application/json" });
  });
  let stub: Listening;
  beforeAll(async () => {
    stub = await listen(app);
  });
  afterAll(() => stub.close());
  beforeEach(() => answers.clear());

  const client = (successCodes?: number[]) =>
    createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: stub.url, retries: 0 }), token: "t0ken-abcdef", successCodes });
  const answer = (path: string, body: unknown, status = 200) => answers.set(path, { status, body: JSON.stringify(body) });
  const pair = { accessToken: "at-123456", expiresIn: 7200, refreshToken: "rt-123456", refreshTokenExpireIn: 2592000, scope: "oms", userId: 10001 };
  const oauth = { clientId: "c", clientSecret: "s3cret-value", code: "code-1", redirectUri: "http://x.test/cb" };

  it("accepts a bare OAuth2TokenVo (DOC example) and an enveloped one", async () => {
    answer("/api/auth/admin/token/access_token", pair);
    expect(await client().accessToken(oauth)).toEqual({ ...pair, userId: "10001" });
    answer("/api/auth/admin/token/refresh_token", { status: 200, data: pair });
    expect(await client().refreshToken({ clientId: "c", clientSecret: "s3cret-value", refreshToken: "rt-123456" })).toMatchObject({
      accessToken: "at-123456",
    });
  });

  it("maps 40102 on refresh to ProviderCredentialsRejectedError, other codes to ProviderRejectedError (message ?? msg)", async () => {
    answer("/api/auth/admin/token/refresh_token", { status: 40102, message: "refresh token expired" });
    const dead = await failure(client().refreshToken({ clientId: "c", clientSecret: "s3cret-value", refreshToken: "rt-123456" }));
    expect(dead).toBeInstanceOf(ProviderCredentialsRejectedError);
    answer("/api/auth/admin/token/access_token", { status: 60025, msg: "code used" });
    expect(await failure(client().accessToken(oauth))).toMatchObject({ providerCode: "60025", providerMessage: "code used" });
    answer("/api/customer/admin/logistics/getCountryCode", { status: 500 });
    const err = await failure(client().getCountryCode());
    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect(err).toMatchObject({ providerCode: "500", providerMessage: "" });
  });

  it("reads getToken's token from a bare string in data, an object in data, or a bare body", async () => {
    const login = { username: "u", password: "p4ssword" };
    answer("/api/auth/admin/token", { status: 200, data: "tok-string" });
    expect(await client().getToken(login)).toEqual({ accessToken: "tok-string", expiresIn: null });
    answer("/api/auth/admin/token", { status: 0, data: { token: "tok-object", expiresIn: 60 } });
    expect(await client().getToken(login)).toEqual({ accessToken: "tok-object", expiresIn: 60 });
    answer("/api/auth/admin/token", { token: "tok-bare" });
    expect(await client().getToken(login)).toEqual({ accessToken: "tok-bare", expiresIn: null });
  });

  it("honours the configured success codes", async () => {
    answer("/api/customer/admin/logistics/getCountryCode", { status: 0, data: [{ countryCode: "US" }] });
    expect(await failure(client([200]).getCountryCode())).toMatchObject({ providerCode: "0" });
    expect(await client([0]).getCountryCode()).toEqual([{ countryCode: "US", regionCodes: [] }]);
  });

  it("maps HTTP 401/403 to ProviderCredentialsRejectedError, other 4xx to ProviderHttpError, a non-envelope to ProviderSchemaError", async () => {
    answer("/api/customer/admin/logistics/getCountryCode", { status: 401, message: "nope" }, 401);
    expect(await failure(client().getCountryCode())).toBeInstanceOf(ProviderCredentialsRejectedError);
    answer("/api/customer/admin/logistics/getCountryCode", {}, 403);
    expect(await failure(client().getCountryCode())).toBeInstanceOf(ProviderCredentialsRejectedError);
    answers.clear();
    expect(await failure(client().getCountryCode())).toMatchObject({ status: 404 });
    expect(await failure(client().getCountryCode())).toBeInstanceOf(ProviderHttpError);
    answer("/api/customer/admin/logistics/getCountryCode", { ok: true });
    const err = await failure(client().getCountryCode());
    expect(err).toBeInstanceOf(ProviderSchemaError);
    expect((err as ProviderSchemaError).issues[0]?.path).toBe("status");
  });

  it("HTTP 401/403 on a token endpoint is our client credentials (ProviderClientCredentialsError), not the merchant's", async () => {
    const login = { username: "u", password: "p4ssword" };
    const calls = [
      ["/api/auth/admin/token", () => client().getToken(login)],
      ["/api/auth/admin/token/access_token", () => client().accessToken(oauth)],
      ["/api/auth/admin/token/refresh_token", () => client().refreshToken({ clientId: "c", clientSecret: "s3cret-value", refreshToken: "rt-123456" })],
    ] as const;
    for (const [path, send] of calls) {
      for (const status of [401, 403]) {
        answer(path, { message: "Unauthorized" }, status);
        const err = await failure(send());
        expect(err, `${path} ${status}`).toBeInstanceOf(ProviderClientCredentialsError);
        expect(err).not.toBeInstanceOf(ProviderCredentialsRejectedError);
        expect(err).toMatchObject({ code: "PROVIDER_CLIENT_CREDENTIALS_REJECTED", providerCode: String(status) });
        expect((err as Error).message).toContain("HYPERSKU_CLIENT_ID / HYPERSKU_CLIENT_SECRET");
      }
    }
    // 40131 "client invalid" on a token endpoint means the same; on a business endpoint it stays a token problem.
    answer("/api/auth/admin/token/access_token", { status: 40131, message: "client credentials invalid" });
    expect(await failure(client().accessToken(oauth))).toMatchObject({ code: "PROVIDER_CLIENT_CREDENTIALS_REJECTED", providerMessage: "client credentials invalid" });
    answer("/api/customer/admin/logistics/getCountryCode", { status: 40131, message: "client token invalid" });
    expect(await failure(client().getCountryCode())).toBeInstanceOf(ProviderCredentialsRejectedError);
  });

  it("rel, success or result false is a failure even with a success status (ProviderRejectedError with message or msg)", async () => {
    answer("/api/customer/admin/logistics/getCountryCode", { status: 200, rel: false, message: "operation failed", data: [{ countryCode: "US" }] });
    const err = await failure(client().getCountryCode());
    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect(err).toMatchObject({ providerCode: "200", providerMessage: "operation failed" });
    answer("/api/customer/admin/orders/create", { status: 0, rel: false, msg: "sku not on sale" });
    const order = { thirdOrderId: "T-1", logisticsId: "9001", shippingAddress: { firstName: "A", address: "1 St", countryCode: "US" }, skuItems: [{ skuId: "1", num: 1 }] };
    expect(await failure(client().create(order))).toMatchObject({ providerCode: "0", providerMessage: "sku not on sale" });
    for (const marker of [{ success: false }, { result: false }]) {
      answer("/api/customer/admin/logistics/getCountryCode", { status: 200, ...marker, message: "refused", data: [{ countryCode: "US" }] });
      expect(await failure(client().getCountryCode())).toMatchObject({ providerCode: "200", providerMessage: "refused" });
    }
    answer("/api/customer/admin/logistics/getCountryCode", { status: 200, rel: true, success: true, data: [{ countryCode: "US" }] });
    expect(await client().getCountryCode()).toHaveLength(1);
  });

  it("getOrdersStatus reads one OrderStatusInfo object or an array as a list; a stock order with only its id has nulls, not made-up values", async () => {
    answer("/api/customer/admin/orders/status", { status: 200, data: { orderId: 123, status: 5 } });
    expect(await client().getOrdersStatus(["123"])).toEqual([{ orderId: "123", status: 5 }]);
    answer("/api/customer/admin/orders/status", {
      status: 200,
      data: [
        { orderId: "7", status: 1 },
        { orderId: "8", status: 2 },
      ],
    });
    expect((await client().getOrdersStatus(["7", "8"])).map((r) => r.orderId)).toEqual(["7", "8"]);
    answer("/api/customer/admin/orders/getStockOrderInfo", { status: 200, data: { total: 1, rows: [{ stockOrderId: 42 }] } });
    expect((await client().getStockOrderInfo({ page: 1, limit: 1 })).rows).toEqual([
      { id: "42", statusCode: null, status: "UNKNOWN", amount: null, items: [], createdAt: null, arrivedAt: null },
    ]);
  });

  it("fails without any HTTP call when an auth endpoint has no token", async () => {
    const c = createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: "http://127.0.0.1:9" }) });
    expect(await failure(c.getCountryCode())).toBeInstanceOf(ProviderCredentialsRejectedError);
  });
});

/** Every client method against the real HyperSKU simulator over loopback HTTP. */
describe("against the HyperSKU simulator", () => {
  let sim: Awaited<ReturnType<typeof startHyperskuSimulator>>;
  const logLines: string[] = [];
  const logger = createLogger({ level: "debug", destination: { write: (s: string) => void logLines.push(s) } });
  /** Every token, refresh token and password seen: none may appear in an error or a log line. */
  const secrets = new Set<string>([HYPERSKU_DEMO.oauthApp.clientSecret, ...HYPERSKU_DEMO.accounts.map((a) => a.password)]);
  const [merchant] = HYPERSKU_DEMO.accounts;
  const { clientId, clientSecret } = HYPERSKU_DEMO.oauthApp;
  const ISO_CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
  const ID19 = /^\d{19}$/;

  beforeAll(async () => {
    sim = await startHyperskuSimulator({ port: 0 });
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await simPost("/__sim/reset");
  });

  const simPost = (path: string, body: unknown = {}) =>
    fetch(sim.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => {
      expect(r.ok, `${path} → ${r.status}`).toBe(true);
      return r.json() as Promise<Record<string, unknown>>;
    });
  const counters = async () => (await (await fetch(`${sim.url}/__sim/counters`)).json()) as { total: number; byEndpoint: Record<string, number> };
  const transport = () => createTransport({ provider: "hypersku", baseUrl: sim.url, logger, retries: 2, retryBaseMs: 1, random: () => 0, timeoutMs: 3_000 });
  const anonymous = () => createHyperskuClient({ transport: transport() });
  async function login(account: { username: string; password: string } = merchant!, authPrefix = ""): Promise<{ client: HyperskuClient; token: string }> {
    const { accessToken, expiresIn } = await anonymous().getToken({ username: account.username, password: account.password });
    expect(expiresIn).toBe(7200);
    secrets.add(accessToken);
    return { client: createHyperskuClient({ transport: transport(), token: accessToken, authPrefix }), token: accessToken };
  }
  const address: ShippingAddressDto = {
    firstName: "Ada",
    lastName: "Lovelace",
    address: "1 Main St",
    city: "Springfield",
    province: "IL",
    zipCode: "62701",
    countryCode: "US",
    phone: "+1 555 0100",
  };
  const redirectUri = "http://127.0.0.1:9/auth/hypersku/callback";
  /** The browser's part of the code flow: the consent page, then the approve form, then the redirect. */
  async function authorizeCode(): Promise<{ code: string; redirectUri: string }> {
    const state = `st-${Math.random().toString(36).slice(2)}`;
    const url = authorizeUrl({ authorizeBaseUrl: `${sim.url}/application/auth`, clientId, redirectUri, state });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<form");
    const form = { clientId, scope: "oms", redirectUri, state, username: merchant!.username, password: merchant!.password, decision: "approve" };
    const approved = await fetch(`${sim.url}/application/auth`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(redirectUri);
    expect(callback.searchParams.get("state")).toBe(state);
    const code = callback.searchParams.get("code")!;
    expect(code).toBeTruthy();
    secrets.add(code);
    return { code, redirectUri };
  }
  async function newOrder(client: HyperskuClient, thirdOrderId = `WEB-${Date.now()}`) {
    const { rows } = await client.getPrivateProduct({ page: 1, limit: 1 });
    const skuId = rows[0]!.skus[0]!.id;
    const logisticsList = await client.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId, num: 2 }] });
    const logisticsId = logisticsList[0]!.id;
    const created = await client.create({ thirdOrderId, thirdOrderName: "#W1", logisticsId, shippingAddress: address, skuItems: [{ skuId, num: 2 }] });
    return { ...created.orderBaseInfo, skuId };
  }

  describe("authentication", () => {
    it("getToken: username/password gives a token the business endpoints accept (raw or Bearer)", async () => {
      const { client, token } = await login();
      expect((await client.getCountryCode()).map((c) => c.countryCode)).toContain("US");
      const bearer = createHyperskuClient({ transport: transport(), token, authPrefix: "Bearer " });
      expect(await bearer.getCountryCode()).toHaveLength(COUNTRIES.length); // every country the simulator serves
      const wrong = await failure(anonymous().getToken({ username: merchant!.username, password: "not-the-password" }));
      expect(wrong).toBeInstanceOf(ProviderRejectedError);
      expect(wrong).toMatchObject({ providerCode: "60002" });
    });

    it("OAuth code flow: consent page → code → accessToken → refreshToken rotation", async () => {
      const { code } = await authorizeCode();
      const pair = await anonymous().accessToken({ clientId, clientSecret, code, redirectUri });
      for (const s of [pair.accessToken, pair.refreshToken, code]) secrets.add(s);
      expect(pair).toMatchObject({ expiresIn: 7200, refreshTokenExpireIn: 30 * 24 * 3600, scope: "oms", userId: merchant!.accountId });
      const viaOauth = createHyperskuClient({ transport: transport(), token: pair.accessToken });
      expect((await viaOauth.getOrderInfos({ page: 1, limit: 1 })).total).toBe(520);

      const reused = await failure(anonymous().accessToken({ clientId, clientSecret, code, redirectUri }));
      expect(reused).toBeInstanceOf(ProviderRejectedError);
      expect(reused).toMatchObject({ providerCode: "60025" });

      const next = await anonymous().refreshToken({ clientId, clientSecret, refreshToken: pair.refreshToken });
      for (const s of [next.accessToken, next.refreshToken]) secrets.add(s);
      expect(next.refreshToken).not.toBe(pair.refreshToken);
      expect(next.accessToken).not.toBe(pair.accessToken);
      const lazy = createHyperskuClient({ transport: transport(), token: async () => next.accessToken });
      expect(await lazy.getCountryCode()).toHaveLength(COUNTRIES.length);

      // Rotation: the spent refresh token is dead, which means "authorize again".
      const spent = await failure(anonymous().refreshToken({ clientId, clientSecret, refreshToken: pair.refreshToken }));
      expect(spent).toBeInstanceOf(ProviderCredentialsRejectedError);
    });

    it("a wrong client secret on accessToken / refreshToken (40131) → ProviderClientCredentialsError", async () => {
      const { code } = await authorizeCode();
      const wrong = await failure(anonymous().accessToken({ clientId, clientSecret: "not-the-secret", code, redirectUri }));
      expect(wrong).toBeInstanceOf(ProviderClientCredentialsError);
      expect(wrong).toMatchObject({ endpoint: "accessToken", providerCode: "40131" });
      const pair = await anonymous().accessToken({ clientId, clientSecret, code, redirectUri }); // the code was not spent
      for (const s of [pair.accessToken, pair.refreshToken]) secrets.add(s);
      const refused = await failure(anonymous().refreshToken({ clientId, clientSecret: "not-the-secret", refreshToken: pair.refreshToken }));
      expect(refused).toBeInstanceOf(ProviderClientCredentialsError);
      expect(refused).not.toBeInstanceOf(ProviderCredentialsRejectedError);
    });

    it("an expired token (clock moved past its lifetime, or expired by control) → ReauthorizationRequiredError", async () => {
      const { client } = await login();
      await client.getCountryCode();
      await simPost("/__sim/clock", { advanceMs: 7200 * 1000 + 1_000 });
      expect(await failure(client.getCountryCode())).toBeInstanceOf(ProviderCredentialsRejectedError);

      const again = await login();
      await simPost("/__sim/hypersku/tokens/expire", { accountId: merchant!.accountId });
      const err = await failure(again.client.getOrdersStatus(["1792000000000000001"]));
      expect(err).toBeInstanceOf(ProviderCredentialsRejectedError);
      expect(err).toMatchObject({ endpoint: "getOrdersStatus" });
    });
  });

  describe("reads", () => {
    it("getPrivateProduct + getProductInfo: paged products, 19-digit ids exact, ISO +08:00 times", async () => {
      const { client } = await login();
      const page = await client.getPrivateProduct({ page: 2, limit: 10 });
      expect(page.total).toBe(240);
      expect(page.rows).toHaveLength(10);
      const product = page.rows[0]!;
      expect(product.id).toMatch(ID19);
      expect(product.createdAt).toMatch(ISO_CHINA);
      const stored = sim.state.account(merchant!.accountId).products;
      for (const row of page.rows) expect(stored.has(row.id)).toBe(true);

      const filtered = await client.getPrivateProduct({ page: 1, limit: 50, productIds: page.rows.slice(0, 3).map((p) => p.id) });
      expect(filtered.rows.map((p) => p.id)).toEqual(page.rows.slice(0, 3).map((p) => p.id));

      const info = await client.getProductInfo(product.id);
      expect(info.id).toBe(product.id);
      expect(info.skus.map((k) => k.id)).toEqual(stored.get(product.id)!.skus.map((k) => k.skuId));
      expect(info.skus[0]!.id).toMatch(ID19);
      expect(await failure(client.getProductInfo("1790000000000999999"))).toMatchObject({ providerCode: "60004" });
    });

    it("getCountryCode, getLogisticsSku", async () => {
      const { client } = await login();
      const countries = await client.getCountryCode();
      expect(countries.find((c) => c.countryCode === "US")?.regionCodes).toHaveLength(findCountry("US")!.regions!.length);
      const { rows } = await client.getPrivateProduct({ page: 1, limit: 1 });
      const skuId = rows[0]!.skus[0]!.id;
      const quote = await client.getLogisticsSku({ countryCode: "DE", skuItems: [{ skuId, num: 3 }] });
      // The channels the simulator's formula offers for 3 units of this SKU to DE, cheapest first.
      const weight = sim.state.account(merchant!.accountId).skus.get(skuId)!.weight;
      const expected = simQuote(findCountry("DE")!, [{ skuId, num: 3, unitWeight: weight }]);
      expect(quote.map((l) => [l.id, Number(l.price.amount)])).toEqual(expected.map((q) => [q.channel.logisticsId, q.freight]));
      expect(quote[0]).toMatchObject({ name: expect.any(String), price: { currency: "USD" } });
    });

    it("internationalLogisticsInfo: tracking only for the shipped seed orders (index % 5 ∈ {3,4})", async () => {
      const { client } = await login();
      const shipped = shippedStoreOrderIds(merchant!.accountId);
      expect(shipped.slice(0, 4)).toEqual(["SO-000003", "SO-000004", "SO-000008", "SO-000009"]);
      const tracked = await client.internationalLogisticsInfo("SO-000004");
      expect(tracked[0]!.storeOrderId).toBe("SO-000004");
      expect(tracked[0]!.orderId).toMatch(ID19);
      const parcel = tracked[0]!;
      const seededOrder = [...sim.state.account(merchant!.accountId).orders.values()].find((o) => o.storeOrderId === "SO-000004")!;
      expect(parcel.events).toHaveLength(seededOrder.parcels[0]!.events.length);
      for (const event of parcel.events) expect(event.occurredAt).toMatch(ISO_CHINA);
      expect(await client.internationalLogisticsInfo("SO-000001")).toEqual([]);
    });

    it("getOrderInfos / getOrdersStatus: 50 keys are exactly one call each, ids survive exactly", async () => {
      const { client } = await login();
      const storeOrderIds = Array.from({ length: 50 }, (_, i) => `SO-${String(i + 1).padStart(6, "0")}`);
      const before = await counters();
      const page = await client.getOrderInfos({ page: 1, limit: 50, storeOrderIds });
      expect(page.total).toBe(50);
      expect(new Set(page.rows.map((o) => o.storeOrderId))).toEqual(new Set(storeOrderIds));
      const order = page.rows[0]!;
      expect(order.createdAt).toMatch(ISO_CHINA);
      expect(order.items).toHaveLength(sim.state.account(merchant!.accountId).orders.get(order.id)!.items.length);
      expect(order.shippingAddress?.countryCode).toMatch(/^[A-Z]{2}$/);

      const orderIds = page.rows.map((o) => o.id);
      const stored = sim.state.account(merchant!.accountId).orders;
      for (const id of orderIds) {
        expect(id).toMatch(ID19);
        expect(stored.get(id)?.orderId).toBe(id);
      }
      expect(new Set(orderIds).size).toBe(50);
      expect(Number(orderIds[0])).toBeGreaterThan(Number.MAX_SAFE_INTEGER); // a bound: 19-digit ids, so a JSON number would lose digits

      const statuses = await client.getOrdersStatus(orderIds);
      expect(statuses.map((s) => s.orderId)).toEqual(orderIds);
      expect(statuses[0]!.updTime).toMatch(ISO_CHINA);
      const byId = await client.getOrderInfos({ page: 1, limit: 50, orderIds });
      expect(byId.total).toBe(50);

      const after = await counters();
      expect((after.byEndpoint.getOrderInfos ?? 0) - (before.byEndpoint.getOrderInfos ?? 0)).toBe(2);
      expect((after.byEndpoint.getOrdersStatus ?? 0) - (before.byEndpoint.getOrdersStatus ?? 0)).toBe(1);
    });

    it("inventory: getInventoryInfo, getCustomerInventoryInfo, getStockOrderInfo", async () => {
      const { client } = await login();
      const inventory = await client.getInventoryInfo({ page: 1, limit: 20 });
      const account = sim.state.account(merchant!.accountId);
      expect(inventory.total).toBe(account.inventory.size); // the SKUs the seed stocks (inventoryShare 0.4 of 10001's)
      const row = inventory.rows[0]!;
      expect(row.skuId).toMatch(ID19);
      expect(row.productId).toBe(account.skus.get(row.skuId)!.productId);
      const skuIds = inventory.rows.slice(0, 5).map((r) => r.skuId);
      const levels = await client.getCustomerInventoryInfo(skuIds);
      expect(levels.map((l) => l.skuId).sort()).toEqual([...skuIds].sort());
      expect(levels[0]!.available).toEqual(expect.any(Number));

      const stock = await client.getStockOrderInfo({ page: 1, limit: 5 });
      expect(stock.total).toBe(20);
      expect(stock.rows).toHaveLength(5);
      expect(stock.rows[0]!.id).toMatch(ID19);
      expect(stock.rows[0]!.createdAt).toMatch(ISO_CHINA);
      const one = await client.getStockOrderInfo({ page: 1, limit: 5, stockOrderIds: [stock.rows[1]!.id] });
      expect(one.rows.map((s) => s.id)).toEqual([stock.rows[1]!.id]);
    });
  });

  describe("writes", () => {
    it("create → status, history, address update, cancel", async () => {
      const { client } = await login();
      const order = await newOrder(client, "WEB-1001");
      expect(order.orderId).toMatch(ID19);
      expect(order).toMatchObject({ storeOrderId: "WEB-1001", status: 1 });
      expect(order.crtTime).toMatch(ISO_CHINA);

      expect(await client.getOrdersStatus([order.orderId])).toMatchObject([{ orderId: order.orderId, status: 1 }]);
      const history = await client.getInventoryHistoryByOrderId(order.orderId);
      for (const h of history) expect(h).toMatchObject({ occurredAt: expect.stringMatching(ISO_CHINA) });

      const moved = await client.updateOrderAddress(order.orderId, { ...address, address: "2 Side St", countryCode: "CA", province: "ON" });
      expect(moved).toMatchObject({ line1: "2 Side St", countryCode: "CA", countryName: "Canada" });

      await expect(client.cancelOrder(order.orderId)).resolves.toBeUndefined();
      expect(await client.getOrdersStatus([order.orderId])).toMatchObject([{ status: 6 }]);
    });

    it("HYPERSKU_ID_ENCODING: ids quoted by default, bare exact digits with `number`; 19-digit ids round-trip", async () => {
      const { token } = await login();
      const { rows } = await createHyperskuClient({ transport: transport(), token }).getPrivateProduct({ page: 1, limit: 1 });
      const skuId = rows[0]!.skus[0]!.id;
      expect(skuId).toMatch(ID19);
      expect(BigInt(skuId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER)); // a bound: Number(skuId) would lose digits
      for (const idEncoding of ["string", "number"] as const) {
        const sent: string[] = [];
        const capture: typeof fetch = async (url, init) => (sent.push(String(init?.body)), fetch(url, init));
        const wire = createTransport({ provider: "hypersku", baseUrl: sim.url, fetch: capture, retries: 0 });
        const client = createHyperskuClient({ transport: wire, token, idEncoding });
        const [option] = await client.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId, num: 1 }] });
        // A store order id of 19 digits (sent as a number) and one that is not digits (always a string).
        const numericStoreOrderId = String(BigInt(skuId) + 7n);
        for (const thirdOrderId of [numericStoreOrderId, "WEB-7"]) {
          const created = await client.create({ thirdOrderId, logisticsId: option!.id, shippingAddress: address, skuItems: [{ skuId, num: 1 }] });
          const [order] = (await client.getOrderInfos({ page: 1, limit: 1, orderIds: [created.orderBaseInfo.orderId] })).rows;
          expect(order).toMatchObject({ storeOrderId: thirdOrderId, logisticsId: option!.id, items: [expect.objectContaining({ skuId, quantity: 1 })] });
        }
        const [quote, numericCreate, , textCreate] = sent; // between them, the getOrderInfos read-backs
        const q = (v: string) => (idEncoding === "number" ? v : JSON.stringify(v));
        expect(quote).toContain(`"skuId":${q(skuId)}`);
        expect(numericCreate).toContain(`"thirdOrderId":${q(numericStoreOrderId)}`);
        expect(numericCreate).toContain(`"logisticsId":${q(option!.id)}`);
        expect(numericCreate).toContain(`"skuItems":[{"skuId":${q(skuId)},"num":1}]`);
        expect(textCreate).toContain('"thirdOrderId":"WEB-7"');
        // Everything else is the JSON the default encoding sends.
        expect(JSON.parse(numericCreate!.replace(/:(\d{2,})/g, ':"$1"'))).toMatchObject({ shippingAddress: address });
      }
      // Ids a Java long cannot hold, or with a leading zero, stay strings even in `number` mode.
      const sent: string[] = [];
      const capture: typeof fetch = async (url, init) => (sent.push(String(init?.body)), fetch(url, init));
      const numbers = createHyperskuClient({
        transport: createTransport({ provider: "hypersku", baseUrl: sim.url, fetch: capture, retries: 0 }),
        token,
        idEncoding: "number",
      });
      await failure(numbers.create({ thirdOrderId: "99999999999999999999", logisticsId: "0042", shippingAddress: address, skuItems: [{ skuId, num: 1 }] }));
      expect(sent[0]).toContain('"thirdOrderId":"99999999999999999999"');
      expect(sent[0]).toContain('"logisticsId":"0042"');
    });

    it("cancel after the order moved past status 1 → ProviderRejectedError 60010", async () => {
      const { client } = await login();
      const order = await newOrder(client);
      const advanced = await simPost(`/__sim/hypersku/orders/${order.orderId}/advance`);
      expect(advanced).toMatchObject({ from: 1, to: 9 });
      const err = await failure(client.cancelOrder(order.orderId));
      expect(err).toBeInstanceOf(ProviderRejectedError);
      expect(err).toMatchObject({ providerCode: "60010", endpoint: "cancelOrder" });
      expect((err as ProviderRejectedError).providerMessage).toContain("9");
    });
  });

  describe("failures", () => {
    it("batch maximums and empty key lists are enforced client-side, with zero HTTP calls", async () => {
      const { client } = await login();
      const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1792000000000000001n + BigInt(i)));
      const before = await counters();
      const rejected = [
        await failure(client.getOrderInfos({ page: 1, limit: 50, orderIds: ids(51) })),
        await failure(client.getOrderInfos({ page: 1, limit: 50, storeOrderIds: ids(51) })),
        await failure(client.getOrderInfos({ page: 1, limit: 51 })),
        await failure(client.getOrderInfos({ page: 1, limit: 10, orderIds: [] })),
        await failure(client.getPrivateProduct({ page: 1, limit: 10, productIds: ids(51) })),
        await failure(client.getOrdersStatus(ids(101))),
        await failure(client.getOrdersStatus([])),
        await failure(client.getCustomerInventoryInfo(ids(101))),
        await failure(client.getInventoryInfo({ page: 1, limit: 10, skuIds: ids(101) })),
        await failure(client.getStockOrderInfo({ page: 0, limit: 10 })),
        await failure(client.getLogisticsSku({ countryCode: "us", skuItems: [] })),
        await failure(client.getProductInfo("")),
      ];
      for (const err of rejected) expect(err).toBeInstanceOf(InvalidProviderInputError);
      expect((rejected[0] as InvalidProviderInputError).issues[0]?.path).toBe("orderIds");
      expect((await counters()).total).toBe(before.total);
    });

    it("a `schema` fault → ProviderSchemaError with the zod issues", async () => {
      const { client } = await login();
      // A read whose answer does not match is read once more: one garbled answer is recovered…
      await simPost("/__sim/faults", { endpoint: "getOrderInfos", kind: "schema", times: 1 });
      expect((await client.getOrderInfos({ page: 1, limit: 5 })).rows.length).toBeGreaterThan(0);
      expect((await counters()).byEndpoint.getOrderInfos).toBe(2);
      // …a second one is final.
      await simPost("/__sim/faults", { endpoint: "getOrderInfos", kind: "schema", times: 2 });
      const err = await failure(client.getOrderInfos({ page: 1, limit: 5 }));
      expect(err).toBeInstanceOf(ProviderSchemaError);
      expect((err as ProviderSchemaError).issues).toEqual([expect.objectContaining({ path: "rows" })]);
      expect((await counters()).byEndpoint.getOrderInfos).toBe(4);

      // The bare OAuth2TokenVo path: the fault turns accessToken into a number.
      const { code } = await authorizeCode();
      await simPost("/__sim/faults", { endpoint: "accessToken", kind: "schema", times: 1 });
      const bare = await failure(anonymous().accessToken({ clientId, clientSecret, code, redirectUri }));
      expect(bare).toBeInstanceOf(ProviderSchemaError);
      expect((bare as ProviderSchemaError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(["accessToken", "expiresIn"]));
    });

    it("http500 on create is never retried (exactly 1 call); reads are", async () => {
      const { client } = await login();
      const { rows } = await client.getPrivateProduct({ page: 1, limit: 1 });
      const skuId = rows[0]!.skus[0]!.id;
      const logisticsList = await client.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId, num: 1 }] });
      await simPost("/__sim/faults", { endpoint: "create", kind: "http500" });
      await simPost("/__sim/faults", { endpoint: "getCountryCode", kind: "http500", times: 2 });
      const order = { thirdOrderId: "WEB-500", logisticsId: logisticsList[0]!.id, shippingAddress: address, skuItems: [{ skuId, num: 1 }] };
      const err = await failure(client.create(order));
      expect(err).toBeInstanceOf(ProviderHttpError);
      expect(err).toMatchObject({ status: 500, endpoint: "create", method: "POST" });
      expect((await counters()).byEndpoint.create).toBe(1);
      expect(await client.getCountryCode()).toHaveLength(COUNTRIES.length);
      expect((await counters()).byEndpoint.getCountryCode).toBe(3);
    });

    it("secrets (tokens, refresh tokens, client secret, passwords) never reach errors or logs", async () => {
      const { client } = await login(HYPERSKU_DEMO.accounts[1]);
      await simPost("/__sim/faults", { endpoint: "*", kind: "http500", times: 1 });
      await failure(client.create({ thirdOrderId: "X-1", logisticsId: "1", shippingAddress: address, skuItems: [{ skuId: "1", num: 1 }] }));
      await failure(anonymous().refreshToken({ clientId, clientSecret, refreshToken: "rt-not-a-real-refresh-token" }));
      await failure(anonymous().getToken({ username: "demo-merchant-2", password: "demo-password-2x" }));
      // Another merchant's order: not found for this account.
      expect(await failure(client.cancelOrder("1792000000000000001"))).toMatchObject({ providerCode: "60004" });

      // Bounds, not counts: only that the search below runs over a real body of errors and log lines.
      expect(seenErrors.length).toBeGreaterThan(15);
      expect(logLines.length).toBeGreaterThan(50);
      const logs = logLines.join("\n");
      for (const secret of secrets) {
        expect(logs).not.toContain(secret);
        for (const err of seenErrors) {
          const e = err as Error;
          for (const text of [e.message, JSON.stringify(e), String(e.stack)]) expect(text).not.toContain(secret);
        }
      }
      expect(secrets.size).toBeGreaterThan(8); // a bound: enough secrets were collected for the search to mean something
    });
  });
});
