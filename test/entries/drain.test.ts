import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { openSse } from "../support/sse.js";
import { createTenant } from "../support/stack.js";
import { freePort, start, waitFor } from "./process.js";

/**
 * SIGTERM during a burst on kept-alive connections (issue 14, ADR 024): the production entry as
 * a real process (run from source with tsx), 30 requests held in flight by the simulator's
 * latency on 30 sockets a client keeps alive. All 30 are answered, each with `Connection: close`;
 * what comes after is refused; the process exits 0 on its own, inside SHUTDOWN_GRACE_MS.
 */

const root = resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "entries-drain-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Answer {
  status: number;
  connection: string | undefined;
  /** Headers the app sets on every answer: still there on the copy that adds Connection: close. */
  nosniff: string | undefined;
  requestId: string | undefined;
  body: string;
  socket: Socket;
  reused: boolean;
}

/** One POST /graphql over `agent`, as an API client with pass-through HyperSKU token would send it. */
function graphql(agent: Agent, port: number, token: string): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      { agent, host: "127.0.0.1", port, method: "POST", path: "/graphql", headers: { "content-type": "application/json", "x-hypersku-token": token } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            connection: res.headers.connection,
            nosniff: res.headers["x-content-type-options"] as string | undefined,
            requestId: res.headers["x-request-id"] as string | undefined,
            body,
            socket: req.socket as Socket,
            reused: req.reusedSocket,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ query: "{ countries { code } }" }));
  });
}

const setLatency = (simUrl: string, fixedMs: number) =>
  fetch(`${simUrl}/__sim/latency`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ fixedMs }) });

describe("SIGTERM on the production entry", () => {
  it("answers all 30 in-flight requests on kept-alive connections with Connection: close, refuses later ones, exits 0", async () => {
    const sim = await startHyperskuSimulator({ port: 0, host: "127.0.0.1", latencyMs: 0, jitterMs: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 30 });
    const port = await freePort();
    const env = {
      ENCRYPTION_KEY: generateKey(),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      HYPERSKU_BASE_URL: sim.url,
      // All 30 calls at the simulator at once: no provider slot queueing in the way.
      PROVIDER_CONCURRENCY: "64",
      PROVIDER_CONCURRENCY_MIN: "64",
      SHUTDOWN_GRACE_MS: "20000",
    };
    const server = start(["--import", "tsx", "src/server.ts"], env, root);
    try {
      const [merchant] = HYPERSKU_DEMO.accounts;
      const login = await fetch(`${sim.url}/api/auth/admin/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: merchant.username, password: merchant.password }),
      });
      const { data } = (await login.json()) as { data: { token: string } };
      await waitFor(`http://127.0.0.1:${port}/healthz`, server, 60_000);

      // Warm-up: 30 overlapping requests open 30 sockets, which the agent then keeps alive.
      await setLatency(sim.url, 500);
      const warm = await Promise.all(Array.from({ length: 30 }, () => graphql(agent, port, data.token)));
      expect(warm.map((a) => a.status)).toEqual(Array(30).fill(200));
      expect(new Set(warm.map((a) => a.socket)).size).toBe(30);
      expect(warm.every((a) => a.connection === "keep-alive")).toBe(true);

      // The burst: 30 requests on those sockets, held at the simulator until after the signal.
      await setLatency(sim.url, 3_000);
      sim.control.clearCounters();
      const burst = Array.from({ length: 30 }, () => graphql(agent, port, data.token));
      const settled: string[] = [];
      for (const b of burst)
        b.then(
          (a) => settled.push(String(a.status)),
          (e: NodeJS.ErrnoException) => settled.push(e.code ?? String(e)),
        );
      try {
        await expect.poll(() => sim.control.counts().byEndpoint.getCountryCode ?? 0, { timeout: 20_000, interval: 50 }).toBe(30);
      } catch (e) {
        // What the process was doing: a count alone does not say whether it held, refused or lost them.
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.text(),
          (err: Error) => err.message,
        );
        throw new Error(`${(e as Error).message}\nanswered: [${settled.join(",")}]\n/readyz: ${ready}\nexit: ${server.child.exitCode}\n${server.output()}`);
      }
      server.child.kill("SIGTERM");
      const answers = await Promise.all(burst);

      expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
      expect(answers.filter((a) => a.reused)).toHaveLength(30);
      expect(answers.filter((a) => a.connection === "close")).toHaveLength(30);
      expect(answers.filter((a) => a.nosniff === "nosniff" && a.requestId)).toHaveLength(30);
      for (const a of answers) expect((JSON.parse(a.body) as { data: { countries: unknown[] } }).data.countries.length).toBeGreaterThan(0);

      // Later requests: no socket is left to reuse and no new one is accepted.
      const later = await Promise.all([
        graphql(agent, port, data.token).then(
          (a) => String(a.status),
          (e: NodeJS.ErrnoException) => e.code,
        ),
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => String(r.status),
          (e: Error & { cause?: { code?: string } }) => e.cause?.code,
        ),
      ]);
      for (const outcome of later) expect(["ECONNREFUSED", "503"]).toContain(outcome);
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toContain("drain not done");
    } finally {
      await server.stop();
      agent.destroy();
      await sim.close();
    }
  }, 90_000);
});

describe("SIGTERM with subscriptions open", () => {
  it("completes the open SSE streams and exits 0 within the grace period (ADR 027)", async () => {
    const dir = join(dataDir, "subscriptions");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const key = generateKey();
    const store = createSqliteStore({ file: join(dir, "fulfillment-graph.sqlite"), cipher: createCipher(key) });
    const { apiKey } = await createTenant(store, "drain subscriber");
    await store.close();
    const port = await freePort();
    const env = { ENCRYPTION_KEY: key, DATA_DIR: dir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", SHUTDOWN_GRACE_MS: "20000" };
    const server = start(["--import", "tsx", "src/server.ts"], env, root);
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, server, 60_000);
      const query = "subscription { deliveryUpdated { code status } }";
      const streams = await Promise.all([1, 2, 3].map(() => openSse(`http://127.0.0.1:${port}/graphql`, { query, headers: { authorization: `Bearer ${apiKey}` } })));
      expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
      for (const s of streams) await s.comments(1); // open: Yoga's first ping arrived
      server.child.kill("SIGTERM");
      for (const s of streams) {
        expect((await s.next())?.event).toBe("complete");
        expect(await s.next()).toBeNull();
      }
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toContain("drain not done");
    } finally {
      await server.stop();
    }
  }, 90_000);
});

describe("readiness while draining", () => {
  it("/readyz answers 200 until drain(), 503 after it, while /healthz stays 200", async () => {
    const key = generateKey();
    const store = createSqliteStore({ file: ":memory:", cipher: createCipher(key) });
    const urls = {
      hyperskuBaseUrl: "http://127.0.0.1:9",
      hyperskuAuthorizeUrl: "http://127.0.0.1:9/auth",
      supershipBaseUrl: "http://127.0.0.1:9",
      supershipLabelUrl: "http://127.0.0.1:9/l",
    };
    const { app, drain, stop } = createApp({ config: loadConfig({ DEMO_MODE: "false", LOG_LEVEL: "silent" }), urls, store, encryptionKey: key });
    try {
      expect((await app.fetch(new Request("http://x/readyz"))).status).toBe(200);
      drain();
      const res = await app.fetch(new Request("http://x/readyz"));
      expect(res.status).toBe(503);
      expect(((await res.json()) as { status: string }).status).toBe("draining");
      expect((await app.fetch(new Request("http://x/healthz"))).status).toBe(200);
    } finally {
      await stop();
      await store.close();
    }
  });
});
