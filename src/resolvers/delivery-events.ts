import { createPubSub, type PubSub } from "graphql-yoga";
import type { DeliveryEventRecord } from "../store/types.js";

/**
 * What SuperShip pushed about one delivery (a webhook, docs/providers/supership.md §6), once
 * accepted for a tenant: the unit the webhook route stores, the delivery cache applies and the
 * subscriptions deliver (issue 15). Plain data: it crosses Redis pub/sub between replicas. The
 * store keeps exactly these fields (src/store/types.ts), so it is the store's record type.
 */
export type DeliveryEvent = DeliveryEventRecord;

type Topics = Record<`delivery:${string}`, [DeliveryEvent]>;
export type DeliveryEventTarget = NonNullable<Parameters<typeof createPubSub<Topics>>[0]>["eventTarget"];

/**
 * The bus every replica shares: in this process, or across replicas through Redis pub/sub
 * (`@graphql-yoga/redis-event-target`, built in src/store/redis-events.ts) when REDIS_URL is
 * set. One topic per tenant, so a subscriber can only ever be handed its own tenant's events.
 */
export function createDeliveryEvents(eventTarget?: DeliveryEventTarget) {
  const pubsub: PubSub<Topics> = createPubSub<Topics>(eventTarget ? { eventTarget } : undefined);
  return {
    publish: (event: DeliveryEvent): void => pubsub.publish(`delivery:${event.tenantId}`, event),
    /** Every event of `tenantId` published from now on, on any replica sharing the bus. */
    subscribe: (tenantId: string): AsyncIterable<DeliveryEvent> => pubsub.subscribe(`delivery:${tenantId}`),
  };
}
export type DeliveryEvents = ReturnType<typeof createDeliveryEvents>;

/**
 * What the webhook side tells the delivery cache (issue 15 item 4). The cache keeps entries of a
 * tenant whose webhook is registered valid until the next event (with a long safety TTL), and
 * for a tenant without one only briefly; the webhook route and the registration mutations call
 * these, the cache (AppDeps.deliveryCache) implements them.
 */
export interface DeliveryCacheHooks {
  /** An accepted, not duplicate, webhook event: update the delivery's entry (status, weight, fees). */
  applyEvent(event: DeliveryEvent): Promise<void>;
  /** The tenant's webhook is registered with our URL (true) or no longer reaches us (false). */
  setPushed(tenantId: string, pushed: boolean): Promise<void>;
}
