import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateDeliveryInput, CreateDeliveryMutation } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { simCount } from "../support/oauth.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** createDelivery (from a HyperSKU order or explicit, exactly once per key), cancelDelivery and shipping labels. */

let sims: Simulators;
let api: Api;
let apiKey: string;
let warehouseCode: string;
const [merchant] = HYPERSKU_DEMO.accounts;
const [shop] = SUPERSHIP_DEMO.accounts;
let keySeq = 0;
const newKey = () => `test-key-${Date.now()}-${++keySeq}`;

beforeAll(async () => {
  sims = await startSimulators();
  // A settle time longer than any test: an unknown outcome is never booked again here (test/api/write-reconciliation.test.ts does that).
  api = await startApi({ urls: sims.urls, env: { IDEMPOTENCY_SETTLE_MS: "600000" } });
  ({ apiKey } = await createTenant(api.store, "Deliveries"));
  await api.as(apiKey).ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
  await api.as(apiKey).ConnectSupershipWithToken({ token: shop.token });
  warehouseCode = (await api.as(apiKey).Warehouses()).warehouses!.find((w) => w.primary)!.code;
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

const explicit = (over: Partial<CreateDeliveryInput> = {}): CreateDeliveryInput => ({
  idempotencyKey: newKey(),
  receiver: { name: "Nguyễn Thị Hoa", phone: "0912345678", address: "25 Lũy Bán Bích", province: "Hồ Chí Minh", district: "Tân Phú", commune: "Tân Thới Hòa" },
  warehouseCode,
  weightGrams: 800,
  codAmount: 250_000,
  declaredValue: 2_000_000,
  goods: "Áo thun",
  senderOrderCode: `TEST-${keySeq}`,
  ...over,
});

function delivered(res: CreateDeliveryMutation) {
  if (res.createDelivery.__typename !== "MutationCreateDeliverySuccess") throw new Error(`expected a delivery, got ${JSON.stringify(res.createDelivery)}`);
  return res.createDelivery.data;
}

const advance = (code: string) =>
  fetch(`${sims.supership.url}/__sim/supership/orders/${encodeURIComponent(code)}/advance`, { method: "POST" }).then((r) => r.json() as Promise<{ status: string }>);

/** An unshipped HyperSKU order of the demo merchant shipping to Hồ Chí Minh (so no seeded delivery carries its storeOrderId). */
async function hcmOrder() {
  const shipped = new Set(shippedStoreOrderIds());
  let after: string | null | undefined;
  for (;;) {
    const { orders } = await api.as(apiKey).DeliveryCandidateOrders({ first: 50, after });
    const hit = orders!.edges
      .map((e) => e.node)
      .find((o) => o.shippingAddress?.countryCode === "VN" && o.shippingAddress.city === "Ho Chi Minh" && !shipped.has(o.storeOrderId));
    if (hit) return hit;
    if (!orders!.pageInfo.hasNextPage) throw new Error("the demo merchant has no unshipped order to Ho Chi Minh");
    after = orders!.pageInfo.endCursor;
  }
}

describe("createDelivery", () => {
  it("ships a HyperSKU order: receiver, goods, weight and soc = storeOrderId come from the order; order.delivery then finds it", async () => {
    const order = await hcmOrder();
    expect((await api.as(apiKey).OrderWithDelivery({ orderId: order.orderId })).order?.delivery).toBeNull();

    const res = await api
      .as(apiKey)
      .CreateDelivery({ input: { idempotencyKey: newKey(), orderId: order.orderId, warehouseCode, receiver: { district: "Quận 1", commune: "Bến Nghé" } } });
    const d = delivered(res);
    const a = order.shippingAddress!;
    const grams = order.items.reduce((sum, i) => sum + (i.weightGrams ?? 500) * i.quantity, 0);
    expect(d).toMatchObject({
      senderOrderCode: order.storeOrderId,
      status: "AWAITING_PICKUP",
      statusCode: "2",
      weightGrams: grams,
      declaredValue: { amount: "0", currency: "VND" },
    });
    expect(d.receiver.name).toBe(`${a.firstName} ${a.lastName}`);
    expect(d.receiver.address).toContain(a.line1);
    expect(d.receiver.formattedAddress).toContain("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh");

    const again = await api.as(apiKey).OrderWithDelivery({ orderId: order.orderId });
    expect(again.order?.delivery?.code).toBe(d.code);
  });

  it("books an explicit delivery from a pickup address, with COD and declared value", async () => {
    const res = await api.as(apiKey).CreateDelivery({
      input: explicit({
        warehouseCode: null,
        pickup: { phone: "0901000001", address: "12 Lê Lợi", province: "Hồ Chí Minh", district: "Quận 1", commune: "Bến Thành", contact: "Anh Minh" },
      }),
    });
    const d = delivered(res);
    expect(d).toMatchObject({ codAmount: { amount: "250000" }, declaredValue: { amount: "2000000" }, weightGrams: 800, fees: { insurance: { amount: "10000" } } });
    expect(d.receiver.formattedAddress).toBe("25 Lũy Bán Bích, Phường Tân Thới Hòa, Quận Tân Phú, Thành phố Hồ Chí Minh");
  });

  it("5 concurrent calls with one key make one SuperShip order; a later replay makes none; another input is a conflict", async () => {
    const input = explicit();
    sims.supership.control.clearCounters();
    const answers = await Promise.all(Array.from({ length: 5 }, () => api.as(apiKey).CreateDelivery({ input })));
    const codes = answers.map((r) => delivered(r).code);
    expect(new Set(codes).size).toBe(1);
    expect(simCount(sims, "supership", "createOrder")).toBe(1);

    const replay = delivered(await api.as(apiKey).CreateDelivery({ input }));
    expect(replay.code).toBe(codes[0]);
    expect(simCount(sims, "supership", "createOrder")).toBe(1);

    const other = await api.as(apiKey).CreateDelivery({ input: { ...input, weightGrams: 900 } });
    expect(other.createDelivery.__typename).toBe("IdempotencyConflictError");
    expect(simCount(sims, "supership", "createOrder")).toBe(1);
  });

  it("input errors name their paths and send nothing; the key stays free for the corrected input", async () => {
    sims.supership.control.clearCounters();
    const key = newKey();
    const order = await hcmOrder();
    const missing = await api.as(apiKey).CreateDelivery({ input: { idempotencyKey: key, orderId: order.orderId, warehouseCode } });
    expect(missing.createDelivery).toMatchObject({ __typename: "InputValidationError" });
    const paths = (r: CreateDeliveryMutation) => (r.createDelivery.__typename === "InputValidationError" ? r.createDelivery.issues.map((i) => i.path) : []);
    expect(paths(missing)).toEqual(["input.receiver.district", "input.receiver.commune"]);

    const both = await api
      .as(apiKey)
      .CreateDelivery({ input: explicit({ pickup: { phone: "0901000001", address: "x", province: "Hà Nội", district: "Ba Đình", commune: "Điện Biên" } }) });
    expect(paths(both)).toEqual(["input.warehouseCode"]);

    const commune = await api.as(apiKey).CreateDelivery({ input: explicit({ receiver: { ...explicit().receiver, commune: "Phường Không Có" } }) });
    expect(paths(commune)).toEqual(["input.receiver.commune"]);

    const phone = await api.as(apiKey).CreateDelivery({ input: explicit({ receiver: { ...explicit().receiver, phone: "+84912345678" } }) });
    expect(paths(phone)).toEqual(["input.receiver.phone"]);
    const heavy = await api.as(apiKey).CreateDelivery({ input: explicit({ weightGrams: 25_000 }) });
    expect(paths(heavy)).toEqual(["input.weightGrams"]);
    const shortKey = await api.as(apiKey).CreateDelivery({ input: explicit({ idempotencyKey: "short" }) });
    expect(paths(shortKey)).toEqual(["input.idempotencyKey"]);

    const noOrder = await api.as(apiKey).CreateDelivery({ input: { idempotencyKey: newKey(), orderId: "1999999999999999999", warehouseCode } });
    expect(noOrder.createDelivery).toMatchObject({ __typename: "NotFoundError", entity: "Order" });
    expect(simCount(sims, "supership", "createOrder")).toBe(0);

    const fixed = await api
      .as(apiKey)
      // allowAdditional: the first test may have booked this same order, whose delivery is still active.
      .CreateDelivery({
        input: { idempotencyKey: key, orderId: order.orderId, warehouseCode, receiver: { district: "Tân Phú", commune: "Hiệp Tân" }, allowAdditional: true },
      });
    expect(delivered(fixed).senderOrderCode).toBe(order.storeOrderId);
  });

  it("SuperShip's own 422 field errors come back on the input paths, and free the key", async () => {
    const input = explicit({ warehouseCode: "WZZZZ99999" });
    sims.supership.control.clearCounters();
    const refused = await api.as(apiKey).CreateDelivery({ input });
    expect(refused.createDelivery).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "input.warehouseCode" }] });
    expect(simCount(sims, "supership", "createOrder")).toBe(1); // SuperShip itself refused it: one call, not retried
    const retried = await api.as(apiKey).CreateDelivery({ input: { ...input, warehouseCode } });
    expect(delivered(retried).code).toBeTruthy();
    expect(simCount(sims, "supership", "createOrder")).toBe(2);
  });

  it("an ambiguous failure (HTTP 500 on orders/add) keeps the key: a retry before SuperShip confirms it absent is a conflict, not a second order", async () => {
    const input = explicit();
    sims.supership.control.addFault({ endpoint: "createOrder", kind: "http500", rate: 1, times: 1 });
    const first = await api.as(apiKey).CreateDelivery({ input });
    expect(first.createDelivery).toMatchObject({
      __typename: "ProviderUnavailableError",
      code: "DELIVERY_OUTCOME_UNKNOWN",
      message: expect.stringContaining("may or may not have been created"),
    });
    sims.supership.control.clearCounters();
    const retry = await api.as(apiKey).CreateDelivery({ input });
    expect(retry.createDelivery).toMatchObject({ __typename: "IdempotencyConflictError", retryAfterMs: expect.any(Number) });
    expect(simCount(sims, "supership", "orderInfo")).toBe(1); // asked SuperShip by soc
    expect(simCount(sims, "supership", "createOrder")).toBe(0);
  });
});

describe("cancelDelivery", () => {
  it("cancels a delivery awaiting pickup", async () => {
    const d = delivered(await api.as(apiKey).CreateDelivery({ input: explicit() }));
    const res = await api.as(apiKey).CancelDelivery({ code: d.code });
    expect(res.cancelDelivery).toMatchObject({ __typename: "MutationCancelDeliverySuccess", data: { code: d.code, status: "CANCELLED", statusCode: "0" } });
    if (res.cancelDelivery.__typename === "MutationCancelDeliverySuccess") expect(res.cancelDelivery.data.events.at(-1)?.status).toBe("CANCELLED");
  });

  it("is refused once the parcel is picked up (NotAllowedInCurrentStateError with the status); an unknown code is NotFoundError", async () => {
    const d = delivered(await api.as(apiKey).CreateDelivery({ input: explicit() }));
    expect((await advance(d.code)).status).toBe("3");
    expect((await advance(d.code)).status).toBe("4");
    const refused = await api.as(apiKey).CancelDelivery({ code: d.code });
    expect(refused.cancelDelivery).toMatchObject({ __typename: "NotAllowedInCurrentStateError", currentStatus: "PICKED_UP" });

    const unknown = await api.as(apiKey).CancelDelivery({ code: "SGNS100001NT.999999999" });
    expect(unknown.cancelDelivery).toMatchObject({ __typename: "NotFoundError", entity: "Delivery", id: "SGNS100001NT.999999999" });
  });
});

describe("createShippingLabels", () => {
  it("returns a print token and a label page that loads with every delivery on it", async () => {
    const a = delivered(await api.as(apiKey).CreateDelivery({ input: explicit() }));
    const b = delivered(await api.as(apiKey).CreateDelivery({ input: explicit() }));
    const res = await api.as(apiKey).CreateShippingLabels({ codes: [a.code, b.code], size: "K80" });
    if (res.createShippingLabels.__typename !== "MutationCreateShippingLabelsSuccess") throw new Error(JSON.stringify(res.createShippingLabels));
    const { printToken, url } = res.createShippingLabels.data;
    expect(new URL(url).searchParams.get("token")).toBe(printToken);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(a.code);
    expect(html).toContain(b.code);
  });

  it("an unknown code is NotFoundError; no codes is an input error, more than 100 a refused request", async () => {
    const unknown = await api.as(apiKey).CreateShippingLabels({ codes: ["SGNS100001NT.999999999"], size: "A5" });
    expect(unknown.createShippingLabels).toMatchObject({ __typename: "NotFoundError", id: "SGNS100001NT.999999999" });
    const none = await api.as(apiKey).CreateShippingLabels({ codes: [], size: "A5" });
    expect(none.createShippingLabels).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "codes" }] });
    // GRAPHQL_MAX_LIST (100) refuses the request before it executes (src/http/input-limits.ts); the
    // field's own maximum (SuperShip's, also 100) answers InputValidationError if the limit is raised.
    const many = await api
      .as(apiKey)
      .CreateShippingLabels({ codes: Array.from({ length: 101 }, (_, i) => `X.${i}`), size: "A5" })
      .then(
        () => [],
        (e: { response?: { errors?: Array<{ message: string; extensions?: { code?: string } }> } }) => e.response?.errors ?? [],
      );
    expect(many).toMatchObject([
      { message: 'List limit of 100 exceeded by argument "codes" of Mutation.createShippingLabels, found 101.', extensions: { code: "BAD_USER_INPUT" } },
    ]);
  });
});
