import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import type { DeliveryEvent } from "../../src/resolvers/delivery-events.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { redisBackend } from "../store/backends.js";
import { deliveryEvent } from "../support/delivery-event.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The delivery cache (docs/decisions/028-delivery-cache.md) on a served app over the simulators:
 * SuperShip calls counted by the simulator; applyEvent and setPushed called on the real cache,
 * as the webhook route and the registration mutation do.
 */

const CACHE_ON = { DELIVERY_CACHE_TTL_MS: "30000", DELIVERY_CACHE_PUSHED_TTL_MS: "3600000", DELIVERY_CACHE_TERMINAL_TTL_MS: "86400000" };
const [shop] = SUPERSHIP_DEMO.accounts;
const shipped = shippedStoreOrderIds(shop.shopCode);

let sims: Simulators;
let api: Api;
let clock = Date.now();
const now = () => clock;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: CACHE_ON, now });
});
afterAll(async () => {
  await api?.close();
  await sims?.close();
});
beforeEach(() => sims.supership.control.clearCounters());

const orderInfoCalls = () => sims.supership.control.counts().byEndpoint.orderInfo ?? 0;
const cache = (target: Api = api) => {
  if (!target.deps.deliveryCache) throw new Error("the delivery cache is off");
  return target.deps.deliveryCache;
};

function statusEvent(tenantId: string, code: string, soc: string, over: Partial<DeliveryEvent> = {}): DeliveryEvent {
  return deliveryEvent(tenantId, { code, soc, status: "12", statusName: "Đã Giao Hàng Toàn Bộ", pushedAt: new Date(clock).toISOString(), receivedAt: clock, ...over });
}

/** The `index`-th seeded shipped order: its soc and its delivery as `target` answers it. */
async function shippedDelivery(target: Api, apiKey: string, index = 0) {
  const soc = shipped[index]!;
  const res = await target.as(apiKey).OrderDeliveryStatus({ storeOrderId: soc });
  const delivery = res.order?.delivery;
  if (!delivery) throw new Error(`seeded order ${soc} has no delivery`);
  return { soc, ...delivery };
}

describe("the Dashboard with the tenant's webhook registered (setPushed true)", () => {
  it("a second run makes no SuperShip call and answers the same, also past the short TTL", async () => {
    const { apiKey, tenantId, sdk } = await connectedTenant(api, "Pushed dashboard");
    await cache().setPushed(tenantId, true);
    const cold = await sdk.Dashboard({ first: 50 });
    const socs = new Set(cold.orders!.edges.map((e) => e.node.storeOrderId));
    expect(orderInfoCalls()).toBe(socs.size);
    expect(cold.orders!.edges.filter((e) => e.node.delivery).length).toBeGreaterThan(0);

    sims.supership.control.clearCounters();
    const warm = await api.as(apiKey).Dashboard({ first: 50 });
    expect(orderInfoCalls()).toBe(0);
    expect(warm).toEqual(cold);

    clock += 31_000;
    expect(await sdk.Dashboard({ first: 50 })).toEqual(cold);
    expect(orderInfoCalls()).toBe(0);
  });
});

describe("applyEvent", () => {
  it("changes what order { delivery { status } } answers, with no SuperShip call; an older event changes nothing", async () => {
    const { apiKey, tenantId } = await connectedTenant(api, "Events");
    await cache().setPushed(tenantId, true);
    const before = await shippedDelivery(api, apiKey);
    expect(before.statusCode).not.toBe("12");

    sims.supership.control.clearCounters();
    await cache().applyEvent(statusEvent(tenantId, before.code, before.soc, { type: "update_weight", weightGrams: 1_234, shipmentFee: 45_000 }));
    const after = (await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: before.soc })).order?.delivery;
    expect(after).toMatchObject({ code: before.code, status: "DELIVERED", statusCode: "12", weightGrams: 1_234 });
    const journey = (await api.as(apiKey).DeliveryStatusByCode({ code: before.code })).delivery!.events;
    expect(journey.at(-1)).toMatchObject({ description: "Đã Giao Hàng Toàn Bộ", location: null, status: "DELIVERED" });

    // Pushed before the state the entry holds: refused.
    await cache().applyEvent(
      statusEvent(tenantId, before.code, before.soc, { status: "15", statusName: "Không Giao Được", pushedAt: new Date(clock - 60_000).toISOString() }),
    );
    expect((await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: before.soc })).order?.delivery?.statusCode).toBe("12");
    expect(orderInfoCalls()).toBe(0);
  });

  it("an event for a delivery the cache does not hold drops its soc's lookup: the next read asks SuperShip", async () => {
    const { apiKey, tenantId } = await connectedTenant(api, "Unknown code");
    await cache().setPushed(tenantId, true);
    const d = await shippedDelivery(api, apiKey, 1);
    sims.supership.control.clearCounters();
    await cache().applyEvent(statusEvent(tenantId, "SGNSNEWONE.1", d.soc));
    await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: d.soc });
    expect(orderInfoCalls()).toBe(1);
  });
});

describe("without a registered webhook", () => {
  it("an entry is served for DELIVERY_CACHE_TTL_MS, then one SuperShip call refreshes it", async () => {
    const { apiKey } = await connectedTenant(api, "Polling");
    const d = await shippedDelivery(api, apiKey, 2);
    expect(orderInfoCalls()).toBe(1);
    clock += 29_000;
    await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: d.soc });
    expect(orderInfoCalls()).toBe(1);
    clock += 2_000;
    await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: d.soc });
    expect(orderInfoCalls()).toBe(2);
  });
});

describe("live: true", () => {
  it("asks SuperShip once and refreshes the entry", async () => {
    const { apiKey, tenantId } = await connectedTenant(api, "Live");
    await cache().setPushed(tenantId, true);
    const real = await shippedDelivery(api, apiKey, 3);
    await cache().applyEvent(statusEvent(tenantId, real.code, real.soc));
    clock += 1_000; // the live call starts after the event was pushed
    sims.supership.control.clearCounters();

    const live = (await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: real.soc, live: true })).order?.delivery;
    expect(orderInfoCalls()).toBe(1);
    expect(live?.statusCode).toBe(real.statusCode);
    // The refreshed entry is what the cache answers now.
    expect((await api.as(apiKey).OrderDeliveryStatus({ storeOrderId: real.soc })).order?.delivery?.statusCode).toBe(real.statusCode);
    expect(orderInfoCalls()).toBe(1);
    expect((await api.as(apiKey).DeliveryStatusByCode({ code: real.code, live: true })).delivery?.statusCode).toBe(real.statusCode);
    expect(orderInfoCalls()).toBe(2);
  });
});

describe("tenant isolation", () => {
  it("tenant B never sees tenant A's entry, even for the same SuperShip shop and code", async () => {
    const a = await connectedTenant(api, "Tenant A");
    const b = await connectedTenant(api, "Tenant B");
    await cache().setPushed(a.tenantId, true);
    await cache().setPushed(b.tenantId, true);
    const d = await shippedDelivery(api, a.apiKey, 4);
    await cache().applyEvent(statusEvent(a.tenantId, d.code, d.soc));
    // An event naming B changes nothing B can read: B holds no entry for the code.
    await cache().applyEvent(statusEvent(b.tenantId, d.code, d.soc, { status: "0", statusName: "Huỷ" }));
    expect((await b.sdk.KnownDeliveries({ first: 10 })).deliveries?.totalCount).toBe(0);
    sims.supership.control.clearCounters();

    const seenByB = (await b.sdk.OrderDeliveryStatus({ storeOrderId: d.soc })).order?.delivery;
    expect(orderInfoCalls()).toBe(1);
    expect(seenByB?.statusCode).toBe(d.statusCode);
    expect((await a.sdk.OrderDeliveryStatus({ storeOrderId: d.soc })).order?.delivery?.statusCode).toBe("12");
    expect((await a.sdk.KnownDeliveries({ first: 10 })).deliveries?.edges.map((e) => e.node.code)).toEqual([d.code]);
  });
});

describe("one order, many deliveries", () => {
  /** An unshipped order of the demo merchant to Hồ Chí Minh (no seeded delivery has its soc). */
  async function hcmOrder(sdk: ReturnType<Api["as"]>) {
    for (let after: string | null | undefined; ; ) {
      const { orders } = await sdk.DeliveryCandidateOrders({ first: 50, after });
      const hit = orders!.edges
        .map((e) => e.node)
        .find((o) => o.shippingAddress?.countryCode === "VN" && o.shippingAddress.city === "Ho Chi Minh" && !shipped.includes(o.storeOrderId));
      if (hit) return hit;
      if (!orders!.pageInfo.hasNextPage) throw new Error("the demo merchant has no unshipped order to Ho Chi Minh");
      after = orders!.pageInfo.endCursor;
    }
  }

  it("createDelivery refuses a second active delivery unless allowAdditional; Order.deliveries lists both, newest first", async () => {
    const { sdk } = await connectedTenant(api, "Rebooking");
    const order = await hcmOrder(sdk);
    const warehouseCode = (await sdk.Warehouses()).warehouses!.find((w) => w.primary)!.code;
    const input = (over: object = {}) => ({
      idempotencyKey: randomUUID(),
      orderId: order.orderId,
      warehouseCode,
      receiver: { district: "Quận 1", commune: "Bến Nghé" },
      ...over,
    });
    const book = async (over: object = {}) => (await sdk.CreateDelivery({ input: input(over) })).createDelivery;

    const first = await book();
    if (first.__typename !== "MutationCreateDeliverySuccess") throw new Error(first.__typename);
    await fetch(`${sims.supership.url}/__sim/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 60_000 }), headers: { "content-type": "application/json" } });
    sims.supership.control.clearCounters();
    expect(await book()).toMatchObject({ __typename: "ActiveDeliveryExistsError", existingCode: first.data.code, senderOrderCode: order.storeOrderId });
    expect(sims.supership.control.counts().byEndpoint.createOrder ?? 0).toBe(0);

    const second = await book({ allowAdditional: true });
    if (second.__typename !== "MutationCreateDeliverySuccess") throw new Error(second.__typename);
    expect(second.data.code).not.toBe(first.data.code);

    const read = (await sdk.OrderDeliveries({ orderId: order.orderId })).order!;
    expect(read.delivery?.code).toBe(second.data.code);
    expect(read.deliveries?.map((d) => d.code)).toEqual([second.data.code, first.data.code]);
    const listed = (await sdk.KnownDeliveries({ first: 10, senderOrderCode: order.storeOrderId })).deliveries!;
    expect(listed.edges.map((e) => e.node.code)).toEqual([second.data.code, first.data.code]);
    expect(listed.totalCount).toBe(2);

    // Once both are cancelled (terminal), a new booking needs no flag.
    for (const d of [first.data, second.data]) expect((await sdk.CancelDelivery({ code: d.code })).cancelDelivery.__typename).toBe("MutationCancelDeliverySuccess");
    expect((await book()).__typename).toBe("MutationCreateDeliverySuccess");
    expect((await sdk.OrderDeliveries({ orderId: order.orderId })).order!.deliveries).toHaveLength(3);
  });
});

const redisUrl = process.env.REDIS_URL;
describe.skipIf(!redisUrl)("on Redis (REDIS_URL), shared by two replicas", () => {
  let backend: ReturnType<typeof redisBackend>;
  let replicas: Api[] = [];
  beforeAll(async () => {
    backend = redisBackend(redisUrl!);
    const key = generateKey();
    const open = () => backend.open({ cipher: createCipher(key), now });
    replicas = [
      await startApi({ urls: sims.urls, env: { ...CACHE_ON, REDIS_URL: redisUrl! }, now, store: open(), encryptionKey: key }),
      await startApi({ urls: sims.urls, env: { ...CACHE_ON, REDIS_URL: redisUrl! }, now, store: open(), encryptionKey: key }),
    ];
  });
  afterAll(async () => {
    for (const r of replicas) {
      await r.close();
      await r.store.close();
    }
    await backend?.dispose();
  });

  it("replica 2 answers the Dashboard replica 1 warmed with no SuperShip call, and an event applied on one shows on the other", async () => {
    const [one, two] = replicas as [Api, Api];
    const { apiKey, tenantId } = await connectedTenant(one, "Replicated");
    await cache(one).setPushed(tenantId, true);
    const cold = await one.as(apiKey).Dashboard({ first: 50 });
    expect(orderInfoCalls()).toBeGreaterThan(0);
    sims.supership.control.clearCounters();
    expect(await two.as(apiKey).Dashboard({ first: 50 })).toEqual(cold);
    expect(orderInfoCalls()).toBe(0);

    const d = await shippedDelivery(one, apiKey, 5);
    await cache(one).applyEvent(statusEvent(tenantId, d.code, d.soc));
    sims.supership.control.clearCounters();
    expect((await two.as(apiKey).OrderDeliveryStatus({ storeOrderId: d.soc })).order?.delivery?.statusCode).toBe("12");
    expect(orderInfoCalls()).toBe(0);
  });
});
