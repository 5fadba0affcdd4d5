import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createRedisStore } from "../../src/store/redis.js";
import type { Store } from "../../src/store/types.js";
import { connectHyperskuOAuth, simCount } from "../support/oauth.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/** Two API instances (replicas) sharing one Redis store refresh an expired token once between them. */

const url = process.env.REDIS_URL;
if (!url) console.warn("REDIS_URL unset: skipping the two-replica token refresh test");

describe.skipIf(!url)("token refresh across replicas (Redis)", () => {
  const prefix = `fg-test:${randomUUID()}:`;
  let sims: Simulators;
  let store: Store;
  let replicas: Api[];

  beforeAll(async () => {
    sims = await startSimulators();
    const encryptionKey = generateKey();
    store = createRedisStore({ url: url!, cipher: createCipher(encryptionKey), prefix });
    replicas = await Promise.all([0, 1].map(() => startApi({ urls: sims.urls, store, encryptionKey })));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await store.close();
    const admin = new Redis(url!);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
    await sims.close();
  });

  it("50 concurrent requests over two replicas with a rejected token make exactly one refresh call", async () => {
    const [a, b] = replicas as [Api, Api];
    const { apiKey } = await createTenant(store, "Replicated");
    await connectHyperskuOAuth(a, apiKey);
    await fetch(`${sims.hypersku.url}/__sim/hypersku/tokens/expire`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const refreshes = simCount(sims, "hypersku", "refreshToken");

    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).as(apiKey).Countries()));

    expect(results.every((r) => r.countries!.length > 0)).toBe(true);
    expect(simCount(sims, "hypersku", "refreshToken") - refreshes).toBe(1);
  });
});
