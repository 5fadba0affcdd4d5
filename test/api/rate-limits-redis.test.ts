import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../src/auth/api-keys.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createRedisStore } from "../../src/store/redis.js";
import type { Store } from "../../src/store/types.js";
import { expectRateLimited, graphql, nextAddress } from "../support/rate-limits.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Two API instances (replicas) with REDIS_URL share the abuse limits' counts: bad keys sent to
 * either add up to one address's lockout, and one key's requests to either to its quota.
 */

const url = process.env.REDIS_URL;
if (!url) console.warn("REDIS_URL unset: skipping the two-replica rate limit test");

const bogusKey = () => `fg_${generateApiKey().keyId}_${"x".repeat(43)}`;

describe.skipIf(!url)("abuse limits across replicas (Redis)", () => {
  const prefix = `fg-test:${randomUUID()}:`;
  const counted: string[] = [];
  let sims: Simulators;
  let store: Store;
  let replicas: [Api, Api];

  beforeAll(async () => {
    sims = await startSimulators();
    const encryptionKey = generateKey();
    store = createRedisStore({ url: url!, cipher: createCipher(encryptionKey), prefix });
    const env = { REDIS_URL: url!, TRUSTED_PROXIES: "loopback", RATE_LIMIT_PER_KEY: "6" };
    replicas = (await Promise.all([0, 1].map(() => startApi({ urls: sims.urls, store, encryptionKey, env })))) as [Api, Api];
  });
  afterAll(async () => {
    await Promise.all(replicas?.map((r) => r.close()) ?? []);
    await store?.close();
    const admin = new Redis(url!);
    const keys = [...(await admin.keys(`${prefix}*`)), ...counted];
    if (keys.length) await admin.del(...keys);
    await admin.quit();
    await sims?.close();
  });

  it("50 bad keys to each replica from one address: the 101st, to either, is a 429; a valid key from another address passes on both", async () => {
    const [a, b] = replicas;
    const attacker = nextAddress();
    counted.push(`fg:rl:bad:${attacker.replace(/::1$/, "::")}/64`);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await graphql(i % 2 ? a : b, { key: bogusKey(), address: attacker })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);

    expectRateLimited(await graphql(a, { key: bogusKey(), address: attacker }));
    expectRateLimited(await graphql(b, { key: bogusKey(), address: attacker }));

    const { apiKey } = await createTenant(store, "Unaffected");
    const other = nextAddress();
    for (const replica of replicas) expect((await graphql(replica, { key: apiKey, address: other })).status).toBe(200);

    // The count is Redis's, not either process's.
    const admin = new Redis(url!);
    expect(await admin.get(counted[0]!)).toBe("100");
    await admin.quit();
  });

  it("one key's requests to both replicas share its quota of 6", async () => {
    const [a, b] = replicas;
    const { apiKey } = await createTenant(store, "Busy");
    counted.push(`fg:rl:key:${apiKey.split("_")[1]}`);
    const address = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await graphql(i % 2 ? a : b, { key: apiKey, address })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

    expectRateLimited(await graphql(a, { key: apiKey, address }));
    expectRateLimited(await graphql(b, { key: apiKey, address }));
  });
});
