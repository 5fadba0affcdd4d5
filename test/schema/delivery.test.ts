import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { simCount } from "../support/oauth.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** Delivery reads: Order.delivery across providers, lookups, node ids, the status table, quotes, and a SuperShip outage. */

let sims: Simulators;
let api: Api;
let apiKey: string;

const [shop] = SUPERSHIP_DEMO.accounts;
const shipped = new Set(shippedStoreOrderIds(shop.shopCode));

const connectedKey = async (target: Api, name: string) => (await connectedTenant(target, name)).apiKey;

const errorsOf = (e: unknown) =>
  (e as { response?: { errors?: Array<{ path?: (string | number)[]; extensions?: { code?: string }; message: string }> } }).response?.errors ?? [];
const dataOf = <T>(e: unknown) => (e as { response?: { data?: T } }).response?.data;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  apiKey = await connectedKey(api, "Deliveries");
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

describe("Order.delivery", () => {
  it("a shipped order has its SuperShip delivery (soc = storeOrderId) with events oldest first and VND fees; an unshipped one has none", async () => {
    // 45, not 50: the whole Delivery (fees, events, notes) costs about 1,024 an order, and 50 of
    // them are over the default GRAPHQL_MAX_COST now that `$first` counts (ADR 006, "Input limits").
    const { orders } = await api.as(apiKey).OrdersWithDelivery({ first: 45 });
    const nodes = orders!.edges.map((e) => e.node);
    const withDelivery = nodes.filter((o) => shipped.has(o.storeOrderId));
    const without = nodes.filter((o) => !shipped.has(o.storeOrderId));
    // The page is the 45 newest of 520 consecutive seeded store orders (SO-000476…SO-000520), and
    // 2 in every 5 shipped (index % 5 ∈ {3, 4}): 18 with a delivery, 27 without.
    expect(nodes.map((o) => o.storeOrderId)).toEqual(Array.from({ length: 45 }, (_, k) => `SO-${String(520 - k).padStart(6, "0")}`));
    expect(withDelivery).toHaveLength(18);
    expect(without).toHaveLength(27);
    for (const o of without) expect(o.delivery).toBeNull();
    for (const o of withDelivery) {
      const d = o.delivery!;
      expect(d).toMatchObject({ senderOrderCode: o.storeOrderId, carrier: "SuperShip", trackingNumber: d.code });
      expect(d.code.endsWith(`.${d.shortCode}`)).toBe(true);
      expect(d.fees.shipment.currency).toBe("VND");
      // The SuperShip simulator's seeded delivery for this soc: fees and journey as it holds them.
      const sim = sims.supership.state.latestBySoc.get(`${shop.shopCode} ${o.storeOrderId}`)!;
      expect(d.code).toBe(sim.code);
      expect(Number(d.fees.shipment.amount)).toBe(sim.fees.shipment);
      expect(sim.fees.shipment).toBeGreaterThan(0); // precondition: a real fee, not a default 0
      expect(d.receiver.phone).toMatch(/\*{4}/);
      expect(d.events).toHaveLength(sim.journeys.length);
      expect(d.events.length).toBeGreaterThanOrEqual(2); // precondition on the seed: the ordering check below has two events or more to order
      const times = d.events.map((e) => Date.parse(e.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(d.events[0]).toMatchObject({ status: "PENDING", description: expect.any(String) });
      expect(d.status).not.toBe("UNKNOWN");
    }
  });

  it("makes exactly one SuperShip orderInfo call per order of the page, and nothing else", async () => {
    sims.supership.control.clearCounters();
    const { orders } = await api.as(apiKey).OrderDeliveryCodes({ first: 50 });
    expect(orders!.edges).toHaveLength(50);
    expect(sims.supership.control.counts().byEndpoint).toEqual({ orderInfo: 50 });
  });

  it("a page of orders that does not select delivery makes no SuperShip call (the look-ahead starts deliveries only when asked for)", async () => {
    sims.supership.control.clearCounters();
    const { orders } = await api.as(apiKey).Orders({ first: 50 });
    expect(orders!.edges).toHaveLength(50);
    expect(sims.supership.control.counts().total).toBe(0);
  });

  it("order(orderId).delivery follows one order with one orderInfo call (by soc)", async () => {
    const { orders } = await api.as(apiKey).OrdersWithDelivery({ first: 10 });
    const target = orders!.edges.map((e) => e.node).find((o) => o.delivery)!;
    sims.supership.control.clearCounters();
    const { order } = await api.as(apiKey).OrderWithDelivery({ orderId: target.orderId });
    expect(order?.delivery).toMatchObject({ code: target.delivery!.code, senderOrderCode: target.storeOrderId });
    expect(sims.supership.control.log().map((c) => `${c.endpoint} ${c.path}`)).toEqual(["orderInfo /v1/partner/orders/info"]);
  });
});

describe("delivery lookups", () => {
  it("delivery(code) returns the delivery and null for an unknown code; node(id) resolves a Delivery", async () => {
    const { orders } = await api.as(apiKey).OrdersWithDelivery({ first: 10 });
    const known = orders!.edges.map((e) => e.node.delivery).find((d) => d !== null && d !== undefined)!;
    const { delivery } = await api.as(apiKey).Delivery({ code: known.code });
    expect(delivery).toMatchObject({ code: known.code, senderOrderCode: known.senderOrderCode, id: known.id });
    expect((await api.as(apiKey).Delivery({ code: "SGNS100001NT.999999999" })).delivery).toBeNull();

    const { node } = await api.as(apiKey).ShippingNode({ id: known.id });
    expect(node).toMatchObject({ __typename: "Delivery", id: known.id, code: known.code });
  });

  it("labelUrl mints a print token for the one delivery, and the page loads", async () => {
    const { orders } = await api.as(apiKey).OrdersWithDelivery({ first: 10 });
    const code = orders!.edges.map((e) => e.node.delivery?.code).find(Boolean)!;
    sims.supership.control.clearCounters();
    const { delivery } = await api.as(apiKey).DeliveryLabelUrl({ code, size: "A5" });
    expect(simCount(sims, "supership", "printToken")).toBe(1);
    const page = await fetch(delivery!.labelUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(code);
    expect(new URL(delivery!.labelUrl).searchParams.get("size")).toBe("A5");
  });
});

describe("status table and quotes", () => {
  it("deliveryStatuses lists SuperShip's 28 statuses, each normalized, without any connection", async () => {
    const { deliveryStatuses } = await api.sdk().DeliveryStatuses();
    expect(deliveryStatuses).toHaveLength(28);
    const byCode = new Map(deliveryStatuses.map((s) => [s.code, s]));
    expect(byCode.get("0")).toMatchObject({ name: "Huỷ", status: "CANCELLED" });
    expect(byCode.get("4")?.status).toBe("PICKED_UP");
    expect(byCode.get("12")?.status).toBe("DELIVERED");
    expect(byCode.get("25")?.status).toBe("LOST");
    expect(deliveryStatuses.filter((s) => s.status === "UNKNOWN")).toEqual([]);
  });

  it("deliveryQuote prices a parcel between two districts; short area names are accepted", async () => {
    const { deliveryQuote } = await api.as(apiKey).DeliveryQuote({
      input: {
        senderProvince: "Hồ Chí Minh",
        senderDistrict: "Quận 1",
        receiverProvince: "Thành phố Hà Nội",
        receiverDistrict: "Ba Đình",
        weightGrams: 1200,
        value: 3_000_000,
      },
    });
    // simulators/supership/fees.ts: inter-province, so express only (economy is same-province);
    // 30 000 đ for the first 500 g + 2 started 500 g steps × 5 000 đ = 40 000 đ; insurance 0.5% of 3 000 000.
    expect(deliveryQuote).toHaveLength(1);
    const [express] = deliveryQuote;
    expect(express).toMatchObject({ service: "Tốc Hành", fee: { amount: "40000", currency: "VND" }, insurance: { amount: "15000", currency: "VND" } });
    expect(express!.pickupEta).toMatch(/^(Sáng|Chiều) .+ - \d{2}\/\d{2}\/\d{4}$/);
    expect(express!.deliveryEta).toMatch(/^(Sáng|Chiều) .+ - \d{2}\/\d{2}\/\d{4}$/);
  });

  it("deliveryQuote names the bad field: an unknown district, a weight over 20 kg", async () => {
    const base = { senderProvince: "Hồ Chí Minh", senderDistrict: "Quận 1", receiverProvince: "Hà Nội", receiverDistrict: "Ba Đình", weightGrams: 500, value: 0 };
    const unknown = await api
      .as(apiKey)
      .DeliveryQuote({ input: { ...base, receiverDistrict: "Quận 99" } })
      .catch((e: unknown) => e);
    expect(errorsOf(unknown)[0]).toMatchObject({ path: ["deliveryQuote"], extensions: { code: "BAD_USER_INPUT" } });
    expect(errorsOf(unknown)[0]!.message).toContain("input.receiverDistrict");

    sims.supership.control.clearCounters();
    const heavy = await api
      .as(apiKey)
      .DeliveryQuote({ input: { ...base, weightGrams: 25_000 } })
      .catch((e: unknown) => e);
    expect(errorsOf(heavy)[0]!.message).toContain("input.weightGrams");
    expect(simCount(sims, "supership", "price")).toBe(0);
  });
});

describe("a SuperShip outage", () => {
  it("with orderInfo failing, every order still arrives and errors sit only at the delivery paths", async () => {
    // A separate API: its circuit breaker opens during this test and must not leak into others.
    const isolated = await startApi({ urls: sims.urls, env: { PROVIDER_RETRIES: "0" } });
    try {
      const key = await connectedKey(isolated, "Outage");
      sims.supership.control.addFault({ endpoint: "orderInfo", kind: "http500", rate: 1 });
      const failure = await isolated
        .as(key)
        .OrderDeliveryCodes({ first: 20 })
        .catch((e: unknown) => e);
      const data = dataOf<{ orders: { edges: Array<{ node: { storeOrderId: string; delivery: unknown } }> } }>(failure);
      expect(data?.orders.edges).toHaveLength(20);
      for (const { node } of data!.orders.edges) {
        expect(node.storeOrderId).toMatch(/^SO-\d{6}$/);
        expect(node.delivery).toBeNull();
      }
      const errors = errorsOf(failure);
      expect(errors).toHaveLength(20);
      for (const e of errors) {
        expect(e.path).toEqual(["orders", "edges", expect.any(Number), "node", "delivery"]);
        expect(e.extensions?.code).toMatch(/^PROVIDER_/);
      }
    } finally {
      await fetch(`${sims.supership.url}/__sim/faults`, { method: "DELETE" });
      await isolated.close();
    }
  });
});
