import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe } from "vitest";
import { createRedisStore } from "../../src/store/redis.js";
import { describeStoreContract, type StoreBackend } from "./store-contract.js";

const url = process.env.REDIS_URL;
if (!url) console.warn("REDIS_URL unset: skipping Redis store tests");

describe.skipIf(!url)("redis store", () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(url!);
  });
  afterAll(async () => {
    await admin.quit();
  });

  const keysUnder = async (prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    for await (const batch of admin.scanStream({ match: `${prefix}*`, count: 200 })) keys.push(...(batch as string[]));
    return keys;
  };

  // A random prefix per test: other suites may share this Redis, and each test starts empty.
  const redisBackend = (): StoreBackend => {
    const prefix = `fg-test:${randomUUID()}:`;
    return {
      open: ({ cipher, now }) => createRedisStore({ url: url!, cipher, now, prefix }),
      async rawBytes() {
        const parts: string[] = [];
        for (const key of await keysUnder(prefix)) {
          const type = await admin.type(key);
          parts.push(key);
          if (type === "string") parts.push((await admin.get(key)) ?? "");
          else if (type === "hash") parts.push(...Object.entries(await admin.hgetall(key)).flat());
          else if (type === "set") parts.push(...(await admin.smembers(key)));
          else if (type === "zset") parts.push(...(await admin.zrange(key, 0, -1)));
          else throw new Error(`unexpected Redis type ${type} at ${key}`);
        }
        return Buffer.from(parts.join("\n"), "utf8");
      },
      async dispose() {
        const keys = await keysUnder(prefix);
        if (keys.length) await admin.del(...keys);
      },
    };
  };

  describeStoreContract("redis", redisBackend);
});
