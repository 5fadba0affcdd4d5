import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";

/**
 * The delivery events' bus across replicas: Redis pub/sub through Yoga's event target, on two
 * connections of its own (a subscribed connection can do nothing else). Reconnects by itself;
 * an event published while Redis is away is lost for live subscribers only — the webhook route
 * has stored it already.
 */
export function connectRedisEventTarget<TEvent extends CustomEvent>(url: string): { eventTarget: ReturnType<typeof createRedisEventTarget<TEvent>>; close(): Promise<void> } {
  const options = { maxRetriesPerRequest: 0, retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000) };
  const [publishClient, subscribeClient] = [new Redis(url, options), new Redis(url, options)];
  for (const client of [publishClient, subscribeClient]) client.on("error", () => {}); // outages show in the store's STORE_UNAVAILABLE and /readyz
  return {
    eventTarget: createRedisEventTarget<TEvent>({ publishClient, subscribeClient }),
    close: async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
