import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
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
    counted.push(badKey(attacker));
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

/** A redis-server of the test's own on a free port, so it can be stopped and flushed without touching the shared one. */
async function ownRedis(port: number): Promise<{ stop: () => Promise<void> }> {
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const probe = new Redis(port, "127.0.0.1", { maxRetriesPerRequest: 50, retryStrategy: () => 50 });
  probe.on("error", () => {});
  await probe.ping();
  await probe.quit();
  return {
    stop: async () => {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const badKey = (address: string) => `fg:rl:bad:${address.replace(/::1$/, "::")}/64`;

describe.skipIf(!url)("abuse limits when their Redis goes away and comes back", () => {
  let sims: Simulators;
  let api: Api;
  let port: number;
  let redis: { stop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    sims = await startSimulators();
    port = await freePort();
    api = await startApi({ urls: sims.urls, env: { REDIS_URL: `redis://127.0.0.1:${port}`, TRUSTED_PROXIES: "loopback", RATE_LIMIT_BAD_CREDENTIALS: "3" } });
  });
  afterAll(async () => {
    await api?.close();
    await redis?.stop();
    await sims?.close();
  });

  it("uncounted while Redis is down, counting once it is up (no restart), through a script flush, and failing open when it stops again", async () => {
    const early = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await graphql(api, { key: bogusKey(), address: early })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    redis = await ownRedis(port);
    const admin = new Redis(port, "127.0.0.1");
    // The app's connection comes back on its own schedule: refused keys from a probe address until one is counted.
    const probe = nextAddress();
    let reconnected = false;
    for (let i = 0; i < 200 && !reconnected; i++) {
      await graphql(api, { key: bogusKey(), address: probe });
      reconnected = (await admin.get(badKey(probe))) !== null;
      if (!reconnected) await new Promise((r) => setTimeout(r, 50));
    }
    expect(reconnected).toBe(true);

    const attacker = nextAddress();
    for (let i = 0; i < 3; i++) expect((await graphql(api, { key: bogusKey(), address: attacker })).status).toBe(401);
    expectRateLimited(await graphql(api, { key: bogusKey(), address: attacker }));

    // A restarted or flushed Redis has forgotten the limiter's scripts: the counts still work.
    await admin.script("FLUSH");
    expectRateLimited(await graphql(api, { key: bogusKey(), address: attacker }));
    const next = nextAddress();
    for (let i = 0; i < 3; i++) expect((await graphql(api, { key: bogusKey(), address: next })).status).toBe(401);
    expectRateLimited(await graphql(api, { key: bogusKey(), address: next }));
    await admin.quit();

    await redis.stop();
    redis = undefined;
    expect((await graphql(api, { key: bogusKey(), address: attacker })).status).toBe(401);
    expect(api.logs.filter((l) => l.includes("rate limit counter unavailable")).length).toBeGreaterThan(0);
  });
});
