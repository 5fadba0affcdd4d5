import { Redis } from "ioredis";

/**
 * A Redis connection shaped as hono-rate-limiter's RedisStore wants its client (the
 * @upstash/redis call style: `evalsha(sha, keys, args)`), over ioredis, so the abuse limits'
 * counters are shared by every replica (docs/decisions/023-abuse-limits.md). Its own
 * connection, not the store's: a burst of counted requests never queues behind token reads.
 */

export interface RateLimitRedis {
  client: {
    scriptLoad: (script: string) => Promise<string>;
    evalsha: <TArgs extends unknown[], TData = unknown>(sha1: string, keys: string[], args: TArgs) => Promise<TData>;
    decr: (key: string) => Promise<number>;
    del: (key: string) => Promise<number>;
  };
  close(): Promise<void>;
}

export function connectRateLimitRedis(url: string): RateLimitRedis {
  // Few retries: a counter that cannot be reached fails open (src/http/rate-limit-store.ts) rather than holding the request.
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let quitting: Promise<unknown> | undefined;
  return {
    client: {
      scriptLoad: async (script) => String(await redis.script("LOAD", script)),
      evalsha: async <TArgs extends unknown[], TData>(sha1: string, keys: string[], args: TArgs) =>
        (await redis.evalsha(sha1, keys.length, ...keys, ...(args as (string | number)[]))) as TData,
      decr: (key) => redis.decr(key),
      del: (key) => redis.del(key),
    },
    async close() {
      await (quitting ??= redis.quit().catch(() => redis.disconnect()));
    },
  };
}
