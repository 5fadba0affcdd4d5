import { type ClientRateLimitInfo, type HonoConfigType, MemoryStore, RedisStore, type Store } from "hono-rate-limiter";
import type { Logger } from "../logger.js";
import type { RateLimitRedis } from "../store/rate-limit-redis.js";

/**
 * Where one abuse limit keeps its counters (docs/decisions/023-abuse-limits.md): in this
 * process (hono-rate-limiter's MemoryStore), or in Redis when REDIS_URL is set (its RedisStore:
 * one Lua INCR + PEXPIRE per hit, so replicas share a count and a window). Either way a fixed
 * window starting at a key's first hit.
 *
 * A counter that cannot be reached fails open: the request goes on uncounted and a warning is
 * logged. The limits protect the service; they must not be the reason it refuses everyone
 * while Redis restarts (the store's own reads then answer for themselves).
 */

export function limitStore(name: string, redis: RateLimitRedis | undefined, logger: Logger): Store {
  const inner: Store = redis ? new RedisStore({ client: redis.client, prefix: `fg:rl:${name}:` }) : new MemoryStore();
  const failed = (op: string) => (err: unknown) => {
    logger.warn({ limit: name, op, err: err instanceof Error ? err.message : String(err) }, "rate limit counter unavailable; request not counted");
  };
  return {
    init: (options: HonoConfigType) => inner.init?.(options),
    async get(key) {
      try {
        return await inner.get?.(key);
      } catch (e) {
        failed("get")(e);
        return undefined;
      }
    },
    async increment(key): Promise<ClientRateLimitInfo> {
      try {
        return await inner.increment(key);
      } catch (e) {
        failed("increment")(e);
        return { totalHits: 0 };
      }
    },
    decrement: (key) => Promise.resolve(inner.decrement(key)).catch(failed("decrement")),
    resetKey: (key) => Promise.resolve(inner.resetKey(key)).catch(failed("reset")),
    shutdown: () => inner.shutdown?.(),
    localKeys: !redis,
  };
}
