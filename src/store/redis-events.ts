import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import { REDIS_CLIENT_OPTIONS } from "./redis.js";

/**
 * The delivery events' bus across replicas: Redis pub/sub through Yoga's event target, on two
 * connections of its own (a subscribed connection can do nothing else). Reconnects by itself;
 * an event published while Redis is away is lost for live subscribers only — the webhook route
 * has stored it already.
 */
export function connectRedisEventTarget<TEvent extends CustomEvent>(url: string): { eventTarget: ReturnType<typeof createRedisEventTarget<TEvent>>; close(): Promise<void> } {
  // The store's client settings: fail fast while Redis is away, reconnect at least once a second.
  const [publishClient, subscribeClient] = [new Redis(url, REDIS_CLIENT_OPTIONS), new Redis(url, REDIS_CLIENT_OPTIONS)];
  for (const client of [publishClient, subscribeClient]) client.on("error", () => {}); // outages show in the store's STORE_UNAVAILABLE and /readyz
  return {
    eventTarget: createRedisEventTarget<TEvent>({ publishClient, subscribeClient }),
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
