import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/types.js";
import { freePort } from "../entries/process.js";
import { type Api, connectedTenant, findSecrets, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The store going away and coming back (issue 14, ADR 024): a redis-server of the test's own on a
 * free port is the API's store, opened as the entries open it (createStore with REDIS_URL). While
 * it is down a request is HTTP 503 with a JSON GraphQL error STORE_UNAVAILABLE that names no
 * address; started again on the same port, the next request succeeds, with no restart of the API.
 */

const dir = mkdtempSync(join(tmpdir(), "store-unavailable-"));
let port = 0;
let redisUrl = "";
let redis: ChildProcess | undefined;
let sims: Simulators;
let store: Store;
let api: Api;
const encryptionKey = generateKey();

/** redis-server on `port`, no automatic persistence; `dir` keeps what SAVE writes, loaded again at start. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString("utf8");
      if (out.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${out}`)));
  });
  return child;
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

beforeAll(async () => {
  port = await freePort();
  redisUrl = `redis://127.0.0.1:${port}`;
  redis = await startRedis();
  sims = await startSimulators();
  store = createStore({ REDIS_URL: redisUrl, DATA_DIR: dir }, createCipher(encryptionKey));
  api = await startApi({ urls: sims.urls, store, encryptionKey });
}, 30_000);

afterAll(async () => {
  await api?.close();
  await store?.close();
  await sims?.close();
  await stopRedis(redis);
  rmSync(dir, { recursive: true, force: true });
});

const countries = (apiKey: string) =>
  fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: "{ countries { code } }" }),
  });

describe("an unreachable store", () => {
  it("answers 503 STORE_UNAVAILABLE while Redis is down, and serves again once it is back, without a restart", async () => {
    const { apiKey } = await connectedTenant(api, "Store outage", 0, { supership: false });
    const before = await countries(apiKey);
    expect(before.status).toBe(200);
    expect(((await before.json()) as { data: { countries: unknown[] } }).data.countries.length).toBeGreaterThan(0);

    // What the tenant has (key, connection) survives the restart: written to dir, loaded at start.
    const admin = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
    await admin.save();
    admin.disconnect();
    await stopRedis(redis);

    const down = await countries(apiKey);
    const text = await down.text();
    expect(down.status).toBe(503);
    expect(down.headers.get("content-type")).toMatch(/json/);
    const body = JSON.parse(text) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions.code).toBe("STORE_UNAVAILABLE");
    expect(body.data ?? null).toBeNull();
    // Nothing about where the store is or how to reach it.
    expect(findSecrets(text, [redisUrl, `127.0.0.1:${port}`, String(port), encryptionKey])).toEqual([]);
    expect(text).not.toMatch(/redis|ECONNREFUSED|stack/i);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(503);
    // Logged once at warn, as the store's failure, never as the client's.
    expect(api.logs.filter((l) => l.includes('"msg":"store unavailable"'))).toHaveLength(1);

    redis = await startRedis();
    const after = await countries(apiKey);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { data: { countries: unknown[] } }).data.countries.length).toBeGreaterThan(0);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
  }, 60_000);
});
