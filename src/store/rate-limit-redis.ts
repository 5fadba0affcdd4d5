import { createHash } from "node:crypto";
import { Redis } from "ioredis";

/**
 * A Redis connection shaped as hono-rate-limiter's RedisStore wants its client (the
 * @upstash/redis call style: `evalsha(sha, keys, args)`), over ioredis, so the abuse limits'
 * counters are shared by every replica (docs/decisions/023-abuse-limits.md). Its own
 * connection, not the store's: a burst of counted requests never queues behind token reads.
 *
 * `scriptLoad` only hashes the script here, and `evalsha` falls back to EVAL when Redis does not
 * know it (NOSCRIPT: a restarted or flushed Redis). The store loads its scripts once, at
 * construction, and its `get` never reloads: a load that failed because Redis was down at start
 * would otherwise disable the lockout until the process restarts.
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
  // No offline queue and one retry: while Redis is away a count fails at once and the request
  // goes on uncounted (src/http/rate-limit-store.ts) instead of waiting for a reconnect.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // Each command fails on its own and the limits log that; without a listener ioredis prints every failed reconnect.
  redis.on("error", () => {});
  // Without the queue, a command sent before the first connection is up would fail: the first
  // ones wait for that attempt's outcome (connected or not), later ones never wait.
  const firstAttempt = new Promise<void>((resolve) => {
    redis.once("ready", () => resolve());
    redis.once("error", () => resolve());
  });
  const scripts = new Map<string, string>();
  let quitting: Promise<unknown> | undefined;
  return {
    client: {
      scriptLoad: async (script) => {
        const sha = createHash("sha1").update(script).digest("hex");
        scripts.set(sha, script);
        return sha;
      },
      evalsha: async <TArgs extends unknown[], TData>(sha1: string, keys: string[], args: TArgs) => {
        await firstAttempt;
        const rest = [...keys, ...(args as (string | number)[])];
        try {
          return (await redis.evalsha(sha1, keys.length, ...rest)) as TData;
        } catch (e) {
          const script = scripts.get(sha1);
          if (!script || !(e instanceof Error) || !e.message.startsWith("NOSCRIPT")) throw e;
          return (await redis.eval(script, keys.length, ...rest)) as TData;
        }
      },
      decr: async (key) => {
        await firstAttempt;
        return redis.decr(key);
      },
      del: async (key) => {
        await firstAttempt;
        return redis.del(key);
      },
    },
    async close() {
      await (quitting ??= redis.quit().catch(() => redis.disconnect()));
    },
  };
}
