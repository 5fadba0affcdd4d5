import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "../../src/auth/api-keys.js";
import { loadConfig } from "../../src/config.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/types.js";
import { type Answer, expectRateLimited, graphql, nextAddress } from "../support/rate-limits.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The abuse limits (docs/decisions/023-abuse-limits.md) over real HTTP. Client addresses are
 * simulated with X-Forwarded-For from loopback, which the APIs with TRUSTED_PROXIES=loopback
 * believe (the right-most untrusted hop); each test uses addresses of its own.
 */

const SECRET = "subgraph-secret-for-rate-limit-tests";
const bogusKey = () => `fg_${generateApiKey().keyId}_${"x".repeat(43)}`;

let sims: Simulators;
/** The default limits (100 refused credentials per address per 15 min), the subgraph on. */
let api: Api;
let keyReads = 0;
let counted: Store;
/** Small per-key (5) and per-address (10) limits. */
let small: Api;
/** No trusted proxy: X-Forwarded-For is ignored, the socket's address counts. */
let direct: Api;
/** Every limit off. */
let off: Api;

beforeAll(async () => {
  sims = await startSimulators();
  // Counts the API-key lookups, to show a locked-out address costs none.
  const encryptionKey = generateKey();
  const inner = createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey) });
  counted = { ...inner, getApiKey: (id) => (keyReads++, inner.getApiKey(id)) };
  [api, small, direct, off] = await Promise.all([
    startApi({ urls: sims.urls, store: counted, encryptionKey, env: { TRUSTED_PROXIES: "loopback", SUBGRAPH_SECRET: SECRET } }),
    startApi({ urls: sims.urls, env: { TRUSTED_PROXIES: "loopback", RATE_LIMIT_PER_KEY: "5", RATE_LIMIT_PER_IP: "10" } }),
    startApi({ urls: sims.urls, env: { RATE_LIMIT_BAD_CREDENTIALS: "3" } }),
    startApi({ urls: sims.urls, env: { TRUSTED_PROXIES: "loopback", RATE_LIMIT_PER_IP: "0", RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_BAD_CREDENTIALS: "0" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([api, small, direct, off].map((a) => a?.close()));
  // Passed in, so the API does not close it.
  await counted?.close();
  await sims?.close();
});

describe("refused credentials per client address", () => {
  it("the 101st bad API key from one address in the window is a 429 with Retry-After; a valid key from another address is unaffected", async () => {
    const attacker = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await graphql(api, { key: i % 2 ? bogusKey() : "fg_not-even-a-key", address: attacker })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);

    expectRateLimited(await graphql(api, { key: bogusKey(), address: attacker }));

    const { apiKey } = await createTenant(api.store, "Unaffected");
    const valid = await graphql(api, { key: apiKey, address: nextAddress() });
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({ data: { __typename: "Query" } });
  });

  it("a locked-out address gets 429 for every credential it sends, right or wrong, with no key looked up; requests without one still pass", async () => {
    const attacker = nextAddress();
    for (let i = 0; i < 100; i++) expect((await graphql(api, { key: bogusKey(), address: attacker })).status).toBe(401);
    const { apiKey } = await createTenant(api.store, "Same address");
    const readsBefore = keyReads;

    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) answers.push(await graphql(api, { key: i % 2 ? apiKey : bogusKey(), address: attacker }));
    for (const a of answers) expectRateLimited(a);
    // The answer cannot tell a right key from a wrong one: neither is looked at.
    expect(keyReads - readsBefore).toBe(0);

    const anonymous = await graphql(api, { address: attacker });
    expect(anonymous.status).toBe(200);
  });

  it("bad keys on /graphql, wrong subgraph secrets and bad connect links count together; the router's right secret from another address passes", async () => {
    const attacker = nextAddress();
    for (let i = 0; i < 60; i++) expect((await graphql(api, { key: bogusKey(), address: attacker })).status).toBe(401);
    for (let i = 0; i < 30; i++)
      expect((await graphql(api, { path: "/subgraph", headers: { "x-subgraph-secret": `wrong-${i}-secret-value` }, address: attacker })).status).toBe(403);
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${api.url}/auth/hypersku/start?link=forged.${i}`, { headers: { "x-forwarded-for": attacker }, redirect: "manual" });
      await res.arrayBuffer();
      expect(res.status).toBe(401);
    }

    expectRateLimited(await graphql(api, { path: "/subgraph", headers: { "x-subgraph-secret": "one-more-wrong-secret" }, address: attacker }));
    expectRateLimited(await graphql(api, { path: "/subgraph", headers: { "x-subgraph-secret": SECRET }, address: attacker }));

    const router = await graphql(api, { path: "/subgraph", headers: { "x-subgraph-secret": SECRET }, address: nextAddress() });
    expect(router.status).toBe(200);
    expect(router.body).toEqual({ data: { __typename: "Query" } });
  });

  it("answers in the media type the request accepts, as Yoga does", async () => {
    const attacker = nextAddress();
    for (let i = 0; i < 100; i++) await graphql(api, { key: bogusKey(), address: attacker });
    const answer = await graphql(api, { key: bogusKey(), address: attacker, accept: "application/graphql-response+json, application/json" });
    expectRateLimited(answer);
    expect(answer.contentType).toMatch(/^application\/graphql-response\+json/);
  });

  it("without TRUSTED_PROXIES, X-Forwarded-For is ignored: the socket's address counts", async () => {
    for (let i = 0; i < 3; i++) expect((await graphql(direct, { key: bogusKey(), address: nextAddress() })).status).toBe(401);
    expectRateLimited(await graphql(direct, { key: bogusKey(), address: nextAddress() }));
  });
});

describe("per API key and per address", () => {
  it("the 6th request with one key in the window is a 429; another key from the same address is not", async () => {
    const address = nextAddress();
    const [one, two] = await Promise.all([createTenant(small.store, "Busy"), createTenant(small.store, "Quiet")]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await graphql(small, { key: one.apiKey, address })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const sixth = await graphql(small, { key: one.apiKey, address });
    expectRateLimited(sixth);
    expect(sixth.body.errors[0]?.message).toMatch(/API key/);
    expect((await graphql(small, { key: two.apiKey, address })).status).toBe(200);
  });

  it("requests with a key's public id but a wrong secret do not spend that key's quota", async () => {
    const victim = await createTenant(small.store, "Victim");
    const keyId = victim.apiKey.split("_")[1];
    const forged = `fg_${keyId}_${"y".repeat(43)}`;
    for (let i = 0; i < 8; i++) expect((await graphql(small, { key: forged, address: nextAddress() })).status).toBe(401);

    const address = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await graphql(small, { key: victim.apiKey, address })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it("the 11th request from one address is a 429, whatever the client put left of the proxy's entry; another address is not", async () => {
    const address = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await graphql(small, { address, forwardedPrefix: nextAddress() })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);

    const eleventh = await graphql(small, { address, forwardedPrefix: nextAddress() });
    expectRateLimited(eleventh);
    expect(eleventh.body.errors[0]?.message).toMatch(/address/);
    expect((await graphql(small, { address: nextAddress() })).status).toBe(200);
  });

  it("a limit set to 0 is off: 150 bad keys from one address are all answered 401", async () => {
    const address = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 150; i++) statuses.push((await graphql(off, { key: bogusKey(), address })).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(150);
  });
});

describe("configuration", () => {
  it("in production without TRUSTED_PROXIES, a warning at start says every client would count as the proxy", async () => {
    const logged = async (env: Record<string, string>) => {
      const prod = await startApi({ urls: sims.urls, env: { NODE_ENV: "production", ...env } });
      await prod.close();
      return prod.logs.filter((l) => l.includes("TRUSTED_PROXIES is not set")).length;
    };
    expect(await logged({})).toBe(1);
    expect(await logged({ TRUSTED_PROXIES: "10.0.0.0/8" })).toBe(0);
  });

  it("a TRUSTED_PROXIES entry that is no address, CIDR or named range stops the start naming the variable", () => {
    expect(() => loadConfig({ TRUSTED_PROXIES: "loopback, 10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES.*: each entry must be/);
    expect(loadConfig({ TRUSTED_PROXIES: "loopback, 10.0.0.0/8, 2001:db8::1" }).TRUSTED_PROXIES).toEqual(["loopback", "10.0.0.0/8", "2001:db8::1"]);
  });
});

describe("when the counters are unreachable", () => {
  it("requests go on uncounted (fail open) and a warning says so", async () => {
    // A loopback port nothing listens on: the limits' Redis connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const lost = await startApi({ urls: sims.urls, env: { REDIS_URL: `redis://127.0.0.1:${port}`, TRUSTED_PROXIES: "loopback", RATE_LIMIT_PER_IP: "2" } });
    try {
      const address = nextAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await graphql(lost, { address })).status);
      expect(statuses).toEqual([200, 200, 200, 200]);
      expect(lost.logs.filter((l) => l.includes("rate limit counter unavailable")).length).toBeGreaterThanOrEqual(4);
    } finally {
      await lost.close();
    }
  });
});

describe("metrics", () => {
  it("counts 429s by limit", async () => {
    const text = await (await fetch(`${small.url}/metrics`)).text();
    expect(text).toMatch(/fulfillment_rate_limited_total\{limit="key"\} 1\n/);
    expect(text).toMatch(/fulfillment_rate_limited_total\{limit="ip"\} 1\n/);
  });
});
