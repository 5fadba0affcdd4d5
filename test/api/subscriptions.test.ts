import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryUpdatedDocument, type DeliveryUpdatedSubscription } from "../../packages/sdk/src/generated.js";
import type { DeliveryEvent } from "../../src/resolvers/delivery-events.js";
import { deliveryEvent } from "../support/delivery-event.js";
import { openSse, type SseStream } from "../support/sse.js";
import { type Api, createTenant, startApi } from "../support/stack.js";

/**
 * Subscription.deliveryUpdated over SSE on a served app (issue 15 item 3, ADR 027): events are
 * published on the app's real bus (`deps.events`), as the webhook route does; subscribers read
 * them over HTTP. "Receives nothing" is proven by order: a later event of the subscriber's own
 * arrives first.
 */

const NOWHERE = {
  hyperskuBaseUrl: "http://127.0.0.1:9",
  hyperskuAuthorizeUrl: "http://127.0.0.1:9/auth",
  supershipBaseUrl: "http://127.0.0.1:9",
  supershipLabelUrl: "http://127.0.0.1:9/l",
};

const event = (tenantId: string, code: string, extra: Partial<DeliveryEvent> = {}): DeliveryEvent =>
  deliveryEvent(tenantId, { code, status: "4", receivedAt: Date.UTC(2026, 11, 2, 3, 4, 5), ...extra });

type Update = DeliveryUpdatedSubscription["deliveryUpdated"];

let api: Api;
const streams: SseStream[] = [];
const subscribe = async (apiKey: string | null, variables: Record<string, unknown> = {}, extra: Record<string, string> = {}) => {
  const headers = { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...extra };
  const stream = await openSse(`${api.url}/graphql`, { query: DeliveryUpdatedDocument, variables, headers });
  streams.push(stream);
  return stream;
};
const update = async (stream: SseStream): Promise<Update> => {
  const { data, errors } = await stream.result<DeliveryUpdatedSubscription>();
  expect(errors).toBeUndefined();
  return data?.deliveryUpdated as Update;
};

beforeAll(async () => {
  // A request budget far below a stream's life: it bounds provider calls, never an open stream.
  api = await startApi({ urls: NOWHERE, env: { SUBSCRIPTIONS_PER_TENANT: "3", GRAPHQL_REQUEST_BUDGET_MS: "50" } });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await api.close();
});

describe("deliveryUpdated over SSE", () => {
  it("a subscriber gets its tenant's events for the codes it asked for, in the graph's shape", async () => {
    const a = await createTenant(api.store, "subs A");
    const stream = await subscribe(a.apiKey, { codes: ["SGN.1"] });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    await stream.comments(1); // Yoga's first ping: the stream is open
    api.deps.events.publish(event(a.tenantId, "SGN.0"));
    api.deps.events.publish(
      event(a.tenantId, "SGN.1", { type: "update_weight", soc: "SO-1", weightGrams: 1200, shipmentFee: 32000, status: "27", pushedAt: "2026-12-02 10:04:05" }),
    );
    expect(await update(stream)).toEqual({
      kind: "WEIGHT",
      code: "SGN.1",
      senderOrderCode: "SO-1",
      status: "COMPENSATED",
      statusCode: "27",
      statusName: "Đã Lấy Hàng",
      weightGrams: 1200,
      fees: { shipment: { amount: "32000", currency: "VND" }, insurance: null },
      reasonCode: null,
      reasonText: null,
      pushedAt: "2026-12-02 10:04:05",
      receivedAt: "2026-12-02T03:04:05.000Z",
    });
  });

  it("orderIds match the delivery's soc (the order's storeOrderId); with codes too, either matches", async () => {
    const a = await createTenant(api.store, "subs A2");
    const stream = await subscribe(a.apiKey, { orderIds: ["SO-7"], codes: ["SGN.9"] });
    await stream.comments(1);
    api.deps.events.publish(event(a.tenantId, "SGN.5", { soc: "SO-other" }));
    api.deps.events.publish(event(a.tenantId, "SGN.6", { soc: "SO-7" }));
    api.deps.events.publish(event(a.tenantId, "SGN.8"));
    api.deps.events.publish(event(a.tenantId, "SGN.9"));
    expect([(await update(stream)).code, (await update(stream)).code]).toEqual(["SGN.6", "SGN.9"]);
  });

  it("a subscriber of another tenant receives none of A's events: its own later event comes first", async () => {
    const [a, b] = [await createTenant(api.store, "iso A"), await createTenant(api.store, "iso B")];
    const [streamA, streamB] = [await subscribe(a.apiKey), await subscribe(b.apiKey)];
    await Promise.all([streamA.comments(1), streamB.comments(1)]);
    api.deps.events.publish(event(a.tenantId, "A-1"));
    api.deps.events.publish(event(a.tenantId, "A-2"));
    api.deps.events.publish(event(b.tenantId, "B-1"));
    expect((await update(streamB)).code).toBe("B-1");
    expect([(await update(streamA)).code, (await update(streamA)).code]).toEqual(["A-1", "A-2"]);
  });

  it("GET with Accept: text/event-stream works too (with the CSRF header, as for any GET)", async () => {
    const a = await createTenant(api.store, "subs GET");
    const stream = await openSse(`${api.url}/graphql`, {
      method: "GET",
      query: DeliveryUpdatedDocument,
      headers: { authorization: `Bearer ${a.apiKey}`, "x-graphql-yoga-csrf": "1" },
    });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.comments(1);
    api.deps.events.publish(event(a.tenantId, "GET-1"));
    expect((await update(stream)).code).toBe("GET-1");
  });

  it("idle streams get keep-alive pings (Yoga's comment lines; every 300 ms under NODE_ENV=test, 12 s otherwise) and outlive the request budget", async () => {
    const a = await createTenant(api.store, "subs ping");
    const stream = await subscribe(a.apiKey);
    await stream.comments(3);
    api.deps.events.publish(event(a.tenantId, "AFTER-PINGS"));
    expect((await update(stream)).code).toBe("AFTER-PINGS");
  });
});

describe("who may subscribe", () => {
  const expectRefused = async (stream: SseStream, status: number, code: string) => {
    expect(stream.status).toBe(status);
    const { data, errors } = await stream.result();
    expect(data ?? null).toBeNull();
    expect(errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect((await stream.next())?.event).toBe("complete");
  };

  it("no API key: 401 UNAUTHENTICATED", async () => {
    await expectRefused(await subscribe(null), 401, "UNAUTHENTICATED");
  });

  it("an unknown API key: 401 UNAUTHENTICATED", async () => {
    await expectRefused(await subscribe("fg_live_nope.nothing"), 401, "UNAUTHENTICATED");
  });

  it("pass-through tokens (no tenant): refused with the typed UNAUTHENTICATED error", async () => {
    await expectRefused(await subscribe(null, {}, { "x-supership-token": "a-shop-token" }), 401, "UNAUTHENTICATED");
  });

  it("at most SUBSCRIPTIONS_PER_TENANT open per tenant: the next is 429 TOO_MANY_SUBSCRIPTIONS; another tenant is not held; a closed one frees its slot", async () => {
    const [a, b] = [await createTenant(api.store, "cap A"), await createTenant(api.store, "cap B")];
    const open = [await subscribe(a.apiKey), await subscribe(a.apiKey), await subscribe(a.apiKey)];
    for (const s of open) await s.comments(1);
    expect(api.deps.subscriptions.openFor(a.tenantId)).toBe(3);
    const refused = await subscribe(a.apiKey);
    await expectRefused(refused, 429, "TOO_MANY_SUBSCRIPTIONS");
    expect(api.deps.subscriptions.openFor(a.tenantId)).toBe(3);

    const other = await subscribe(b.apiKey);
    expect(other.status).toBe(200);

    open[0]?.close();
    await expect.poll(() => api.deps.subscriptions.openFor(a.tenantId)).toBe(2);
    const again = await subscribe(a.apiKey);
    expect(again.status).toBe(200);
    await again.comments(1);
    api.deps.events.publish(event(a.tenantId, "AFTER-CAP"));
    expect((await update(again)).code).toBe("AFTER-CAP");
  });
});

describe("a client that accepts no stream", () => {
  it("gets 406 (as the graphql-request SDK does), and the slot it took is given back", async () => {
    const a = await createTenant(api.store, "no stream");
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${a.apiKey}` },
        body: JSON.stringify({ query: DeliveryUpdatedDocument }),
      });
      expect(res.status).toBe(406);
    }
    await expect(api.as(a.apiKey).DeliveryUpdated()).rejects.toThrow(/406/);
    expect(api.deps.subscriptions.openFor(a.tenantId)).toBe(0);
    expect((await subscribe(a.apiKey)).status).toBe(200);
  });
});

describe("draining", () => {
  it("drain() completes every open stream and any asked for after it, and gives their slots back", async () => {
    const drained = await startApi({ urls: NOWHERE });
    try {
      const a = await createTenant(drained.store, "drain A");
      const open = await Promise.all(
        [1, 2].map((i) =>
          openSse(`${drained.url}/graphql`, { query: DeliveryUpdatedDocument, variables: { codes: [`D${i}`] }, headers: { authorization: `Bearer ${a.apiKey}` } }),
        ),
      );
      for (const s of open) await s.comments(1);
      expect(drained.deps.subscriptions.openFor(a.tenantId)).toBe(2);
      drained.deps.subscriptions.endAll(); // what createApp's drain() calls
      for (const s of open) {
        expect((await s.next())?.event).toBe("complete");
        expect(await s.next()).toBeNull();
      }
      expect(drained.deps.subscriptions.openFor(a.tenantId)).toBe(0);
      const late = await openSse(`${drained.url}/graphql`, { query: DeliveryUpdatedDocument, headers: { authorization: `Bearer ${a.apiKey}` } });
      expect((await late.next())?.event).toBe("complete");
    } finally {
      await drained.close();
    }
  });
});
