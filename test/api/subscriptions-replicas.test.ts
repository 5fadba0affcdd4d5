import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryUpdatedDocument, type DeliveryUpdatedSubscription } from "../../packages/sdk/src/generated.js";
import type { DeliveryEvent } from "../../src/resolvers/delivery-events.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createRedisStore } from "../../src/store/redis.js";
import type { Store } from "../../src/store/types.js";
import { openSse, type SseStream } from "../support/sse.js";
import { type Api, createTenant, startApi } from "../support/stack.js";

/**
 * Two replicas sharing one Redis (store and REDIS_URL, ADR 027): an event published on replica
 * 1's bus reaches a subscriber on replica 2 over SSE, and only a subscriber of its tenant.
 */

const url = process.env.REDIS_URL;
if (!url) console.warn("REDIS_URL unset: skipping the two-replica subscription test");

const NOWHERE = {
  hyperskuBaseUrl: "http://127.0.0.1:9",
  hyperskuAuthorizeUrl: "http://127.0.0.1:9/auth",
  supershipBaseUrl: "http://127.0.0.1:9",
  supershipLabelUrl: "http://127.0.0.1:9/l",
};

const event = (tenantId: string, code: string): DeliveryEvent => ({
  tenantId,
  code,
  soc: `SO-${code}`,
  type: "update_status",
  status: "12",
  statusName: "Đã Giao Hàng Toàn Bộ",
  weightGrams: 900,
  shipmentFee: 25000,
  insuranceFee: 0,
  reasonCode: null,
  reasonText: null,
  pushedAt: "2026-12-02T10:00:00+07:00",
  receivedAt: Date.now(),
});

describe.skipIf(!url)("subscriptions across replicas (Redis)", () => {
  const prefix = `fg-test:${randomUUID()}:`;
  let store: Store;
  let replicas: [Api, Api];
  const streams: SseStream[] = [];

  beforeAll(async () => {
    const encryptionKey = generateKey();
    store = createRedisStore({ url: url!, cipher: createCipher(encryptionKey), prefix });
    replicas = (await Promise.all([0, 1].map(() => startApi({ urls: NOWHERE, store, encryptionKey, env: { REDIS_URL: url! } })))) as [Api, Api];
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all(replicas.map((r) => r.close()));
    await store.close();
    const admin = new Redis(url!);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  it("published on replica 1, received by the tenant's subscriber on replica 2; the other tenant's subscriber gets only its own", async () => {
    const [one, two] = replicas;
    const [a, b] = [await createTenant(store, "replica A"), await createTenant(store, "replica B")];
    const sub = async (apiKey: string) => {
      const s = await openSse(`${two.url}/graphql`, { query: DeliveryUpdatedDocument, headers: { authorization: `Bearer ${apiKey}` } });
      streams.push(s);
      expect(s.status).toBe(200);
      return s;
    };
    const [streamA, streamB] = [await sub(a.apiKey), await sub(b.apiKey)];
    const codes = async (stream: SseStream) => (await stream.result<DeliveryUpdatedSubscription>()).data?.deliveryUpdated.code;

    // Replica 2 subscribes to Redis asynchronously: publish on replica 1 until the subscriber has one.
    const publishUntilReceived = async (stream: SseStream, tenantId: string, prefix: string) => {
      let got: string | undefined;
      void codes(stream).then((code) => (got = code));
      for (let i = 0; i < 100 && got === undefined; i++) {
        one.deps.events.publish(event(tenantId, `${prefix}-${i}`));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return got;
    };
    expect(await publishUntilReceived(streamB, b.tenantId, "B-probe")).toMatch(/^B-probe-/);
    expect(await publishUntilReceived(streamA, a.tenantId, "A")).toMatch(/^A-/);

    // B was subscribed while every A event went out: all it gets up to its own next event is B's.
    one.deps.events.publish(event(b.tenantId, "B-last"));
    const seenByB: string[] = [];
    while (seenByB.at(-1) !== "B-last") seenByB.push((await codes(streamB)) ?? "");
    expect(seenByB.filter((code) => !code.startsWith("B-"))).toEqual([]);
  });
});
