import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { SIM_REQUESTS, SIM_RESPONSES, type SimEndpoint } from "../../simulators/supership/contract.js";
import { BareUnauthenticated, Failure } from "../../simulators/supership/schemas/common.js";
import { WebhookPayload } from "../../simulators/supership/schemas/warehouses.js";
import { ProviderCredentialsRejectedError, ProviderRejectedError } from "../../src/domain/provider-errors.js";
import { createTransport } from "../../src/providers/http.js";
import { createSupershipClient, type SupershipClient } from "../../src/providers/supership/client.js";
import { HANOI_WAREHOUSE } from "../support/supership-inputs.js";
import { answering, type Exchange, explained, type Fetch, issues, readFixture } from "./support/capture.js";

/**
 * The recorded SuperShip examples (test/fixtures/supership, from supership-api.md §5) through
 * both sides: the simulator's own schema (simulators/supership/contract.ts) accepts each one,
 * and the client, through its public methods over an injected fetch, reads it. The request the
 * client sends on the way is held to the simulator's route and request schema.
 */

const fixture = (name: string) => readFixture("supership", name);
const client = (fetch: Fetch) =>
  createSupershipClient({ transport: createTransport({ provider: "supership", baseUrl: "http://supership.fixture", fetch, retries: 0 }), token: "fixture-token" });
const verdict = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? "" : issues(r.error);
};

function expectSimAccepts(log: Exchange[], name: SimEndpoint): void {
  expect(log, `${name}: one request`).toHaveLength(1);
  const sent = log[0]!;
  const table = SIM_REQUESTS[name];
  expect(`${sent.method} ${sent.path}`, `${name}: route`).toBe(table.route);
  expect(verdict(table.query, sent.query), `${name}: query`).toBe("");
  if ("body" in table) expect(verdict(table.body, sent.body), `${name}: body`).toBe("");
  else expect(sent.body, `${name}: no body`).toBeUndefined();
}

// The pickup address rather than a pickup_code: more of §5 C2's field names go over the wire.
const order = {
  pickupPhone: "0989998888",
  pickupAddress: "35 Trịnh Đình Thảo",
  pickupProvince: "Hồ Chí Minh",
  pickupDistrict: "Tân Phú",
  pickupCommune: "Phường Hòa Thạnh",
  name: "Nguyễn Văn A",
  phone: "0987654321",
  address: "35 Trịnh Đình Thảo",
  province: "Hồ Chí Minh",
  district: "Tân Phú",
  commune: "Phường Hòa Thạnh",
  amount: 160000,
  value: 1600000,
  weight: 200,
  soc: "PO8542245763",
  config: "3",
  payer: "1",
  product: "Quần áo",
} as const;
const priceQuery = { senderProvince: "Hồ Chí Minh", senderDistrict: "Quận 1", receiverProvince: "Hà Nội", receiverDistrict: "Quận Ba Đình", weight: 500, value: 12_000_000 };

/** fixture file → endpoint and the client call that reads it. */
const cases: Array<[file: string, name: SimEndpoint, call: (c: SupershipClient) => Promise<unknown>, expected: Record<string, unknown> | null]> = [
  [
    "register",
    "register",
    (c) => c.register({ project: "HMN Store", name: "Hoàng Minh Nam", phone: "0989998888", email: "hmn.store@gmail.com", password: "pw-123456", partner: "p" }),
    { shopCode: "S748146" },
  ],
  ["login", "login", (c) => c.login({ clientId: "AZN6QUo40w", clientSecret: "s", username: "a@b.vn", password: "pw", partner: "p" }), { expiresIn: 31536000 }],
  ["login-legacy", "login", (c) => c.login({ clientId: "AZN6QUo40w", clientSecret: "s", username: "a@b.vn", password: "pw", partner: "p" }), { tokenType: "Bearer" }],
  ["provinces", "provinces", (c) => c.provinces(), null],
  ["districts-79", "districts", (c) => c.districts("79"), null],
  ["communes-767", "communes", (c) => c.communes("767"), null],
  ["price", "price", (c) => c.price(priceQuery), null],
  ["price-legacy-fee", "price", (c) => c.price(priceQuery), null],
  ["add", "createOrder", (c) => c.createOrder(order), { code: "BPCS983262NM.810000026", statusName: "Chờ Lấy Hàng" }],
  ["status", "statusTable", (c) => c.statusTable(), null],
  ["info", "orderInfo", (c) => c.orderInfo("SGNS983262NT.595050186"), { statusCode: "0", status: "CANCELLED", payer: "Người Gửi" }],
  ["token", "printToken", (c) => c.printToken(["SGNS983262NT.595050186"]), { token: "6cf2ce20-80e9-11eb-8974-cd483a610abd" }],
  ["cancel", "cancelOrder", (c) => c.cancelOrder("SGNS983262NT.595050186"), { status: "0" }],
  ["warehouses", "listWarehouses", (c) => c.listWarehouses(), null],
  ["warehouse-create", "createWarehouse", (c) => c.createWarehouse(HANOI_WAREHOUSE), { code: "WLKGT07050" }],
  [
    "warehouse-update",
    "updateWarehouse",
    (c) => c.updateWarehouse({ code: "WLKGT07050", name: "Kho Ba Đình", phone: "0912345678", contact: "Lê Nam Quân" }),
    { code: "WLKGT07050" },
  ],
  ["webhook-get", "getWebhook", (c) => c.getWebhook(), { url: "https://partner.example.vn/webhooks/supership" }],
  ["webhook-create", "createWebhook", (c) => c.createWebhook("https://partner.example.vn/webhooks/supership-v2"), { url: "https://partner.example.vn/webhooks/supership-v2" }],
];

describe("SuperShip fixtures: the simulator accepts them and the client reads them", () => {
  for (const [file, name, call, expected] of cases) {
    it(`${file}.json → ${name}`, async () => {
      expect(verdict(SIM_RESPONSES[name], fixture(file)), "the simulator's schema").toBe("");
      const log: Exchange[] = [];
      const read = await call(client(answering(fixture(file), log))).catch(explained(file));
      if (expected) expect(read).toMatchObject(expected);
      else expect(Array.isArray(read) && read.length > 0).toBe(true);
      expectSimAccepts(log, name);
    });
  }

  it("error-validation.json: the Error envelope is a failure to both sides", async () => {
    expect(verdict(Failure, fixture("error-validation"))).toBe("");
    const err = await client(answering(fixture("error-validation"), [], 422))
      .createOrder(order)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderRejectedError);
  });

  it("error-unauthenticated.json: Laravel's bare 401 is a credential problem to both sides", async () => {
    expect(verdict(BareUnauthenticated, fixture("error-unauthenticated"))).toBe("");
    await expect(client(answering(fixture("error-unauthenticated"), [], 401)).listWarehouses()).rejects.toBeInstanceOf(ProviderCredentialsRejectedError);
  });

  for (const file of ["webhook-payload", "webhook-payload-legacy"]) {
    it(`${file}.json: an outbound webhook the simulator would send and the client reads`, () => {
      expect(verdict(WebhookPayload, fixture(file))).toBe("");
      const read = client(answering(null)).parseWebhookPayload(fixture(file));
      expect(read).toMatchObject({ code: (fixture(file) as { code: string }).code });
    });
  }
});
