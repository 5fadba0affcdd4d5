import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateOrderInput, getSdk } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { simCount } from "../support/oauth.js";
import { US_ADDRESS } from "../support/order-inputs.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** createOrder (exactly once per idempotency key), cancelOrder and updateOrderAddress. */

let sims: Simulators;
let api: Api;
let sdk: ReturnType<typeof getSdk>;
let template: { skuId: string; shippingOptionId: string };
const [merchant] = HYPERSKU_DEMO.accounts;

beforeAll(async () => {
  sims = await startSimulators();
  // A settle time longer than any test: an unknown outcome is never created again here (test/api/write-reconciliation.test.ts does that).
  api = await startApi({ urls: sims.urls, env: { IDEMPOTENCY_SETTLE_MS: "600000" } });
  const { apiKey } = await createTenant(api.store, "Order writer");
  sdk = api.as(apiKey);
  await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
  // A SKU and a shipping channel that a seeded US order already used: one unit of it ships to the US on that channel.
  const { orders } = await sdk.Orders({ first: 50 });
  const us = orders!.edges.map((e) => e.node).find((o) => o.shippingAddress?.countryCode === "US" && o.shippingOptionId && o.items[0]?.sku)!;
  template = { skuId: us.items[0]!.sku!.skuId, shippingOptionId: us.shippingOptionId! };
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

function orderInput(overrides: Partial<CreateOrderInput> = {}): CreateOrderInput {
  return {
    idempotencyKey: randomUUID(),
    storeOrderId: `WEB-${randomUUID().slice(0, 8)}`,
    storeOrderName: "#5001",
    shippingOptionId: template.shippingOptionId,
    shippingAddress: US_ADDRESS,
    items: [{ skuId: template.skuId, quantity: 1 }],
    ...overrides,
  };
}

async function created(input: CreateOrderInput) {
  const res = (await sdk.CreateOrder({ input })).createOrder;
  if (res.__typename !== "MutationCreateOrderSuccess") throw new Error(`createOrder answered ${res.__typename}: ${JSON.stringify(res)}`);
  return res.data;
}

/** Moves an order through the simulator's happy path until it reaches `status`. */
async function advanceTo(orderId: string, status: number) {
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${sims.hypersku.url}/__sim/hypersku/orders/${orderId}/advance`, { method: "POST" });
    const body = (await res.json()) as { to: number };
    if (body.to === status) return;
  }
  throw new Error(`order ${orderId} never reached status ${status}`);
}

const creates = () => simCount(sims, "hypersku", "create");

describe("createOrder", () => {
  it("creates an order that order(orderId) then reads back", async () => {
    const input = orderInput();
    const order = await created(input);
    expect(order).toMatchObject({ storeOrderId: input.storeOrderId, storeOrderName: "#5001", status: "PENDING_PAYMENT", shippingOptionId: template.shippingOptionId });
    expect(order.items).toEqual([expect.objectContaining({ quantity: 1, sku: { skuId: template.skuId } })]);
    expect(order.shippingAddress).toMatchObject({ line1: "12 Maple Avenue", phone: "+1 512 555 0100", countryCode: "US" });
    const { order: read } = await sdk.Order({ orderId: order.orderId });
    expect(read?.storeOrderId).toBe(input.storeOrderId);
  });

  it("5 concurrent requests with one key create exactly one order and all answer it", async () => {
    const input = orderInput();
    const before = creates();
    const answers = await Promise.all(Array.from({ length: 5 }, () => created(input)));
    expect(new Set(answers.map((o) => o.orderId)).size).toBe(1);
    expect(creates() - before).toBe(1);
    const { orders } = await sdk.Orders({ first: 5, storeOrderId: input.storeOrderId });
    expect(orders!.totalCount).toBe(1);
  });

  it("a replay after completion returns the same order without calling HyperSKU's create", async () => {
    const input = orderInput();
    const first = await created(input);
    const before = creates();
    // Field order and explicit nulls do not change the request's fingerprint.
    const replay = await created({ ...input, note: null, shippingAddress: { ...input.shippingAddress, line2: null } });
    expect(replay.orderId).toBe(first.orderId);
    expect(creates()).toBe(before);
  });

  it("the same key with a different input is an IdempotencyConflictError and creates nothing", async () => {
    const input = orderInput();
    await created(input);
    const before = creates();
    const res = await sdk.CreateOrder({ input: { ...input, items: [{ skuId: template.skuId, quantity: 2 }] } });
    expect(res.createOrder.__typename).toBe("IdempotencyConflictError");
    expect(creates()).toBe(before);
  });

  const badAddress = (patch: Partial<CreateOrderInput["shippingAddress"]>) => (i: CreateOrderInput) => ({ ...i, shippingAddress: { ...i.shippingAddress, ...patch } });
  it.each([
    ["input.shippingAddress.phone", badAddress({ phone: "call me" })],
    ["input.shippingAddress.countryCode", badAddress({ countryCode: "usa" })],
    ["input.shippingAddress.email", badAddress({ email: "not-an-email" })],
    ["input.items.0.quantity", (i: CreateOrderInput) => ({ ...i, items: [{ skuId: "1", quantity: 0 }] })],
    [
      "input.items.1.quantity",
      (i: CreateOrderInput) => ({
        ...i,
        items: [
          { skuId: "1", quantity: 1 },
          { skuId: "2", quantity: 1001 },
        ],
      }),
    ],
    ["input.items", (i: CreateOrderInput) => ({ ...i, items: [] })],
    ["input.idempotencyKey", (i: CreateOrderInput) => ({ ...i, idempotencyKey: "short" })],
  ] as const)("an invalid %s is an InputValidationError naming that path, and nothing is sent", async (path, broken) => {
    const before = creates();
    const res = (await sdk.CreateOrder({ input: broken(orderInput()) })).createOrder;
    expect(res.__typename).toBe("InputValidationError");
    if (res.__typename !== "InputValidationError") return;
    expect(res.issues.map((i) => i.path)).toContain(path);
    expect(creates()).toBe(before);
  });

  it("an unknown SKU is a ProviderRejectedError; the key is released, so a corrected request may reuse it", async () => {
    const input = orderInput({ items: [{ skuId: "1234567890123456789", quantity: 1 }] });
    const rejected = (await sdk.CreateOrder({ input })).createOrder;
    expect(rejected).toMatchObject({ __typename: "ProviderRejectedError", providerCode: "60002" });
    if (rejected.__typename === "ProviderRejectedError") expect(rejected.providerMessage).toContain("unknown skuId");
    const fixed = await created({ ...input, items: [{ skuId: template.skuId, quantity: 1 }] });
    expect(fixed.storeOrderId).toBe(input.storeOrderId);
  });

  it("a failure that may have created the order keeps the key: a retry before HyperSKU confirms it absent is a conflict saying when to retry, not a second order", async () => {
    sims.hypersku.control.addFault({ endpoint: "create", kind: "http500", rate: 1, times: 1 });
    const input = orderInput();
    const before = creates();
    const unknown = (await sdk.CreateOrder({ input })).createOrder;
    expect(unknown).toMatchObject({ __typename: "ProviderUnavailableError", code: "ORDER_OUTCOME_UNKNOWN" });
    expect(unknown.__typename === "ProviderUnavailableError" && unknown.message).toContain("retry with the same idempotency key (never a new one)");
    // The retry asks HyperSKU by storeOrderId, finds nothing, and the settle time has not passed.
    const retry = (await sdk.CreateOrder({ input })).createOrder;
    expect(retry).toMatchObject({ __typename: "IdempotencyConflictError", retryAfterMs: expect.any(Number) });
    expect(retry.__typename === "IdempotencyConflictError" && retry.message).toContain(
      `shows no order with storeOrderId ${input.storeOrderId} yet: retry with the same key in`,
    );
    expect(creates() - before).toBe(1); // writes are never retried by the transport
  });

  it("needs an API key: a pass-through caller is refused before anything is sent", async () => {
    const login = await fetch(`${sims.hypersku.url}/api/auth/admin/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: merchant.username, password: merchant.password }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const before = creates();
    await expect(api.sdk({ "x-hypersku-token": data.token }).CreateOrder({ input: orderInput() })).rejects.toSatisfy(
      (e) => (e as { response?: { errors?: Array<{ extensions?: { code?: string } }> } }).response?.errors?.[0]?.extensions?.code === "UNAUTHENTICATED",
    );
    expect(creates()).toBe(before);
  });
});

describe("cancelOrder", () => {
  it("cancels a new order and answers the updated order", async () => {
    const order = await created(orderInput());
    const res = (await sdk.CancelOrder({ orderId: order.orderId })).cancelOrder;
    expect(res).toMatchObject({ __typename: "MutationCancelOrderSuccess", data: { orderId: order.orderId, status: "CLOSED", statusCode: 6 } });
  });

  it("refuses an order that is ready to ship with NotAllowedInCurrentStateError and its current status", async () => {
    const order = await created(orderInput());
    await advanceTo(order.orderId, 3);
    const res = (await sdk.CancelOrder({ orderId: order.orderId })).cancelOrder;
    expect(res).toMatchObject({ __typename: "NotAllowedInCurrentStateError", currentStatus: "READY_TO_SHIP" });
  });

  it("an unknown order is a NotFoundError", async () => {
    const res = (await sdk.CancelOrder({ orderId: "9999999999999999999" })).cancelOrder;
    expect(res).toMatchObject({ __typename: "NotFoundError", entity: "Order", id: "9999999999999999999" });
  });
});

describe("updateOrderAddress", () => {
  const address = {
    firstName: "Grace",
    lastName: "Hopper",
    line1: "1 Oak Street",
    line2: "Apt 4",
    city: "Seattle",
    province: "WA",
    postalCode: "98101",
    countryCode: "US",
    phone: "(206) 555-0101",
  };

  it("replaces the address and answers the updated order", async () => {
    const order = await created(orderInput());
    const res = (await sdk.UpdateOrderAddress({ orderId: order.orderId, address })).updateOrderAddress;
    expect(res.__typename).toBe("MutationUpdateOrderAddressSuccess");
    if (res.__typename !== "MutationUpdateOrderAddressSuccess") return;
    expect(res.data.shippingAddress).toMatchObject({ firstName: "Grace", line1: "1 Oak Street", line2: "Apt 4", city: "Seattle", phone: "(206) 555-0101" });
    expect((await sdk.Order({ orderId: order.orderId })).order?.shippingAddress?.city).toBe("Seattle");
  });

  it("refuses once the order is ready to ship, and an unknown order is a NotFoundError", async () => {
    const order = await created(orderInput());
    await advanceTo(order.orderId, 3);
    const refused = (await sdk.UpdateOrderAddress({ orderId: order.orderId, address })).updateOrderAddress;
    expect(refused).toMatchObject({ __typename: "NotAllowedInCurrentStateError", currentStatus: "READY_TO_SHIP" });
    const unknown = (await sdk.UpdateOrderAddress({ orderId: "9999999999999999999", address })).updateOrderAddress;
    expect(unknown).toMatchObject({ __typename: "NotFoundError", entity: "Order" });
  });

  it("validates the new address, naming the field", async () => {
    const res = (await sdk.UpdateOrderAddress({ orderId: "1", address: { ...address, phone: "x" } })).updateOrderAddress;
    expect(res).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "address.phone" }] });
  });
});
