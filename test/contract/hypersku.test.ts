import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { SIM_REQUESTS } from "../../simulators/hypersku/contract/requests.js";
import { SIM_RESPONSES } from "../../simulators/hypersku/contract/responses.js";
import { matchRoute, type SimEndpoint } from "../../simulators/hypersku/contract/routes.js";
import { FailureResponse } from "../../simulators/hypersku/schemas/common.js";
import { ProviderCredentialsRejectedError, ProviderRejectedError } from "../../src/domain/provider-errors.js";
import { createTransport } from "../../src/providers/http.js";
import { createHyperskuClient } from "../../src/providers/hypersku/client.js";
import { answering, type Exchange, explained, type Fetch, issues, keyPaths, readFixture } from "./support/capture.js";

/**
 * The recorded HyperSKU examples (test/fixtures/hypersku, from hypersku-api.md) through both
 * sides: the simulator's own schema must accept each one, and the client, driven through its
 * public methods over an injected fetch, must read it. Every request the client sends on the
 * way is held to the simulator's route table and request schemas.
 */

const fixture = (name: string) => readFixture("hypersku", name);
const client = (fetch: Fetch) =>
  createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: "http://hypersku.fixture", fetch, retries: 0 }), token: "t0ken-fixture" });

/** The simulator's verdict on a value: "" when it accepts, else the issues. */
const verdict = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? "" : issues(r.error);
};

/** The client's one request, held to the simulator's route table and request schema. */
function expectSimAccepts(log: Exchange[], name: SimEndpoint): Exchange {
  expect(log, `${name}: one request`).toHaveLength(1);
  const sent = log[0]!;
  expect(matchRoute(sent.method, sent.path)?.name, `${name}: ${sent.method} ${sent.path} is not in the simulator's route table`).toBe(name);
  const { body, query } = SIM_REQUESTS[name];
  expect(verdict(query, sent.query), `${name}: query`).toBe("");
  if (body) expect(verdict(body, sent.body), `${name}: body`).toBe("");
  else expect(sent.body, `${name}: no body`).toBeUndefined();
  return sent;
}

const oauth = { clientId: "c", clientSecret: "s3cret", code: "code-1", redirectUri: "http://x.test/cb" };
const address = { firstName: "Ada", lastName: "Lovelace", address: "1 Main St", countryCode: "US" };

describe("HyperSKU fixtures: the simulator accepts them and the client reads them", () => {
  it("access-token.json [DOC]: the bare OAuth2TokenVo example", async () => {
    expect(verdict(SIM_RESPONSES.accessToken, fixture("access-token"))).toBe("");
    const log: Exchange[] = [];
    const tokens = await client(answering(fixture("access-token"), log))
      .accessToken(oauth)
      .catch(explained("fixture"));
    expect(tokens).toMatchObject({ accessToken: "string", expiresIn: 0, refreshToken: "string", scope: "string", userId: "string" });
    expectSimAccepts(log, "accessToken");
  });

  it("get-token.json [3P]: a bare {status: 0, token, expiresIn}", async () => {
    expect(verdict(SIM_RESPONSES.getToken, fixture("get-token"))).toBe("");
    const log: Exchange[] = [];
    const login = await client(answering(fixture("get-token"), log))
      .getToken({ username: "u", password: "p" })
      .catch(explained("fixture"));
    expect(login).toEqual({ accessToken: "third-party-fixture-token", expiresIn: 3600 });
    expectSimAccepts(log, "getToken");
  });

  it("country-codes.json [3P]: data is an array of {countryCode}", async () => {
    expect(verdict(SIM_RESPONSES.getCountryCode, fixture("country-codes"))).toBe("");
    const log: Exchange[] = [];
    const countries = await client(answering(fixture("country-codes"), log))
      .getCountryCode()
      .catch(explained("fixture"));
    expect(countries.map((c) => c.countryCode)).toEqual(["US"]);
    expectSimAccepts(log, "getCountryCode");
  });

  it("token-invalid.json [INT]: 40101 on HTTP 200 is a failure to both sides", async () => {
    expect(verdict(FailureResponse, fixture("token-invalid"))).toBe("");
    expect(verdict(SIM_RESPONSES.getCountryCode, fixture("token-invalid"))).not.toBe("");
    await expect(client(answering(fixture("token-invalid"))).getCountryCode()).rejects.toBeInstanceOf(ProviderCredentialsRejectedError);
  });

  /**
   * Addendum #5: the only create answer any source shows carries orderBaseInfo.orderId alone (a
   * JSON number). The client requires nothing else of it (createOrder reads the order back).
   */
  it("create-order.json [3P]: the documented create answer, orderBaseInfo.orderId alone", async () => {
    expect(verdict(SIM_RESPONSES.create, fixture("create-order"))).toBe("");
    const log: Exchange[] = [];
    const order = { thirdOrderId: "1001", thirdOrderName: "WLX-1001", logisticsId: "42", shippingAddress: address, skuItems: [{ skuId: "1", num: 1 }] };
    const created = await client(answering(fixture("create-order"), log))
      .create(order)
      .catch(explained("fixture"));
    expect(created).toEqual({ orderBaseInfo: { orderId: "123" } });
    expectSimAccepts(log, "create");
  });

  it("orders-status-single.json [DOC name]: one OrderStatusInfo object is read as a list of one", async () => {
    expect(verdict(SIM_RESPONSES.getOrdersStatus, fixture("orders-status-single"))).toBe("");
    const log: Exchange[] = [];
    const rows = await client(answering(fixture("orders-status-single"), log))
      .getOrdersStatus(["123"])
      .catch(explained("fixture"));
    expect(rows).toEqual([{ orderId: "123", status: 1 }]);
    expectSimAccepts(log, "getOrdersStatus");
  });
});

describe("HyperSKU request fixtures: the simulator accepts them and the client uses their field names", () => {
  const cases = [
    {
      file: "create-order-request",
      name: "create",
      send: (c: ReturnType<typeof client>) =>
        c.create({
          thirdOrderId: "1001",
          thirdOrderName: "WLX-1001",
          logisticsId: "42",
          shippingAddress: { firstName: "Ada", lastName: "Lovelace", countryCode: "US", address: "1 Main St" },
          skuItems: [{ num: 1, skuId: "1" }],
        }),
    },
    {
      file: "logistics-sku-request",
      name: "getLogisticsSku",
      send: (c: ReturnType<typeof client>) => c.getLogisticsSku({ countryCode: "US", skuItems: [{ skuId: "1", num: 1 }] }),
    },
    { file: "orders-status-request", name: "getOrdersStatus", send: (c: ReturnType<typeof client>) => c.getOrdersStatus(["123", "456"]) },
  ] as const;

  for (const { file, name, send } of cases) {
    it(`${file}.json → ${name}`, async () => {
      expect(verdict(SIM_REQUESTS[name].body!, fixture(file))).toBe("");
      const log: Exchange[] = [];
      // A business error as the answer: only the request matters here.
      await expect(send(client(answering({ status: 60002, message: "fixture" }, log)))).rejects.toBeInstanceOf(ProviderRejectedError);
      const sent = expectSimAccepts(log, name);
      expect(keyPaths(sent.body), "the client's body uses every documented field name").toEqual(expect.arrayContaining(keyPaths(fixture(file))));
    });
  }
});
