import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provinces as simProvinces } from "../../simulators/supership/areas.js";
import { SUPERSHIP_DEMO, startSupershipSimulator } from "../../simulators/supership/index.js";
import {
  InvalidProviderInputError,
  ProviderCredentialsRejectedError,
  ProviderHttpError,
  ProviderNetworkError,
  ProviderRejectedError,
  ProviderSchemaError,
  ProviderTimeoutError,
} from "../../src/domain/provider-errors.js";
import { createLogger } from "../../src/logger.js";
import { createTransport, type RetryEvent, type TransportOptions } from "../../src/providers/http.js";
import { createSupershipClient } from "../../src/providers/supership/client.js";
import type { CreateOrderInput } from "../../src/providers/supership/schemas/orders.js";
import { HANOI_WAREHOUSE } from "../support/supership-inputs.js";

/** Every client method against the real SuperShip simulator over loopback HTTP. */

const [shop1, shop2] = SUPERSHIP_DEMO.accounts;
const { partner } = SUPERSHIP_DEMO;

let sim: Awaited<ReturnType<typeof startSupershipSimulator>>;

beforeAll(async () => {
  sim = await startSupershipSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => simCall("POST", "/__sim/reset"));

async function simCall<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(sim.url + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const fault = (rule: { endpoint: string; kind: string; times?: number; retryAfterSeconds?: number; hangMs?: number }) => simCall("POST", "/__sim/faults", rule);
const counts = () => simCall<{ total: number; byEndpoint: Record<string, number> }>("GET", "/__sim/counters");
const simLog = () => simCall<Array<{ endpoint: string; status: number; fault: string | null }>>("GET", "/__sim/log");

/** `token: null` builds a client without credentials. */
function makeClient({ token = shop1.token, ...options }: Partial<TransportOptions> & { token?: string | null } = {}) {
  const transport = createTransport({ provider: "supership", baseUrl: sim.url, retryBaseMs: 5, retryMaxMs: 20, ...options });
  return createSupershipClient({ transport, token: token ?? undefined });
}

function newOrder(overrides: Partial<CreateOrderInput> = {}): CreateOrderInput {
  return {
    pickupPhone: "0989998888",
    pickupAddress: "35 Trịnh Đình Thảo",
    pickupProvince: "Thành phố Hồ Chí Minh",
    pickupDistrict: "Quận Tân Phú",
    pickupCommune: "Phường Hòa Thạnh",
    pickupName: "Kho Tân Phú",
    name: "Nguyễn Văn A",
    phone: "0987654321",
    address: "12 Lê Lợi",
    province: "Hồ Chí Minh",
    district: "Quận Tân Phú",
    commune: "Phường Phú Thạnh",
    amount: 160000,
    value: 1600000,
    weight: 200,
    soc: `PO-${Math.random().toString(36).slice(2, 10)}`,
    config: "3",
    payer: "1",
    products: [
      { sku: "SKU-1", name: "Áo thun", price: 80000, weight: 100, quantity: 1 },
      { sku: "SKU-2", name: "Quần short", price: 80000, weight: 100, quantity: 1 },
    ],
    ...overrides,
  };
}

async function expectRejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}

describe("SuperShip client: happy paths", () => {
  it("areas and the status table, anonymously", async () => {
    const client = makeClient({ token: null });
    const provinces = await client.provinces();
    expect(provinces).toContainEqual({ code: "79", name: "Thành phố Hồ Chí Minh" });
    const districts = await client.districts("79");
    expect(districts).toContainEqual({ code: "767", name: "Quận Tân Phú", province: "Thành phố Hồ Chí Minh" });
    const communes = await client.communes("767");
    expect(communes.map((c) => c.code)).toContain("27034");
    const statuses = await client.statusTable();
    expect(statuses).toHaveLength(28);
    expect(statuses[22]).toEqual({ code: "0", name: "Huỷ" });
  });

  it("sends the token only to authenticated endpoints", async () => {
    const seen: Array<[string, boolean]> = [];
    const spy: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push([new URL(String(input)).pathname, headers.has("authorization")]);
      return fetch(input, init);
    };
    const client = makeClient({ fetch: spy });
    await client.provinces();
    await client.statusTable();
    await client.listWarehouses();
    expect(seen).toEqual([
      ["/v1/partner/areas/province", false],
      ["/v1/partner/orders/status", false],
      ["/v1/partner/warehouses", true],
    ]);
  });

  it("price quotes integer VND per service package", async () => {
    const quotes = await makeClient().price({
      senderProvince: "Hồ Chí Minh",
      senderDistrict: "Quận 1",
      receiverProvince: "Hà Nội",
      receiverDistrict: "Quận Ba Đình",
      weight: 500,
      value: 1_600_000,
    });
    // simulators/supership/fees.ts: inter-province, so express only; 30 000 đ for ≤ 500 g; 0.5% of 1 600 000 = 8 000.
    expect(quotes.map((q) => [q.service, q.fee.amount, q.insurance.amount])).toEqual([["Tốc Hành", "30000", "8000"]]);
    for (const q of quotes) {
      expect(q.fee.currency).toBe("VND");
      expect(typeof q.pickupEta).toBe("string");
    }
  });

  it("creates an order with products, reads it by code and soc, prints, cancels", async () => {
    const client = makeClient();
    const input = newOrder();
    const created = await client.createOrder(input);
    expect(created).toMatchObject({ soc: input.soc, amount: 160000, value: 1600000, weight: 200, status: "2" });
    expect(created.code).toMatch(/^[A-Z]{3}S100001[A-Z]{2}\.\d+$/);

    const byCode = await client.orderInfo(created.code);
    expect(byCode).toMatchObject({ code: created.code, senderOrderCode: input.soc, statusCode: "2", payer: "Người Gửi" });
    expect(byCode.events.map((e) => e.status)).toEqual(["PENDING", "AWAITING_PICKUP"]);
    const bySoc = await client.orderInfo(input.soc!, { by: "soc" });
    expect(bySoc.code).toBe(created.code);

    const { token } = await client.printToken([created.code]);
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.labelUrl(token, "K46")).toBe(`https://khachhang.supership.vn/orders/awb?token=${token}&size=K46`);
    expect(() => client.labelUrl(token, "K99" as "K46")).toThrow(InvalidProviderInputError);

    const cancelled = await client.cancelOrder(created.code);
    expect(cancelled).toMatchObject({ code: created.code, status: "0" });
    const after = await client.orderInfo(created.code);
    expect(after.statusCode).toBe("0");
    expect(after.events.at(-1)?.status).toBe("CANCELLED");
  });

  it("creates, updates and lists warehouses", async () => {
    const client = makeClient();
    const created = await client.createWarehouse(HANOI_WAREHOUSE);
    expect(created).toMatchObject({ name: "Kho Hà Nội", status: "ACTIVE", primary: false });
    expect(created.formattedAddress).toContain("10 Kim Mã");
    const updated = await client.updateWarehouse({ code: created.code, name: "Kho Ba Đình", phone: "0912345678", contact: "Lê Nam Quân" });
    expect(updated).toMatchObject({ code: created.code, diff: { name: "Kho Ba Đình", contact: "Lê Nam Quân" } });
    expect(updated.diff).not.toHaveProperty("phone");
    const list = await client.listWarehouses();
    expect(list.find((w) => w.code === created.code)?.name).toBe("Kho Ba Đình");
  });

  it("registers and reads the webhook, with normalised timestamps", async () => {
    const client = makeClient({ token: shop2.token });
    const url = "http://127.0.0.1:9/hooks/supership";
    const created = await client.createWebhook(url);
    expect(created.url).toBe(url);
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(await client.getWebhook()).toEqual(created);
  });

  it("partner login issues a token that works", async () => {
    const anon = makeClient({ token: null });
    const token = await anon.login({
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
      username: shop2.email,
      password: shop2.password,
      partner: partner.partnerCode,
    });
    expect(token).toMatchObject({ tokenType: "Bearer", expiresIn: 31536000 });
    const transport = createTransport({ provider: "supership", baseUrl: sim.url });
    // A token function (as a token manager would pass) is read on each call.
    const merchant = createSupershipClient({ transport, token: async () => token.accessToken });
    expect(Array.isArray(await merchant.listWarehouses())).toBe(true);
  });

  it("registers a merchant whose token works", async () => {
    const account = await makeClient({ token: null }).register({
      project: "HMN Store",
      name: "Hoàng Minh Nam",
      phone: "0989998888",
      email: "hmn.store@example.vn",
      password: "a-long-password",
      partner: partner.partnerCode,
    });
    expect(account.shopCode).toMatch(/^S\d{6}$/);
    expect(await makeClient({ token: account.accessToken }).getWebhook()).toBeNull();
  });
});

describe("SuperShip client: provider errors", () => {
  it("a bad or missing token → ReauthorizationRequiredError", async () => {
    const err = await expectRejection(makeClient({ token: "not-a-valid-token-123456" }).listWarehouses(), ProviderCredentialsRejectedError);
    expect(err.endpoint).toBe("listWarehouses");
    await expectRejection(
      makeClient({ token: null }).price({
        senderProvince: "Hà Nội",
        senderDistrict: "Quận Ba Đình",
        receiverProvince: "Hà Nội",
        receiverDistrict: "Quận Ba Đình",
        weight: 100,
      }),
      ProviderCredentialsRejectedError,
    );
  });

  it("a validation failure → ProviderRejectedError with field errors", async () => {
    const err = await expectRejection(makeClient().createOrder(newOrder({ commune: "Phường Không Tồn Tại" })), ProviderRejectedError);
    expect(err.providerCode).toBe("422");
    expect(err.providerMessage).not.toBe("");
    expect(Object.keys(err.fieldErrors)).toContain("commune");
    expect(err.fieldErrors.commune?.every((m) => typeof m === "string")).toBe(true);
  });

  it("another shop's order → ProviderRejectedError 404", async () => {
    const created = await makeClient().createOrder(newOrder());
    const err = await expectRejection(makeClient({ token: shop2.token }).orderInfo(created.code), ProviderRejectedError);
    expect(err.providerCode).toBe("404");
  });

  it("invalid input is rejected before any call", async () => {
    const client = makeClient();
    const err = await expectRejection(client.createOrder(newOrder({ product: "Quần áo" })), InvalidProviderInputError);
    expect(err.issues.map((i) => i.path)).toContain("products");
    await expectRejection(client.createOrder(newOrder({ pickupCommune: undefined })), InvalidProviderInputError);
    await expectRejection(client.printToken([]), InvalidProviderInputError);
    expect((await counts()).total).toBe(0);
  });
});

describe("SuperShip client: faults through the transport", () => {
  it("http500 on a read is retried once and succeeds", async () => {
    await fault({ endpoint: "provinces", kind: "http500", times: 1 });
    expect(await makeClient().provinces()).toHaveLength(simProvinces().length); // every province the simulator knows
    expect((await counts()).byEndpoint.provinces).toBe(2);
  });

  it("http500 on createOrder is not retried", async () => {
    await fault({ endpoint: "createOrder", kind: "http500", times: 1 });
    const err = await expectRejection(makeClient().createOrder(newOrder()), ProviderHttpError);
    expect(err.status).toBe(500);
    expect((await counts()).byEndpoint.createOrder).toBe(1);
  });

  it("http429 with Retry-After 1 s: the transport schedules the retry 1000 ms later", async () => {
    await fault({ endpoint: "statusTable", kind: "http429", times: 1, retryAfterSeconds: 1 });
    const retries: RetryEvent[] = [];
    // retryMaxMs 20 caps the jittered backoff far below 1000, so 1000 can only come from the simulator's Retry-After.
    expect(await makeClient({ onRetry: (e) => retries.push(e) }).statusTable()).toHaveLength(28);
    expect(retries.map((e) => [e.endpoint, e.status, e.delayMs])).toEqual([["statusTable", 429, 1_000]]);
    const calls = (await simLog()).filter((r) => r.endpoint === "statusTable");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it("hang past the timeout → ProviderTimeoutError", async () => {
    await fault({ endpoint: "orderInfo", kind: "hang", hangMs: 2_000 });
    const err = await expectRejection(makeClient({ timeoutMs: 300, retries: 0 }).orderInfo("SGNS100001NT.1"), ProviderTimeoutError);
    expect(err.timeoutMs).toBe(300);
  });

  it("connection reset → ProviderNetworkError", async () => {
    await fault({ endpoint: "listWarehouses", kind: "reset" });
    await expectRejection(makeClient({ retries: 0 }).listWarehouses(), ProviderNetworkError);
  });

  it("malformed JSON → ProviderSchemaError", async () => {
    await fault({ endpoint: "provinces", kind: "malformed" });
    await expectRejection(makeClient({ retries: 0 }).provinces(), ProviderSchemaError);
  });

  it("schema drift → ProviderSchemaError with issues", async () => {
    await fault({ endpoint: "price", kind: "schema" });
    const err = await expectRejection(
      makeClient().price({ senderProvince: "Hồ Chí Minh", senderDistrict: "Quận 1", receiverProvince: "Hà Nội", receiverDistrict: "Quận Ba Đình", weight: 500 }),
      ProviderSchemaError,
    );
    expect(err.issues.length).toBeGreaterThan(0); // a bound: the drift fault may break several fields; the first is checked next
    expect(err.issues[0]?.path).toMatch(/^results\.0\./);
  });
});

describe("SuperShip client: secrets stay out of errors and logs", () => {
  it("no error kind leaks the bearer token, the password or the client secret", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", destination: { write: (s: string) => void lines.push(s) } });
    // A circuit that may open only once its window holds 100 calls: this run of failures must reach every endpoint.
    const opts = { logger, retries: 0, timeoutMs: 300, breakerMinCalls: 100 };
    const client = makeClient(opts);
    const badToken = "ss_pat_leaked_if_you_see_this_00000000000";
    const errors: unknown[] = [];
    const capture = (p: Promise<unknown>) =>
      p.then(
        () => errors.push(new Error("expected a failure")),
        (e: unknown) => errors.push(e),
      );

    await capture(makeClient({ ...opts, token: badToken }).listWarehouses());
    await capture(client.createOrder(newOrder({ commune: "Phường Không Tồn Tại" })));
    await capture(makeClient({ ...opts, token: shop2.token }).cancelOrder("SGNS100001NT.1"));
    await capture(
      makeClient(opts).login({
        clientId: partner.clientId,
        clientSecret: partner.clientSecret,
        username: shop1.email,
        password: "wrong-password-value",
        partner: partner.partnerCode,
      }),
    );
    for (const kind of ["http500", "http503", "http429", "hang", "reset", "malformed", "schema"]) {
      await fault({ endpoint: "listWarehouses", kind, times: kind === "schema" ? 2 : 1, hangMs: 1_000 }); // a read is read again once on a schema mismatch
      await capture(client.listWarehouses());
    }
    await capture(client.createOrder(newOrder({ products: undefined })));

    const names = errors.map((e) => (e as Error).name);
    expect(names).toEqual([
      "ProviderCredentialsRejectedError",
      "ProviderRejectedError",
      "ProviderRejectedError",
      "ProviderCredentialsRejectedError",
      "ProviderHttpError",
      "ProviderHttpError",
      "ProviderHttpError",
      "ProviderTimeoutError",
      "ProviderNetworkError",
      "ProviderSchemaError",
      "ProviderSchemaError",
      "InvalidProviderInputError",
    ]);
    const secrets = [shop1.token, shop2.token, badToken, partner.clientSecret, partner.partnerCode, "wrong-password-value"];
    expect(lines.length).toBeGreaterThan(0); // a bound: only that the search below has lines to search
    for (const e of errors as Error[]) {
      const texts = [e.message, JSON.stringify(e), String(e.stack)];
      for (const text of texts) for (const s of secrets) expect(text).not.toContain(s);
    }
    for (const line of lines) for (const s of secrets) expect(line).not.toContain(s);
  });
});
