import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CreateDeliveryInput, DeliveryUpdatedDocument, type DeliveryUpdatedSubscription } from "../../packages/sdk/src/generated.js";
import { deliveryEvent } from "../support/delivery-event.js";
import { openSse, type SseStream } from "../support/sse.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The push half end to end on real HTTP (issue 15): a delivery booked through the graph, moved
 * in the simulator, whose webhook the simulator POSTs to our route; the tenant's SSE subscriber
 * gets the update, another tenant's gets nothing, and the next read of the order answers the new
 * status from the delivery cache the webhook refreshed, with no SuperShip call.
 */

const CACHE_ON = { DELIVERY_CACHE_TTL_MS: "30000", DELIVERY_CACHE_PUSHED_TTL_MS: "3600000", DELIVERY_CACHE_TERMINAL_TTL_MS: "86400000" };
type Update = DeliveryUpdatedSubscription["deliveryUpdated"];

let sims: Simulators;
let api: Api;
const streams: SseStream[] = [];
beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: CACHE_ON });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await api?.close();
  await sims?.close();
});

const subscribe = async (apiKey: string, variables: Record<string, unknown> = {}) => {
  const stream = await openSse(`${api.url}/graphql`, { query: DeliveryUpdatedDocument, variables, headers: { authorization: `Bearer ${apiKey}` } });
  expect(stream.status).toBe(200);
  streams.push(stream);
  return stream;
};
const update = async (stream: SseStream): Promise<Update> => {
  const { data, errors } = await stream.result<DeliveryUpdatedSubscription>();
  expect(errors).toBeUndefined();
  return data?.deliveryUpdated as Update;
};
const supershipCalls = () => sims.supership.control.counts().total;

describe("a SuperShip status change reaches the tenant's subscriber and its next read", () => {
  it("book → move in the simulator → webhook → SSE update for A only → order { delivery { status } } with 0 SuperShip calls", async () => {
    const a = await connectedTenant(api, "Pushed A", 0);
    const b = await connectedTenant(api, "Listening B", 1);
    const registered = await a.sdk.RegisterSupershipWebhook();
    expect(registered.registerSupershipWebhook.__typename).toBe("MutationRegisterSupershipWebhookSuccess");

    // An order of A's without a delivery yet: the booking's sender order code is its store order id.
    const dashboard = await a.sdk.Dashboard({ first: 50 });
    const order = dashboard.orders!.edges.map((e) => e.node).find((o) => !o.delivery)!;
    expect(order).toBeDefined();
    const warehouse = (await a.sdk.Warehouses()).warehouses!.find((w) => w.primary)!.code;
    const input: CreateDeliveryInput = {
      idempotencyKey: `push-e2e-${randomUUID()}`,
      receiver: { name: "Nguyễn Thị Hoa", phone: "0912345678", address: "25 Lũy Bán Bích", province: "Hồ Chí Minh", district: "Tân Phú", commune: "Tân Thới Hòa" },
      warehouseCode: warehouse,
      weightGrams: 800,
      codAmount: 250_000,
      goods: "Áo thun",
      senderOrderCode: order.storeOrderId,
    };
    const booked = await a.sdk.CreateDelivery({ input });
    if (booked.createDelivery.__typename !== "MutationCreateDeliverySuccess") throw new Error(JSON.stringify(booked.createDelivery));
    const code = booked.createDelivery.data.code;

    const [streamA, streamB] = [await subscribe(a.apiKey, { codes: [code] }), await subscribe(b.apiKey)];
    const moved = await fetch(`${sims.supership.url}/__sim/supership/orders/${encodeURIComponent(code)}/advance`, { method: "POST" });
    expect(moved.status).toBe(200);
    const { status } = (await moved.json()) as { status: string };

    // The simulator's POST reached our route: A's subscriber has it.
    const got = await update(streamA);
    expect(got).toMatchObject({ kind: "STATUS", code, senderOrderCode: order.storeOrderId, statusCode: status });
    const delivered = (await (await fetch(`${sims.supership.url}/__sim/supership/webhook-deliveries?settle=1`)).json()) as Array<{
      code: string;
      delivered: boolean;
      url: string;
    }>;
    expect(delivered.filter((d) => d.code === code)).toEqual([expect.objectContaining({ delivered: true, url: expect.stringContaining(`${api.url}/webhooks/supership/`) })]);

    // B got nothing of A's: its own later event is the first thing its stream yields.
    api.deps.events.publish(deliveryEvent(b.tenantId, { code: "B-MARK" }));
    expect((await update(streamB)).code).toBe("B-MARK");

    // The webhook refreshed the cache: the order's delivery answers the new status without asking SuperShip.
    sims.supership.control.clearCounters();
    const read = await a.sdk.OrderDeliveryStatus({ storeOrderId: order.storeOrderId });
    expect(read.order?.delivery).toMatchObject({ code, statusCode: status });
    expect(supershipCalls()).toBe(0);
  });
});
