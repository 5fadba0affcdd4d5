import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ProviderSchemaError } from "../../src/domain/provider-errors.js";
import { Communes, Districts, Provinces } from "../../src/providers/supership/schemas/areas.js";
import { AccessToken, RegisteredAccount } from "../../src/providers/supership/schemas/auth.js";
import { CancelledOrder, OrderInfo, PrintToken } from "../../src/providers/supership/schemas/order-info.js";
import { CreatedOrder, PriceQuotes, StatusTable } from "../../src/providers/supership/schemas/orders.js";
import { readEnvelope, Timestamp } from "../../src/providers/supership/schemas/shared.js";
import { UpdatedWarehouse, Warehouse, Warehouses } from "../../src/providers/supership/schemas/warehouses.js";
import { MaybeWebhookRegistration, WebhookRegistration } from "../../src/providers/supership/schemas/webhooks.js";
import { orderStatuses, statusCodeFromName, statusNameKey } from "../../src/providers/supership/status.js";
import { parseWebhookPayload } from "../../src/providers/supership/webhook.js";

/** Every example payload of the reference, parsed by the client's own schemas. */

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/supership/${name}.json`, import.meta.url), "utf8"));

function results<S extends z.ZodType>(name: string, schema: S): z.output<S> {
  const outcome = readEnvelope(fixture(name), schema);
  if (outcome.kind !== "success") throw new Error(`${name}: ${JSON.stringify(outcome)}`);
  return outcome.results;
}

describe("SuperShip fixtures: auth and areas", () => {
  it("login (A2) and its legacy refresh_token", () => {
    expect(results("login", AccessToken)).toEqual({
      tokenType: "Bearer",
      expiresIn: 31536000,
      accessToken: "ZT2PS0pmHPHDKjRu6EMIcoM8rFM8XYHZ1Ye3zRiQ",
      refreshToken: undefined,
    });
    expect(results("login-legacy", AccessToken).refreshToken).toMatch(/^LCP0zszc/);
  });

  it("register (A1) keeps the shop code and referral", () => {
    const account = results("register", RegisteredAccount);
    expect(account).toMatchObject({ shopCode: "S748146", referral: "PLOKJ52747", email: "hmn.store@gmail.com", expiresIn: 31536000 });
  });

  it("provinces, districts of 79, communes of 767", () => {
    expect(results("provinces", Provinces)).toEqual([
      { code: "01", name: "Thành phố Hà Nội" },
      { code: "79", name: "Thành phố Hồ Chí Minh" },
    ]);
    const d = results("districts-79", Districts);
    expect(d).toHaveLength(23);
    expect(d.find((x) => x.code === "767")).toEqual({ code: "767", name: "Quận Tân Phú", province: "Thành phố Hồ Chí Minh" });
    const c = results("communes-767", Communes);
    expect(c).toHaveLength(11);
    expect(c[0]).toEqual({ code: "27037", name: "Phường Hiệp Tân", district: "Quận Tân Phú", province: "Thành phố Hồ Chí Minh" });
  });
});

describe("SuperShip fixtures: orders", () => {
  it("price (C1): integer VND, current and legacy estimate shapes", () => {
    const [quote] = results("price", PriceQuotes);
    expect(quote).toEqual({
      service: "Tốc Hành",
      fee: { amount: "30000", currency: "VND" },
      insurance: { amount: "120000", currency: "VND" },
      pickupEta: "Chiều nay - 03/07/2018",
      deliveryEta: "Sáng mốt - 05/07/2018",
    });
    const legacy = results("price-legacy-fee", PriceQuotes);
    expect(legacy.map((q) => q.service)).toEqual(["Tốc Hành", "Tiết Kiệm"]);
    expect(legacy[0]?.pickupEta).toBe("Chiều nay - 03/07/2018");
  });

  it("add (C2): the exact docs example", () => {
    const raw = fixture("add") as { message: string };
    expect(raw.message).toBe("");
    expect(results("add", CreatedOrder)).toEqual({
      code: "BPCS983262NM.810000026",
      sorting: "LUC3-J5",
      shortcode: "810000026",
      soc: "PO8542245763",
      phone: "0987654321",
      amount: 160000,
      collection: 160000,
      value: 1600000,
      weight: 200,
      fee: 22000,
      insurance: 8000,
      status: "2",
      statusName: "Chờ Lấy Hàng",
    });
  });

  it("status table (C3): 28 rows in docs order, codes as strings", () => {
    const rows = results("status", StatusTable);
    expect(rows.map((r) => r.code)).toEqual([...Array.from({ length: 22 }, (_, i) => String(i + 1)), "0", "23", "24", "25", "26", "27"]);
    expect(rows).toEqual(orderStatuses);
    const outcome = readEnvelope(fixture("status"), StatusTable);
    expect(outcome.kind === "success" && outcome.message).toBe("Lấy Danh Sách Trạng Thái thành công.");
  });

  it("info (C4): cancelled journey, masked phone, display names, dropped unknown shapes", () => {
    const info = results("info", OrderInfo);
    expect(info).toMatchObject({
      status: "CANCELLED",
      statusCode: "0",
      statusName: "Huỷ",
      payer: "Người Gửi",
      inspection: "Không Cho Xem Hàng",
      receiver: { phone: "098****294", formattedAddress: expect.stringContaining("Quận Tân Phú") },
      fees: { shipment: { amount: "22000", currency: "VND" }, insurance: { amount: "8000", currency: "VND" }, return: { amount: "0", currency: "VND" } },
      createdAt: "2018-07-03T17:18:29+07:00",
    });
    // Journeys carry status names; their codes come from the status table.
    expect(info.events.map((e) => [e.description, e.status])).toEqual([
      ["Tạo Đơn hàng", "PENDING"],
      ["Duyệt Đơn hàng", "AWAITING_PICKUP"],
      ["Hủy Đơn hàng", "CANCELLED"],
    ]);
    expect(info.notes).toEqual([{ createdAt: "2018-07-03T17:18:29+07:00", type: "5", note: "Phường/Xã có thể không chính xác" }]);
    expect(info).not.toHaveProperty("calllogs");
    expect(info).not.toHaveProperty("last_sman");
  });

  it("token (C5) and cancel (C7, spelled Hủy)", () => {
    expect(results("token", PrintToken)).toEqual({ token: "6cf2ce20-80e9-11eb-8974-cd483a610abd" });
    const cancelled = results("cancel", CancelledOrder);
    expect(cancelled).toMatchObject({ status: "0", statusName: "Hủy", soc: "KR-180703-034" });
  });
});

describe("SuperShip fixtures: warehouses and webhooks", () => {
  it("warehouses (D1): status and primary as string codes", () => {
    const list = results("warehouses", Warehouses);
    expect(list.map((w) => [w.code, w.status, w.primary])).toEqual([
      ["W1BZE00005", "ACTIVE", true],
      ["WCQ1I07047", "INACTIVE", false],
    ]);
  });

  it("warehouse create (D2) tolerates formatted_adress", () => {
    expect(results("warehouse-create", Warehouse).formattedAddress).toBe("10 Kim Mã, Phường Kim Mã, Quận Ba Đình, Thành phố Hà Nội");
    const bad = { status: "Success", results: { ...(fixture("warehouse-create") as { results: object }).results, formatted_adress: undefined } };
    expect(readEnvelope(bad, Warehouse).kind).toBe("invalid");
  });

  it("warehouse update (D3) keeps only the diff; [] reads as no change", () => {
    expect(results("warehouse-update", UpdatedWarehouse)).toEqual({
      code: "WLKGT07050",
      diff: { name: "Kho Ba Đình", contact: "Lê Nam Quân" },
      updatedAt: "2021-03-11T08:00:00+07:00",
    });
    const empty = readEnvelope({ status: "Success", results: { code: "W", diff: [], updated_at: "2021-03-11 08:00:00" } }, UpdatedWarehouse);
    expect(empty.kind === "success" && empty.results.diff).toEqual({});
  });

  it("webhook get/create (E1, E2): space timestamps become ISO +07:00", () => {
    expect(results("webhook-get", MaybeWebhookRegistration)).toEqual({
      url: "https://partner.example.vn/webhooks/supership",
      createdAt: "2017-09-29T01:52:09+07:00",
      updatedAt: "2017-09-29T01:52:09+07:00",
    });
    expect(results("webhook-create", WebhookRegistration).updatedAt).toBe("2017-10-02T08:12:45+07:00");
    expect(readEnvelope({ status: "Success", results: null }, MaybeWebhookRegistration)).toMatchObject({ kind: "success", results: null });
  });

  it("webhook payload (§6.1): the exact current example", () => {
    expect(parseWebhookPayload(fixture("webhook-payload"))).toEqual({
      type: "update_status",
      code: "SGNS336484LM.883568271",
      shortcode: "883568271",
      soc: "EG27533038-24",
      name: "Anh Nam",
      phone: "078882888",
      address: "Đường Hữu Trí - Thị Trấn Tân Túc -Bình Chánh",
      payer: "1",
      amount: 230000,
      weight: 800,
      shipmentFee: 40000,
      insuranceFee: 0,
      status: "14",
      statusName: "Hoãn Giao Hàng",
      partial: "0",
      barter: "0",
      reasonCode: "304",
      reasonText: "Không liên lạc được với Người Nhận",
      createdAt: "2022-05-10T10:27:26+07:00",
      updatedAt: "2022-05-11T22:26:11+07:00",
      pushedAt: "2022-05-11T22:26:11+07:00",
    });
  });

  it("webhook payload, legacy form: no type means update_status; the code wins over the name", () => {
    const event = parseWebhookPayload(fixture("webhook-payload-legacy"));
    expect(event).toMatchObject({ type: "update_status", status: "11", statusName: "Đã Giao Hàng Toàn Bộ", shipmentFee: 22000 });
    expect(event.createdAt).toBe("2018-07-03T17:18:29+07:00");
    expect(() => parseWebhookPayload({ code: "X", status: 14, status_name: "?" })).toThrow(ProviderSchemaError);
  });
});

describe("SuperShip quirks", () => {
  it("both cancelled spellings, NFC or NFD, map to code 0; all 28 names stay distinct", () => {
    // Twice over: the second lookup of each spelling is answered from the remembered names.
    for (let round = 0; round < 2; round++) {
      for (const name of ["Huỷ", "Hủy", "Huỷ".normalize("NFD"), "Hủy".normalize("NFD")]) expect(statusCodeFromName(name)).toBe("0");
      expect(statusCodeFromName("Đã Trả Hàng Toàn Bộ")).toBeNull();
    }
    expect(new Set(orderStatuses.map((s) => statusNameKey(s.name))).size).toBe(28);
  });

  it("timestamps normalise to ISO-8601 with offset", () => {
    const cases: Array<[string, string]> = [
      ["2018-07-03T17:18:29+07:00", "2018-07-03T17:18:29+07:00"],
      ["2017-09-29 01:52:09", "2017-09-29T01:52:09+07:00"],
      ["2017-09-29T01:52:09", "2017-09-29T01:52:09+07:00"],
      ["2017-09-29T01:52:09Z", "2017-09-29T01:52:09+00:00"],
      ["2017-09-29T01:52:09.5+0700", "2017-09-29T01:52:09.5+07:00"],
    ];
    for (const [raw, iso] of cases) expect(Timestamp.parse(raw)).toBe(iso);
    expect(Timestamp.safeParse("29/09/2017").success).toBe(false);
    expect(Timestamp.safeParse("2017-13-45 01:52:09").success).toBe(false);
  });

  it("error envelope: message plus errors normalised to string arrays; bare Laravel 401 body is not an envelope", () => {
    expect(readEnvelope(fixture("error-validation"), CreatedOrder)).toEqual({
      kind: "error",
      message: "Dữ liệu không hợp lệ.",
      fieldErrors: { commune: ["Phường/Xã không tồn tại."], weight: ["Khối lượng không được vượt quá 20000 gram."] },
    });
    expect(readEnvelope(fixture("error-unauthenticated"), CreatedOrder).kind).toBe("invalid");
  });

  it("money must be integers and codes must be strings", () => {
    const add = fixture("add") as { results: Record<string, unknown> };
    expect(readEnvelope({ ...add, results: { ...add.results, fee: 22000.5 } }, CreatedOrder).kind).toBe("invalid");
    expect(readEnvelope({ ...add, results: { ...add.results, status: 2 } }, CreatedOrder).kind).toBe("invalid");
    expect(readEnvelope({ ...add, results: { ...add.results, extra_field: "ignored" } }, CreatedOrder).kind).toBe("success");
  });
});
