import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Listening, listen } from "../../simulators/shared/server.js";
import { normaliseAreaName } from "../../simulators/supership/areas.js";
import { createSupershipSimulator, SUPERSHIP_DEMO, shippedStoreOrderIds, startSupershipSimulator } from "../../simulators/supership/index.js";

// biome-ignore lint/suspicious/noExplicitAny: simulator answers are read loosely; each test asserts the fields it needs
type Json = any;

const [SHOP1, SHOP2] = SUPERSHIP_DEMO.accounts;
const P = "/v1/partner";

let sim: Awaited<ReturnType<typeof startSupershipSimulator>>;
let receiver: Listening;
/** Webhook receiver: records bodies per hook name; `script[name]` lists status codes to answer in turn. */
const received: Record<string, Json[]> = {};
const script: Record<string, number[]> = {};

beforeAll(async () => {
  sim = await startSupershipSimulator({ port: 0, webhookRetry: { attempts: 3, delayMs: 10 } });
  const hooks = new Hono();
  hooks.post("/hook/:name", async (c) => {
    const name = c.req.param("name");
    (received[name] ??= []).push(await c.req.json());
    return c.text("ok", (script[name]?.shift() ?? 200) as 200);
  });
  receiver = await listen(hooks);
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
  for (const k of Object.keys(received)) delete received[k];
  for (const k of Object.keys(script)) delete script[k];
});

async function call(path: string, { token, method, body }: { token?: string | null; method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token ?? SHOP1.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(sim.url + path, { method: method ?? (body === undefined ? "GET" : "POST"), headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML pages
  }
  return { status: res.status, json, text, headers: res.headers };
}

const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
const control = (path: string, body?: unknown) => call(`/__sim/supership${path}`, { token: null, body });
const deliveries = async () => (await call("/__sim/supership/webhook-deliveries?settle=1", { token: null })).json as Json[];

async function firstWarehouse(token: string = SHOP1.token): Promise<string> {
  return (await call(`${P}/warehouses`, { token })).json.results[0].code;
}

function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    pickup_phone: "0901234567",
    pickup_address: "12 Lũy Bán Bích",
    pickup_province: "Thành phố Hồ Chí Minh",
    pickup_district: "Quận Tân Phú",
    pickup_commune: "Phường Tân Thới Hòa",
    pickup_name: "Kho test",
    name: "Nguyễn Văn Nam",
    phone: "0987654294",
    address: "25 Âu Cơ",
    province: "Hồ Chí Minh",
    district: "Tân Phú",
    commune: "Tân Quý",
    amount: 160000,
    value: 1600000,
    weight: 200,
    soc: "PO-TEST-1",
    note: "",
    service: "1",
    config: "3",
    payer: "1",
    product_type: "1",
    product: "Quần áo",
    ...overrides,
  };
}

async function createOrder(overrides: Record<string, unknown> = {}, token: string = SHOP1.token) {
  const res = await call(`${P}/orders/add`, { token, body: orderBody(overrides) });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.results as Json;
}

describe("auth", () => {
  it("answers 401 with the error envelope without or with a bad token", async () => {
    for (const token of [null, "not-a-token"]) {
      const res = await call(`${P}/warehouses`, { token });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ status: "Error", message: "Unauthenticated." });
    }
  });

  it("serves areas and the status table without a token", async () => {
    expect((await call(`${P}/areas/province`, { token: null })).status).toBe(200);
    const table = await call(`${P}/orders/status`, { token: null });
    expect(table.json.message).toBe("Lấy Danh Sách Trạng Thái thành công.");
    expect(table.json.results.map((e: Json) => e.key)).toEqual([...Array.from({ length: 22 }, (_, i) => String(i + 1)), "0", "23", "24", "25", "26", "27"]);
    expect(table.json.results.find((e: Json) => e.key === "0").value).toBe("Huỷ");
  });

  it("logs a partner in with a new token for the merchant", async () => {
    const p = SUPERSHIP_DEMO.partner;
    const creds = { client_id: p.clientId, client_secret: p.clientSecret, partner: p.partnerCode, username: SHOP2.email, password: SHOP2.password };
    const res = await call(`${P}/auth/login`, { token: null, body: creds });
    expect(res.json.results).toMatchObject({ token_type: "Bearer", expires_in: 31536000 });
    const token = res.json.results.access_token as string;
    expect(token).not.toBe(SHOP2.token);
    const own = (await call(`${P}/warehouses`, { token })).json.results.map((w: Json) => w.code);
    expect(own).toEqual((await call(`${P}/warehouses`, { token: SHOP2.token })).json.results.map((w: Json) => w.code));
    expect((await call(`${P}/auth/login`, { token: null, body: { ...creds, client_secret: "nope" } })).status).toBe(401);
    expect((await call(`${P}/auth/login`, { token: null, body: { ...creds, password: "nope" } })).status).toBe(401);
    expect((await call(`${P}/auth/login`, { token: null, body: { ...creds, partner: "" } })).json.errors.partner).toBeDefined();
  });

  it("registers a new shop that starts empty", async () => {
    const body = { project: "HMN Store", name: "Lê Nam", phone: "0989998888", email: "hmn@example.vn", password: "pw-123456", partner: SUPERSHIP_DEMO.partner.partnerCode };
    const res = await call(`${P}/auth/register`, { token: null, body });
    expect(res.json.results).toMatchObject({ code: "S100003", project: "HMN Store", email: "hmn@example.vn", token_type: "Bearer", expires_in: 31536000 });
    expect(res.json.results.referral).toMatch(/^[A-Z]{5}\d{5}$/);
    const token = res.json.results.access_token;
    expect((await call(`${P}/warehouses`, { token })).json.results).toEqual([]);
    expect((await call(`${P}/auth/register`, { token: null, body })).json.errors.email).toBeDefined();
    const bad = await call(`${P}/auth/register`, { token: null, body: { ...body, email: "x@example.vn", partner: "wrong" } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.partner).toBeDefined();
  });
});

describe("multi-tenancy", () => {
  it("hides one shop's orders and warehouses from another (404)", async () => {
    const mine = (await call(`${P}/orders/info?${q({ code: "SO-000003", type: 2 })}`)).json.results;
    expect(mine.soc).toBe("SO-000003");
    const other = await call(`${P}/orders/info?${q({ code: mine.code })}`, { token: SHOP2.token });
    expect(other.status).toBe(404);
    expect(other.json.status).toBe("Error");
    expect((await call(`${P}/orders/info?${q({ code: "SO-000003", type: 2 })}`, { token: SHOP2.token })).status).toBe(404);
    expect((await call(`${P}/orders/cancel`, { token: SHOP2.token, body: { code: mine.code } })).status).toBe(404);
    const w2 = await firstWarehouse(SHOP2.token);
    const update = await call(`${P}/warehouses/update`, { body: { code: w2, name: "x", phone: "0901234567", contact: "y" } });
    expect(update.status).toBe(404);
  });
});

describe("areas", () => {
  it("lists provinces and every Hà Nội and HCMC district", async () => {
    const provinces = (await call(`${P}/areas/province`, { token: null })).json.results;
    expect(provinces).toEqual(
      expect.arrayContaining([
        { code: "01", name: "Thành phố Hà Nội" },
        { code: "79", name: "Thành phố Hồ Chí Minh" },
        { code: "48", name: "Thành phố Đà Nẵng" },
      ]),
    );
    const hn = (await call(`${P}/areas/district?province=01`, { token: null })).json.results;
    expect(hn).toHaveLength(30);
    expect(hn.find((d: Json) => d.code === "005")).toEqual({ code: "005", name: "Quận Cầu Giấy", province: "Thành phố Hà Nội" });
    const hcm = (await call(`${P}/areas/district?province=79`, { token: null })).json.results;
    expect(hcm.map((d: Json) => `${d.code} ${d.name}`)).toEqual([
      "785 Huyện Bình Chánh",
      "783 Huyện Củ Chi",
      "784 Huyện Hóc Môn",
      "786 Huyện Nhà Bè",
      "760 Quận 1",
      "771 Quận 10",
      "772 Quận 11",
      "761 Quận 12",
      "769 Quận 2",
      "770 Quận 3",
      "773 Quận 4",
      "774 Quận 5",
      "775 Quận 6",
      "778 Quận 7",
      "776 Quận 8",
      "763 Quận 9",
      "777 Quận Bình Tân",
      "765 Quận Bình Thạnh",
      "764 Quận Gò Vấp",
      "768 Quận Phú Nhuận",
      "766 Quận Tân Bình",
      "767 Quận Tân Phú",
      "762 Quận Thủ Đức",
    ]);
  });

  it("lists the Tân Phú wards exactly as the docs", async () => {
    const res = (await call(`${P}/areas/commune?district=767`, { token: null })).json.results;
    expect(res.map((w: Json) => `${w.code} ${w.name}`)).toEqual([
      "27037 Phường Hiệp Tân",
      "27034 Phường Hòa Thạnh",
      "27028 Phường Phú Thạnh",
      "27025 Phường Phú Thọ Hòa",
      "27031 Phường Phú Trung",
      "27016 Phường Sơn Kỳ",
      "27019 Phường Tân Quý",
      "27010 Phường Tân Sơn Nhì",
      "27022 Phường Tân Thành",
      "27040 Phường Tân Thới Hòa",
      "27013 Phường Tây Thạnh",
    ]);
    expect(res[0]).toMatchObject({ district: "Quận Tân Phú", province: "Thành phố Hồ Chí Minh" });
    for (const d of ["760", "770", "765", "001", "002", "005"])
      expect((await call(`${P}/areas/commune?district=${d}`, { token: null })).json.results.length).toBeGreaterThan(5);
    expect((await call(`${P}/areas/commune?district=999`, { token: null })).json.results).toEqual([]);
  });

  it("matches names without unit prefix, case or diacritics", () => {
    expect(normaliseAreaName("Thành phố Hồ Chí Minh")).toBe(normaliseAreaName("ho chi minh"));
    expect(normaliseAreaName("Huyện Bình Chánh")).toBe(normaliseAreaName("BÌNH CHÁNH"));
    expect(normaliseAreaName("Phường 08")).toBe(normaliseAreaName("phuong 8"));
    expect(normaliseAreaName("Thị xã Sơn Tây")).toBe("son tay");
  });
});

describe("price", () => {
  const route = { sender_province: "Hồ Chí Minh", sender_district: "Tân Phú", receiver_province: "Thành phố Hồ Chí Minh", receiver_district: "Quận 1" };

  it("applies the invented formula and offers economy only inside HN/HCMC", async () => {
    const same = (await call(`${P}/orders/price?${q({ ...route, weight: 200, value: 1_000_000 })}`)).json.results;
    expect(same.map((s: Json) => [s.service, s.fee, s.insurance])).toEqual([
      ["Tốc Hành", 22000, 0],
      ["Tiết Kiệm", 17600, 0],
    ]);
    expect(same[0].pickup.name).toMatch(/^(Chiều nay|Sáng mai) - \d\d\/\d\d\/\d{4}$/);
    const far = await call(`${P}/orders/price?${q({ ...route, receiver_province: "Hà Nội", receiver_district: "Cầu Giấy", weight: 1200, value: 1_600_000 })}`);
    expect(far.json.results).toHaveLength(1);
    expect(far.json.results[0]).toMatchObject({ service: "Tốc Hành", fee: 40000, insurance: 8000 });
  });

  it("refuses heavy parcels and unknown names, naming the field", async () => {
    const heavy = await call(`${P}/orders/price?${q({ ...route, weight: 20001 })}`);
    expect(heavy.status).toBe(422);
    expect(heavy.json.errors.weight).toBeDefined();
    const unknown = await call(`${P}/orders/price?${q({ ...route, receiver_district: "Quận 99", weight: 100 })}`);
    expect(Object.keys(unknown.json.errors)).toEqual(["receiver_district"]);
  });

  it("serves the POST and the anonymous legacy /orders/fee aliases as endpoint price", async () => {
    await call("/__sim/counters", { token: null, method: "DELETE" });
    expect((await call(`${P}/orders/price?${q({ ...route, weight: 200 })}`, { token: null })).status).toBe(401);
    expect((await call(`${P}/orders/price?${q({ ...route, weight: 200 })}`, { body: {} })).json.results[0].fee).toBe(22000);
    const legacy = await call(`${P}/orders/fee?${q({ ...route, weight: 200 })}`, { token: null });
    expect(Object.keys(legacy.json.results[0].pickup).sort()).toEqual(["date", "name", "time"]);
    expect((await call("/__sim/counters", { token: null })).json.byEndpoint.price).toBe(3);
  });
});

describe("create order validation", () => {
  const pickupFields = { pickup_phone: "", pickup_address: "", pickup_province: "", pickup_district: "", pickup_commune: "" };
  it.each([
    ["pickup_commune", { pickup_commune: "" }],
    ["pickup_phone", { pickup_phone: "" }],
    ["pickup_code", { pickup_code: "WNOPE00001" }],
    ["product", { product_type: "1", product: "" }],
    ["products", { product_type: "2", product: undefined }],
    ["products.0.name", { product_type: "2", products: [{ sku: "A1", price: 1000, weight: 100, quantity: 1 }] }],
    ["phone", { phone: "12345" }],
    ["service", { service: "2" }],
    ["config", { config: "4" }],
    ["payer", { payer: "0" }],
    ["value", { value: null }],
    ["weight", { weight: 25000 }],
    ["commune", { commune: "Phường Không Có" }],
    ["district", { district: "Quận 99" }],
  ])("answers 422 naming %s", async (field, overrides) => {
    const res = await call(`${P}/orders/add`, { body: orderBody(overrides) });
    expect(res.status).toBe(422);
    expect(res.json.status).toBe("Error");
    expect(res.json.errors[field], JSON.stringify(res.json.errors)).toBeDefined();
  });

  it("needs no pickup_* fields with a pickup_code, but refuses another shop's warehouse", async () => {
    const code = await firstWarehouse();
    const res = await call(`${P}/orders/add`, { body: orderBody({ ...pickupFields, pickup_code: code }) });
    expect(res.status).toBe(200);
    const foreign = await call(`${P}/orders/add`, { body: orderBody({ ...pickupFields, pickup_code: await firstWarehouse(SHOP2.token) }) });
    expect(Object.keys(foreign.json.errors)).toEqual(["pickup_code"]);
  });

  it("accepts numeric strings and an array of products", async () => {
    const products = [{ sku: "A1", name: "Áo", price: "100000", weight: "200", quantity: 2 }];
    const res = await createOrder({ amount: "220000", weight: "200", product_type: "2", product: undefined, products });
    expect(res).toMatchObject({ amount: 220000, collection: 220000, weight: 200 });
  });
});

describe("order lifecycle", () => {
  it("creates, reads, prints and cancels an order", async () => {
    const created = await createOrder();
    expect(created.code).toMatch(/^SGNS100001NT\.\d{9}$/);
    expect(created.code.split(".")[1]).toBe(created.shortcode);
    expect(created.sorting).toMatch(/^[A-Z]{3}\d-[A-Z]\d$/);
    expect(created).toMatchObject({
      soc: "PO-TEST-1",
      phone: "0987654294",
      amount: 160000,
      value: 1600000,
      weight: 200,
      fee: 22000,
      insurance: 8000,
      status: "2",
      status_name: "Chờ Lấy Hàng",
    });

    const info = (await call(`${P}/orders/info?${q({ code: created.code })}`)).json.results;
    expect(info.receiver).toEqual({
      name: "Nguyễn Văn Nam",
      phone: "098****294",
      address: "25 Âu Cơ",
      formatted_address: "25 Âu Cơ, Phường Tân Quý, Quận Tân Phú, Thành phố Hồ Chí Minh",
    });
    expect(info).toMatchObject({
      payer: "Người Gửi",
      config: "Không Cho Xem Hàng",
      calllogs: [],
      last_sman: null,
      fee: { shipment: 22000, insurance: 8000, return: 0, barter: 0, address: 0 },
    });
    expect(info.journeys.map((j: Json) => [j.status, j.note])).toEqual([
      ["Chờ Duyệt", "Tạo Đơn hàng"],
      ["Chờ Lấy Hàng", "Duyệt Đơn hàng"],
    ]);
    expect(info.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);

    const token = (await call(`${P}/orders/token`, { body: { code: [created.code] } })).json.results.token;
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const path of [`/orders/awb`, `${P}/orders/label`]) {
      const page = await call(`${path}?${q({ token, size: "K80" })}`, { token: null });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(page.text).toContain(created.code);
    }
    expect((await call(`/orders/awb?${q({ token, size: "K99" })}`, { token: null })).status).toBe(422);
    expect((await call(`/orders/awb?${q({ token: "nope", size: "A5" })}`, { token: null })).status).toBe(404);

    const cancel = await call(`${P}/orders/cancel`, { body: { code: created.code } });
    expect(cancel.json.results).toEqual({ code: created.code, soc: "PO-TEST-1", address: info.receiver.formatted_address, status: "0", status_name: "Hủy" });
    const after = (await call(`${P}/orders/info?${q({ code: created.code })}`)).json.results;
    expect(after).toMatchObject({ status: "0", status_name: "Huỷ" });
    expect(after.journeys.at(-1)).toMatchObject({ status: "Huỷ", note: "Hủy Đơn hàng" });
    expect((await call(`${P}/orders/cancel`, { body: { code: created.code } })).status).toBe(422);
  });

  it("limits print tokens to 100 of the shop's own codes", async () => {
    const own = await createOrder();
    expect((await call(`${P}/orders/token`, { body: { code: Array.from({ length: 101 }, () => own.code) } })).status).toBe(422);
    expect((await call(`${P}/orders/token`, { body: { code: [] } })).status).toBe(422);
    expect((await call(`${P}/orders/token`, { token: SHOP2.token, body: { code: [own.code] } })).status).toBe(404);
  });

  it("refuses to cancel after pickup started", async () => {
    const { code } = await createOrder();
    expect((await control(`/orders/${code}/advance`, {})).json.status).toBe("3");
    const res = await call(`${P}/orders/cancel`, { body: { code } });
    expect(res.status).toBe(422);
    expect(res.json.message).toContain("Đang Lấy Hàng");
  });

  it("creates another order for a repeated soc; type=2 finds the latest", async () => {
    const a = await createOrder({ soc: "DUP-1" });
    const b = await createOrder({ soc: "DUP-1" });
    expect(b.code).not.toBe(a.code);
    expect((await call(`${P}/orders/info?${q({ code: "DUP-1", type: 2 })}`)).json.results.code).toBe(b.code);
  });
});

describe("status machine", () => {
  it("walks the happy path, then refuses to leave a terminal status", async () => {
    const { code } = await createOrder();
    const seen: string[] = [];
    for (let i = 0; i < 9; i++) seen.push((await control(`/orders/${code}/advance`, {})).json.status);
    expect(seen).toEqual(["3", "4", "7", "8", "9", "10", "11", "12", "16"]);
    expect((await control(`/orders/${code}/advance`, {})).status).toBe(409);
    const info = (await call(`${P}/orders/info?${q({ code })}`)).json.results;
    expect(info.journeys).toHaveLength(11);
  });

  it("answers 409 to an illegal explicit transition and accepts a legal one with a reason", async () => {
    const { code } = await createOrder();
    const illegal = await control(`/orders/${code}/advance`, { status: "12" });
    expect(illegal.status).toBe(409);
    expect(illegal.json.allowed).toEqual(["3", "0"]);
    for (const status of ["3", "4", "7", "8", "23", "11"]) expect((await control(`/orders/${code}/advance`, { status })).status).toBe(200);
    expect((await control(`/orders/${code}/advance`, { status: "14", reasonCode: "304" })).status).toBe(200);
    const info = (await call(`${P}/orders/info?${q({ code })}`)).json.results;
    expect(info.journeys.at(-1).note).toContain("Không liên lạc được với Người Nhận");
  });
});

describe("webhooks", () => {
  const hook = (name: string) => `${receiver.url}/hook/${name}`;
  const register = (url: string, token: string = SHOP1.token) => call(`${P}/webhooks/create`, { token, body: { url } });

  it("registers one URL per shop with plain timestamps", async () => {
    expect((await call(`${P}/webhooks`)).json).toEqual({ status: "Success", results: null });
    const res = await register(hook("a"));
    expect(res.json.results.url).toBe(hook("a"));
    expect(res.json.results.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await call(`${P}/webhooks`)).json.results.url).toBe(hook("a"));
    expect((await call(`${P}/webhooks`, { token: SHOP2.token })).json.results).toBeNull();
    expect((await register("not a url")).status).toBe(422);
  });

  it("posts the current-form payload on status and weight changes", async () => {
    await register(hook("main"));
    const { code, shortcode } = await createOrder();
    await control(`/orders/${code}/advance`, {});
    const weighed = await control(`/orders/${code}/weight`, { weight: 1200 });
    expect(weighed.json.fee).toBe(32000);
    const records = await deliveries();
    expect(records.map((d) => [d.type, d.delivered, d.attempts])).toEqual([
      ["update_status", true, 1],
      ["update_weight", true, 1],
    ]);
    const [status, weight] = received.main!;
    expect(Object.keys(status).sort()).toEqual(
      [
        "type",
        "code",
        "shortcode",
        "soc",
        "name",
        "phone",
        "address",
        "payer",
        "amount",
        "weight",
        "fshipment",
        "finsurance",
        "status",
        "status_name",
        "partial",
        "barter",
        "reason_code",
        "reason_text",
        "created_at",
        "updated_at",
        "pushed_at",
      ].sort(),
    );
    expect(status).toMatchObject({
      type: "update_status",
      code,
      shortcode,
      status: "3",
      status_name: "Đang Lấy Hàng",
      payer: "1",
      partial: "0",
      barter: "0",
      fshipment: 22000,
      finsurance: 8000,
    });
    expect(status.pushed_at).toMatch(/\+07:00$/);
    expect(weight).toMatchObject({ type: "update_weight", code, weight: 1200, fshipment: 32000, status: "3" });
  });

  it("retries until an HTTP 200 and counts nothing else as delivered", async () => {
    await register(hook("flaky"));
    script.flaky = [500, 503, 200, 202, 202, 202];
    const { code } = await createOrder();
    await control(`/orders/${code}/advance`, {});
    await control(`/orders/${code}/advance`, {});
    const records = await deliveries();
    expect(records.map((d) => [d.status, d.attempts, d.delivered, d.lastHttpStatus])).toEqual([
      ["3", 3, true, 200],
      ["4", 3, false, 202],
    ]);
    expect(received.flaky!.map((p) => p.status)).toEqual(["3", "3", "3", "4", "4", "4"]);
  });

  it("keeps posting to the URL snapshotted when each order was created", async () => {
    await register(hook("old"));
    const before = await createOrder();
    await register(hook("new"));
    const after = await createOrder();
    await control(`/orders/${before.code}/advance`, {});
    await control(`/orders/${after.code}/advance`, {});
    await deliveries();
    expect(received.old!.map((p) => p.code)).toEqual([before.code]);
    expect(received.new!.map((p) => p.code)).toEqual([after.code]);
  });

  it("never fails the request when the receiver is unreachable", async () => {
    await register("http://127.0.0.1:9/unreachable");
    const { code } = await createOrder();
    expect((await control(`/orders/${code}/advance`, {})).status).toBe(200);
    expect((await call(`${P}/orders/cancel`, { body: { code } })).status).toBe(422);
    const [record] = await deliveries();
    expect(record).toMatchObject({ delivered: false, attempts: 3, lastHttpStatus: null });
  });
});

describe("warehouses", () => {
  it("creates a default warehouse, demotes the old default, and edits with a diff", async () => {
    const body = {
      name: "Kho Ba Đình",
      phone: "0912345678",
      contact: "Lê Nam",
      address: "1 Kim Mã",
      province: "Hà Nội",
      district: "Ba Đình",
      commune: "Kim Mã",
      primary: "1",
    };
    const created = (await call(`${P}/warehouses/create`, { body })).json.results;
    expect(created.code).toMatch(/^W[A-Z0-9]{4}\d{5}$/);
    expect(created.formatted_adress).toBe("1 Kim Mã, Phường Kim Mã, Quận Ba Đình, Thành phố Hà Nội");
    expect(created).not.toHaveProperty("formatted_address");
    expect(created).toMatchObject({ status: "1", status_name: "Hoạt Động", primary: "1", primary_name: "Kho Mặc Định" });
    const list = (await call(`${P}/warehouses`)).json.results;
    expect(list).toHaveLength(4);
    expect(list.filter((w: Json) => w.primary === "1").map((w: Json) => w.code)).toEqual([created.code]);
    expect(list.at(-1).formatted_address).toBe(created.formatted_adress);

    const update = await call(`${P}/warehouses/update`, { body: { code: created.code, name: "Kho Ba Đình 2", phone: "0912345678", contact: "Lê Nam Quân" } });
    expect(update.json.results.diff).toEqual({ name: "Kho Ba Đình 2", contact: "Lê Nam Quân" });
    expect(update.json.results.updated_at).toMatch(/\+07:00$/);
    expect((await call(`${P}/warehouses/create`, { body: { ...body, district: "Quận 99" } })).json.errors.district).toBeDefined();
  });
});

describe("control surface", () => {
  it("counts calls per endpoint", async () => {
    await call("/__sim/counters", { token: null, method: "DELETE" });
    await call(`${P}/areas/province`, { token: null });
    await call(`${P}/areas/province`, { token: null });
    await call(`${P}/warehouses`, { token: null });
    const counts = (await call("/__sim/counters", { token: null })).json;
    expect(counts.byEndpoint).toEqual({ provinces: 2, listWarehouses: 1 });
  });

  it("breaks the schema with the schema fault and rate-limits with http429", async () => {
    await call("/__sim/faults", { token: null, body: { endpoint: "orderInfo", kind: "schema", times: 1 } });
    const broken = (await call(`${P}/orders/info?${q({ code: "SO-000003", type: 2 })}`)).json;
    expect(typeof broken.results.amount).toBe("object");
    expect(typeof broken.results.fee.shipment).toBe("object");
    await call("/__sim/faults", { token: null, body: { endpoint: "provinces", kind: "schema", times: 1 } });
    expect((await call(`${P}/areas/province`, { token: null })).json.results).toBe(42);

    await call("/__sim/faults", { token: null, body: { endpoint: "provinces", kind: "http429", times: 1, retryAfterSeconds: 2 } });
    const limited = await call(`${P}/areas/province`, { token: null });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await call(`${P}/areas/province`, { token: null })).status).toBe(200);
  });

  it("restores the seed on reset", async () => {
    await call(`${P}/webhooks/create`, { body: { url: "http://127.0.0.1:9/x" } });
    const { code } = await createOrder();
    await call("/__sim/reset", { token: null, method: "POST" });
    expect((await call(`${P}/orders/info?${q({ code })}`)).status).toBe(404);
    expect((await call(`${P}/webhooks`)).json.results).toBeNull();
    expect((await call(`${P}/warehouses`)).json.results).toHaveLength(3);
    expect(sim.state.orders.size).toBe(shippedStoreOrderIds().length);
  });
});

describe("seed", () => {
  it("has one delivery per shipped HyperSKU store order, S100001 covering statuses 2..27", async () => {
    const ids = shippedStoreOrderIds("S100001");
    expect(ids).toHaveLength(208);
    expect(ids.slice(0, 3)).toEqual(["SO-000003", "SO-000004", "SO-000008"]);
    const orders = (await control("/orders?shop=S100001")).json as Json[];
    expect(orders.map((o) => o.soc).sort()).toEqual([...ids].sort());
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(Array.from({ length: 26 }, (_, i) => String(i + 2))));
    const shop2 = ((await control("/orders?shop=S100002")).json as Json[]).map((o) => o.soc);
    expect(shop2).toEqual(shippedStoreOrderIds("S100002"));
    expect(shop2).toHaveLength(16);
    expect(shippedStoreOrderIds()).toEqual([...ids, ...shop2]);
  });

  it("is deterministic for a seed and journeys follow the status path", () => {
    const codes = (seed: number) => [...createSupershipSimulator({ seed }).state.orders.values()].map((o) => `${o.code}:${o.status}:${o.receiver.phone}`);
    expect(codes(42)).toEqual(codes(42));
    expect(codes(7)).not.toEqual(codes(42));
    for (const o of createSupershipSimulator().state.orders.values()) {
      expect(o.journeys.at(-1)!.status).toBe(o.status);
      expect(o.journeys.slice(0, 2).map((j) => j.status)).toEqual(["1", "2"]);
    }
  });
});
