import { describe, expect, it } from "vitest";
import { createDeliveryEvents, type DeliveryEvent, type DeliveryEventTarget } from "../../src/resolvers/delivery-events.js";
import { connectRedisEventTarget } from "../../src/store/redis-events.js";
import { deliveryEvent } from "../support/delivery-event.js";

/** The delivery events' bus (issue 15): per tenant, in one process or across replicas through Redis. */

const event = (tenantId: string, code: string) => deliveryEvent(tenantId, { code, receivedAt: 0 });

/** The first `n` events the iterable yields, then it is closed. */
async function take(events: AsyncIterable<DeliveryEvent>, n: number): Promise<DeliveryEvent[]> {
  const out: DeliveryEvent[] = [];
  for await (const e of events) if (out.push(e) >= n) break;
  return out;
}

describe("delivery events", () => {
  it("in one process, a subscriber gets its own tenant's events only", async () => {
    const bus = createDeliveryEvents();
    const a = take(bus.subscribe("tenant-a"), 2);
    bus.publish(event("tenant-b", "B1"));
    bus.publish(event("tenant-a", "A1"));
    bus.publish(event("tenant-b", "B2"));
    bus.publish(event("tenant-a", "A2"));
    expect((await a).map((e) => e.code)).toEqual(["A1", "A2"]);
  });

  it.runIf(process.env.REDIS_URL)("across two replicas on Redis: published on one, delivered on the other, per tenant", async () => {
    const url = process.env.REDIS_URL!;
    const [one, two] = [connectRedisEventTarget<CustomEvent>(url), connectRedisEventTarget<CustomEvent>(url)];
    try {
      const [replica1, replica2] = [createDeliveryEvents(one.eventTarget as DeliveryEventTarget), createDeliveryEvents(two.eventTarget as DeliveryEventTarget)];
      const tenant = `t-${Date.now()}`;
      const received = take(replica2.subscribe(tenant), 1);
      // The subscription reaches Redis asynchronously: publish until it lands (each publish is one message).
      let got: DeliveryEvent[] | undefined;
      received.then((r) => (got = r));
      for (let i = 0; i < 100 && !got; i++) {
        replica1.publish(event(`${tenant}-other`, "NOT-MINE"));
        replica1.publish(event(tenant, `MINE-${i}`));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(got?.[0]?.tenantId).toBe(tenant);
      expect(got?.[0]?.code).toMatch(/^MINE-/);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
