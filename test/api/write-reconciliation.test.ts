import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { CreateDeliveryInput, CreateOrderInput, CreateOrderMutation } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import type { FaultKind } from "../../simulators/shared/control.js";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { sweepUnknownWrites } from "../../src/resolvers/write-sweep.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createRedisStore } from "../../src/store/redis.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/types.js";
import { simCount } from "../support/oauth.js";
import { US_ADDRESS } from "../support/order-inputs.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Ambiguous writes reconciled (docs/decisions/021-write-reconciliation.md), through the API
 * against the real simulators: faults that write and then lose the answer (`schema`: the
 * simulator runs the route, then breaks the body) and faults that answer before writing
 * (`hang` past PROVIDER_TIMEOUT_MS, `http503`, `reset`, `http429`). Settle times run on an
 * injected clock, never on sleeps; every outcome is checked against the simulators' own state.
 */

const SETTLE_MS = 2_000;
const ENV = { PROVIDER_TIMEOUT_MS: "1000", IDEMPOTENCY_SETTLE_MS: String(SETTLE_MS), IDEMPOTENCY_SWEEP_MS: "0" };
const [merchant] = HYPERSKU_DEMO.accounts;
const [shop] = SUPERSHIP_DEMO.accounts;

let clock = Date.now();
const now = () => clock;
const advance = (ms: number) => {
  clock += ms;
};

let sims: Simulators;
let template: { skuId: string; shippingOptionId: string };
let warehouseCode: string;

beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(async () => {
  await sims.close();
});
afterEach(async () => {
  // A rule whose call never came must not fail the next test's calls.
  await Promise.all([sims.hypersku.url, sims.supership.url].map((u) => fetch(`${u}/__sim/faults`, { method: "DELETE" })));
});

/** The simulator's own orders with this store order id: what HyperSKU really holds. */
const hyperskuOrders = (storeOrderId: string) =>
  [...sims.hypersku.state.data.accounts.values()].flatMap((a) => [...a.orders.values()]).filter((o) => o.storeOrderId === storeOrderId);
/** The simulator's own deliveries with this soc. */
const supershipOrders = async (soc: string) =>
  (await (await fetch(`${sims.supership.url}/__sim/supership/orders?soc=${encodeURIComponent(soc)}`)).json()) as Array<{ code: string }>;
const fault = (provider: "hypersku" | "supership", endpoint: string, kind: FaultKind) => sims[provider].control.addFault({ endpoint, kind, rate: 1, times: 1, hangMs: 5_000 });

async function connected(api: Api, name: string) {
  const { apiKey, tenantId } = await createTenant(api.store, name);
  const sdk = api.as(apiKey);
  await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
  await sdk.ConnectSupershipWithToken({ token: shop.token });
  if (!template) {
    const { orders } = await sdk.Orders({ first: 50 });
    const us = orders!.edges.map((e) => e.node).find((o) => o.shippingAddress?.countryCode === "US" && o.shippingOptionId && o.items[0]?.sku)!;
    template = { skuId: us.items[0]!.sku!.skuId, shippingOptionId: us.shippingOptionId! };
    warehouseCode = (await sdk.Warehouses()).warehouses!.find((w) => w.primary)!.code;
  }
  return { sdk, tenantId, apiKey };
}

function orderInput(): CreateOrderInput {
  return {
    idempotencyKey: randomUUID(),
    storeOrderId: `REC-${randomUUID().slice(0, 8)}`,
    shippingOptionId: template.shippingOptionId,
    shippingAddress: US_ADDRESS,
    items: [{ skuId: template.skuId, quantity: 1 }],
  };
}

function deliveryInput(over: Partial<CreateDeliveryInput> = {}): CreateDeliveryInput {
  return {
    idempotencyKey: randomUUID(),
    receiver: { name: "Nguyễn Thị Hoa", phone: "0912345678", address: "25 Lũy Bán Bích", province: "Hồ Chí Minh", district: "Tân Phú", commune: "Tân Thới Hòa" },
    warehouseCode,
    weightGrams: 800,
    codAmount: 250_000,
    goods: "Áo thun",
    senderOrderCode: `SOC-${randomUUID().slice(0, 8)}`,
    ...over,
  };
}

type Sdk = ReturnType<Api["as"]>;

const orderOf = (res: CreateOrderMutation) => {
  if (res.createOrder.__typename !== "MutationCreateOrderSuccess") throw new Error(`expected an order, got ${JSON.stringify(res.createOrder)}`);
  return res.createOrder.data;
};

describe.each([
  ["getOrderInfos filter", {}],
  ["getOrdersByExternalOrderId", { HYPERSKU_STORE_CODE: merchant.storeCode }],
])("createOrder after an ambiguous failure (lookup: %s)", (_, lookupEnv) => {
  let api: Api;
  let sdk: Sdk;
  beforeAll(async () => {
    api = await startApi({ urls: sims.urls, now, env: { ...ENV, ...lookupEnv } });
    ({ sdk } = await connected(api, "Reconciling"));
  });
  afterAll(() => api.close());

  it("created but its answer lost: the retry with the same key answers HyperSKU's one order and creates nothing", async () => {
    const input = orderInput();
    fault("hypersku", "create", "schema"); // the simulator creates the order, then breaks the answer
    const first = (await sdk.CreateOrder({ input })).createOrder;
    expect(first).toMatchObject({
      __typename: "ProviderUnavailableError",
      code: "ORDER_OUTCOME_UNKNOWN",
      message: expect.stringContaining("retry with the same idempotency key"),
    });
    const made = hyperskuOrders(input.storeOrderId);
    expect(made).toHaveLength(1);

    const creates = simCount(sims, "hypersku", "create");
    const retry = orderOf(await sdk.CreateOrder({ input })); // no clock move: found at once, no settle wait
    expect(retry).toMatchObject({ orderId: made[0]!.orderId, storeOrderId: input.storeOrderId });
    const replay = orderOf(await sdk.CreateOrder({ input }));
    expect(replay.orderId).toBe(made[0]!.orderId);
    expect(simCount(sims, "hypersku", "create")).toBe(creates);
    expect(hyperskuOrders(input.storeOrderId)).toHaveLength(1);
  });
});

describe("createOrder: not created, or refused", () => {
  let api: Api;
  let sdk: Sdk;
  let apiKey: string;
  beforeAll(async () => {
    api = await startApi({ urls: sims.urls, now, env: ENV });
    ({ sdk, apiKey } = await connected(api, "Not created"));
  });
  afterAll(() => api.close());

  it.each(["hang", "http503", "reset"] as const)("%s before the write: a retry inside the settle time is told when to retry; after it, exactly one order", async (kind) => {
    const input = orderInput();
    fault("hypersku", "create", kind);
    const first = (await sdk.CreateOrder({ input })).createOrder;
    expect(first).toMatchObject({ __typename: "ProviderUnavailableError", code: "ORDER_OUTCOME_UNKNOWN" });
    expect(hyperskuOrders(input.storeOrderId)).toHaveLength(0);
    const creates = simCount(sims, "hypersku", "create");

    advance(500);
    const early = (await sdk.CreateOrder({ input })).createOrder;
    expect(early).toMatchObject({ __typename: "IdempotencyConflictError", retryAfterMs: SETTLE_MS - 500 });
    expect(early.__typename === "IdempotencyConflictError" && early.message).toMatch(/retry with the same key in 2 s/);
    expect(simCount(sims, "hypersku", "create")).toBe(creates); // looked up, not created

    advance(SETTLE_MS - 500);
    const order = orderOf(await sdk.CreateOrder({ input }));
    expect(simCount(sims, "hypersku", "create")).toBe(creates + 1);
    expect(hyperskuOrders(input.storeOrderId).map((o) => o.orderId)).toEqual([order.orderId]);
    expect(orderOf(await sdk.CreateOrder({ input })).orderId).toBe(order.orderId);
    expect(simCount(sims, "hypersku", "create")).toBe(creates + 1);
  });

  it("HTTP 429 on create releases the key at once: the message says to retry, and the retry creates one order", async () => {
    const input = orderInput();
    fault("hypersku", "create", "http429");
    const refused = (await sdk.CreateOrder({ input })).createOrder;
    expect(refused).toMatchObject({ __typename: "ProviderUnavailableError", code: "PROVIDER_HTTP_ERROR", retryable: true });
    expect(refused.__typename === "ProviderUnavailableError" && refused.message).toMatch(/no order was created: retry with the same idempotency key in 1 s/);
    expect(hyperskuOrders(input.storeOrderId)).toHaveLength(0);
    const order = orderOf(await sdk.CreateOrder({ input })); // same clock: no settle wait
    expect(hyperskuOrders(input.storeOrderId).map((o) => o.orderId)).toEqual([order.orderId]);
  });

  it("connection refused releases the key at once: another replica's retry creates one order", async () => {
    // A replica sharing the store whose HyperSKU address refuses connections (a port just closed).
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const refusing = await startApi({ urls: { ...sims.urls, hyperskuBaseUrl: `http://127.0.0.1:${port}` }, store: api.store, now, env: ENV });
    try {
      const input = orderInput();
      const refused = (await refusing.as(apiKey).CreateOrder({ input })).createOrder;
      expect(refused).toMatchObject({ __typename: "ProviderUnavailableError", code: "PROVIDER_NETWORK_ERROR" });
      expect(refused.__typename === "ProviderUnavailableError" && refused.message).toMatch(/ECONNREFUSED.*no order was created: retry with the same idempotency key/);
      const order = orderOf(await sdk.CreateOrder({ input }));
      expect(hyperskuOrders(input.storeOrderId).map((o) => o.orderId)).toEqual([order.orderId]);
    } finally {
      await refusing.close();
    }
  });
});

const deliveryOf = (res: { createDelivery: { __typename: string } }) => {
  const r = res.createDelivery as { __typename: string; data?: { code: string; senderOrderCode: string | null } };
  if (r.__typename !== "MutationCreateDeliverySuccess" || !r.data) throw new Error(`expected a delivery, got ${JSON.stringify(r)}`);
  return r.data;
};

/** An unshipped HyperSKU order of the demo merchant to Hồ Chí Minh (no seeded delivery carries its storeOrderId). */
async function unshippedHcmOrder(sdk: Sdk) {
  const shipped = new Set(shippedStoreOrderIds());
  let after: string | null | undefined;
  for (;;) {
    const { orders } = await sdk.DeliveryCandidateOrders({ first: 50, after });
    const hit = orders!.edges
      .map((e) => e.node)
      .find((o) => o.shippingAddress?.countryCode === "VN" && o.shippingAddress.city === "Ho Chi Minh" && !shipped.has(o.storeOrderId));
    if (hit) return hit;
    if (!orders!.pageInfo.hasNextPage) throw new Error("the demo merchant has no unshipped order to Ho Chi Minh");
    after = orders!.pageInfo.endCursor;
  }
}

describe("createDelivery after an ambiguous failure (found by soc)", () => {
  let api: Api;
  let sdk: Sdk;
  beforeAll(async () => {
    api = await startApi({ urls: sims.urls, now, env: ENV });
    ({ sdk } = await connected(api, "Delivering"));
  });
  afterAll(() => api.close());

  it("booked but its answer lost: the retry with the same key answers SuperShip's one delivery with that soc", async () => {
    const input = deliveryInput();
    fault("supership", "createOrder", "schema");
    const first = (await sdk.CreateDelivery({ input })).createDelivery;
    expect(first).toMatchObject({
      __typename: "ProviderUnavailableError",
      code: "DELIVERY_OUTCOME_UNKNOWN",
      message: expect.stringContaining("retry with the same idempotency key"),
    });
    const booked = await supershipOrders(input.senderOrderCode!);
    expect(booked).toHaveLength(1);
    const calls = simCount(sims, "supership", "createOrder");
    const retry = deliveryOf(await sdk.CreateDelivery({ input }));
    expect(retry).toMatchObject({ code: booked[0]!.code, senderOrderCode: input.senderOrderCode });
    expect(simCount(sims, "supership", "createOrder")).toBe(calls);
    expect(await supershipOrders(input.senderOrderCode!)).toHaveLength(1);
  });

  it("not booked (hang past the timeout): told to wait inside the settle time, then exactly one delivery", async () => {
    const input = deliveryInput();
    fault("supership", "createOrder", "hang");
    expect((await sdk.CreateDelivery({ input })).createDelivery).toMatchObject({ __typename: "ProviderUnavailableError", code: "DELIVERY_OUTCOME_UNKNOWN" });
    expect(await supershipOrders(input.senderOrderCode!)).toHaveLength(0);
    const early = (await sdk.CreateDelivery({ input })).createDelivery;
    expect(early).toMatchObject({ __typename: "IdempotencyConflictError", retryAfterMs: SETTLE_MS });
    advance(SETTLE_MS);
    const d = deliveryOf(await sdk.CreateDelivery({ input }));
    expect((await supershipOrders(input.senderOrderCode!)).map((o) => o.code)).toEqual([d.code]);
  });

  it("from a HyperSKU order (the soc is its storeOrderId, stored once the order was read): the retry finds the delivery", async () => {
    const order = await unshippedHcmOrder(sdk);
    const before = (await supershipOrders(order.storeOrderId)).length;
    const input: CreateDeliveryInput = {
      idempotencyKey: randomUUID(),
      orderId: order.orderId,
      warehouseCode,
      receiver: { district: "Quận 1", commune: "Bến Nghé" },
      codAmount: 0,
    };
    fault("supership", "createOrder", "schema");
    expect((await sdk.CreateDelivery({ input })).createDelivery).toMatchObject({ code: "DELIVERY_OUTCOME_UNKNOWN" });
    const booked = await supershipOrders(order.storeOrderId);
    expect(booked).toHaveLength(before + 1);
    const retry = deliveryOf(await sdk.CreateDelivery({ input }));
    expect(retry).toMatchObject({ code: booked.at(-1)!.code, senderOrderCode: order.storeOrderId });
    expect(await supershipOrders(order.storeOrderId)).toHaveLength(before + 1);
  });

  it("without a soc the outcome cannot be looked up: the retry says so and what to do, and books nothing", async () => {
    const input = deliveryInput({ senderOrderCode: null });
    fault("supership", "createOrder", "http500");
    expect((await sdk.CreateDelivery({ input })).createDelivery).toMatchObject({ code: "DELIVERY_OUTCOME_UNKNOWN" });
    const calls = simCount(sims, "supership", "createOrder");
    advance(SETTLE_MS);
    const retry = (await sdk.CreateDelivery({ input })).createDelivery;
    expect(retry).toMatchObject({ __typename: "IdempotencyConflictError", retryAfterMs: null });
    expect(retry.__typename === "IdempotencyConflictError" && retry.message).toMatch(
      /no soc to look it up by: check whether the delivery exists; if it does not, create it with a new idempotency key/,
    );
    expect(simCount(sims, "supership", "createOrder")).toBe(calls);
  });

  it("HTTP 429 on orders/add releases the key at once: the retry books one delivery", async () => {
    const input = deliveryInput();
    fault("supership", "createOrder", "http429");
    const refused = (await sdk.CreateDelivery({ input })).createDelivery;
    expect(refused).toMatchObject({
      __typename: "ProviderUnavailableError",
      code: "PROVIDER_HTTP_ERROR",
      message: expect.stringMatching(/no delivery was created: retry with the same idempotency key/),
    });
    const d = deliveryOf(await sdk.CreateDelivery({ input }));
    expect((await supershipOrders(input.senderOrderCode!)).map((o) => o.code)).toEqual([d.code]);
  });
});

/** Two API instances (replicas) on one store, each with its own connection to it, as two processes would be. */
function describeReplicas(name: string, openStore: (encryptionKey: string) => { open(): Store; dispose(): Promise<void> }) {
  describe(`two replicas on ${name} retrying one key at once`, () => {
    let replicas: Api[];
    let stores: Store[];
    let dispose: () => Promise<void>;
    let apiKey: string;
    beforeAll(async () => {
      const encryptionKey = generateKey();
      const backend = openStore(encryptionKey);
      dispose = backend.dispose;
      stores = [backend.open(), backend.open()];
      replicas = await Promise.all(stores.map((store) => startApi({ urls: sims.urls, store, encryptionKey, now, env: ENV })));
      ({ apiKey } = await connected(replicas[0]!, "Replicated"));
    });
    afterAll(async () => {
      await Promise.all(replicas.map((r) => r.close()));
      for (const s of stores) await s.close();
      await dispose();
    });
    const retryOnBoth = (input: CreateOrderInput) => Promise.all([0, 1, 0, 1, 0, 1].map((i) => replicas[i]!.as(apiKey).CreateOrder({ input })));

    it("after a lost answer: every retry answers HyperSKU's one order, and none creates", async () => {
      const input = orderInput();
      fault("hypersku", "create", "schema");
      expect((await replicas[0]!.as(apiKey).CreateOrder({ input })).createOrder).toMatchObject({ code: "ORDER_OUTCOME_UNKNOWN" });
      const made = hyperskuOrders(input.storeOrderId);
      const creates = simCount(sims, "hypersku", "create");
      const answers = (await retryOnBoth(input)).map(orderOf);
      expect(new Set(answers.map((o) => o.orderId))).toEqual(new Set([made[0]!.orderId]));
      expect(simCount(sims, "hypersku", "create")).toBe(creates);
      expect(hyperskuOrders(input.storeOrderId)).toHaveLength(1);
    });

    it("after a write that never happened, past the settle time: exactly one order, and every retry answers it", async () => {
      const input = orderInput();
      fault("hypersku", "create", "hang");
      expect((await replicas[1]!.as(apiKey).CreateOrder({ input })).createOrder).toMatchObject({ code: "ORDER_OUTCOME_UNKNOWN" });
      const creates = simCount(sims, "hypersku", "create");
      advance(SETTLE_MS);
      const answers = (await retryOnBoth(input)).map(orderOf);
      const made = hyperskuOrders(input.storeOrderId);
      expect(made).toHaveLength(1);
      expect(new Set(answers.map((o) => o.orderId))).toEqual(new Set([made[0]!.orderId]));
      expect(simCount(sims, "hypersku", "create")).toBe(creates + 1);
    });
  });
}

describeReplicas("a shared SQLite file", (encryptionKey) => {
  const dir = mkdtempSync(join(tmpdir(), "fg-reconcile-"));
  return {
    open: () => createSqliteStore({ file: join(dir, "store.sqlite"), cipher: createCipher(encryptionKey), now }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn("REDIS_URL unset: skipping the two-replica reconciliation on Redis");
describe.skipIf(!redisUrl)("on Redis", () => {
  describeReplicas("Redis", (encryptionKey) => {
    const prefix = `fg-test:${randomUUID()}:`;
    return {
      open: () => createRedisStore({ url: redisUrl!, cipher: createCipher(encryptionKey), prefix, now }),
      async dispose() {
        const admin = new Redis(redisUrl!);
        const keys = await admin.keys(`${prefix}*`);
        if (keys.length) await admin.del(...keys);
        await admin.quit();
      },
    };
  });
});

describe("the background sweep", () => {
  let api: Api;
  let sdk: Sdk;
  beforeAll(async () => {
    api = await startApi({ urls: sims.urls, now, env: ENV });
    ({ sdk } = await connected(api, "Swept"));
  });
  afterAll(() => api.close());
  const nothing = { completed: 0, released: 0, skipped: 0, failed: 0 };

  it("completes what the providers have and releases what they do not, once settled; the next retries replay or create once", async () => {
    const lost = orderInput();
    const never = orderInput();
    const lostDelivery = deliveryInput();
    const neverDelivery = deliveryInput();
    fault("hypersku", "create", "schema");
    expect((await sdk.CreateOrder({ input: lost })).createOrder).toMatchObject({ code: "ORDER_OUTCOME_UNKNOWN" });
    fault("hypersku", "create", "http503");
    expect((await sdk.CreateOrder({ input: never })).createOrder).toMatchObject({ code: "ORDER_OUTCOME_UNKNOWN" });
    fault("supership", "createOrder", "schema");
    expect((await sdk.CreateDelivery({ input: lostDelivery })).createDelivery).toMatchObject({ code: "DELIVERY_OUTCOME_UNKNOWN" });
    fault("supership", "createOrder", "reset");
    expect((await sdk.CreateDelivery({ input: neverDelivery })).createDelivery).toMatchObject({ code: "DELIVERY_OUTCOME_UNKNOWN" });

    expect(await sweepUnknownWrites(api.deps)).toEqual(nothing); // not settled: a slow provider may still show them
    advance(SETTLE_MS);
    expect(await sweepUnknownWrites(api.deps)).toEqual({ completed: 2, released: 2, skipped: 0, failed: 0 });
    expect(await sweepUnknownWrites(api.deps)).toEqual(nothing);

    const creates = simCount(sims, "hypersku", "create");
    const bookings = simCount(sims, "supership", "createOrder");
    expect(orderOf(await sdk.CreateOrder({ input: lost })).orderId).toBe(hyperskuOrders(lost.storeOrderId)[0]!.orderId);
    expect(deliveryOf(await sdk.CreateDelivery({ input: lostDelivery })).code).toBe((await supershipOrders(lostDelivery.senderOrderCode!))[0]!.code);
    expect([simCount(sims, "hypersku", "create"), simCount(sims, "supership", "createOrder")]).toEqual([creates, bookings]); // replays
    const order = orderOf(await sdk.CreateOrder({ input: never }));
    const delivery = deliveryOf(await sdk.CreateDelivery({ input: neverDelivery }));
    expect(hyperskuOrders(never.storeOrderId).map((o) => o.orderId)).toEqual([order.orderId]);
    expect((await supershipOrders(neverDelivery.senderOrderCode!)).map((o) => o.code)).toEqual([delivery.code]);
    for (const input of [lost, never]) expect(hyperskuOrders(input.storeOrderId)).toHaveLength(1);
  });

  it("keeps a record unknown while the provider cannot be asked, and reconciles it on a later sweep", async () => {
    const lost = orderInput();
    fault("hypersku", "create", "schema");
    expect((await sdk.CreateOrder({ input: lost })).createOrder).toMatchObject({ code: "ORDER_OUTCOME_UNKNOWN" });
    advance(SETTLE_MS);
    // The lookup (getOrderInfos: no store code here) fails on every attempt, retries included.
    sims.hypersku.control.addFault({ endpoint: "getOrderInfos", kind: "http503", rate: 1, times: 3, retryAfterSeconds: 0 });
    expect(await sweepUnknownWrites(api.deps)).toEqual({ ...nothing, failed: 1 });
    expect(await sweepUnknownWrites(api.deps)).toEqual({ ...nothing, completed: 1 });
    expect(orderOf(await sdk.CreateOrder({ input: lost })).orderId).toBe(hyperskuOrders(lost.storeOrderId)[0]!.orderId);
  });

  it("createApp runs it every IDEMPOTENCY_SWEEP_MS, and stop() ends it", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    // The abuse limits off: their counters' timers are not the sweep's, which is the one counted here.
    const limitsOff = { RATE_LIMIT_PER_IP: "0", RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_BAD_CREDENTIALS: "0", RATE_LIMIT_PER_WEBHOOK_TOKEN: "0" };
    const swept = await startApi({ urls: sims.urls, now, env: { ...ENV, ...limitsOff, IDEMPOTENCY_SWEEP_MS: "60000" } });
    try {
      const { sdk: s } = await connected(swept, "Swept by the timer");
      const input = orderInput();
      fault("hypersku", "create", "schema");
      expect((await s.CreateOrder({ input })).createOrder).toMatchObject({ code: "ORDER_OUTCOME_UNKNOWN" });
      advance(SETTLE_MS);
      const pending = () => swept.store.listUnknownIdempotent({ settledBefore: now(), limit: 10 });
      expect(await pending()).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(60_000);
      await vi.waitFor(async () => expect(await pending()).toEqual([]));
      const creates = simCount(sims, "hypersku", "create");
      expect(orderOf(await s.CreateOrder({ input })).orderId).toBe(hyperskuOrders(input.storeOrderId)[0]!.orderId);
      expect(simCount(sims, "hypersku", "create")).toBe(creates);
    } finally {
      await swept.close();
      expect(vi.getTimerCount()).toBe(0);
      vi.useRealTimers();
    }
  });
});
