import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { generateKey } from "../../src/store/crypto.js";
import { freePort, listeningPorts, start, waitFor } from "./process.js";

/**
 * The built production entry as a real process: `tsc -p tsconfig.build.json` (what
 * `npm run build` runs) into a scratch directory, then `node server.js` from it. The scratch
 * directory sits under node_modules/.cache so the emitted files resolve packages as dist/
 * would. That the pruned install (no devDependencies) runs it is .ci/run's check.
 */

const root = resolve(import.meta.dirname, "../..");
const cacheDir = join(root, "node_modules", ".cache");
let outDir = "";
let dataDir = "";

beforeAll(() => {
  mkdirSync(cacheDir, { recursive: true });
  outDir = mkdtempSync(join(cacheDir, "entries-build-"));
  dataDir = mkdtempSync(join(tmpdir(), "entries-data-"));
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { cwd: root, stdio: "pipe" });
  execFileSync(process.execPath, ["scripts/copy-assets.mjs", outDir], { cwd: root, stdio: "pipe" });
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the built production entry", () => {
  it("emits server.js, its assets, and no demo or simulator code", () => {
    expect(existsSync(join(outDir, "server.js"))).toBe(true);
    expect(existsSync(join(outDir, "http", "persisted-documents.json"))).toBe(true);
    expect(existsSync(join(outDir, "demo"))).toBe(false);
    expect(existsSync(join(outDir, "simulators"))).toBe(false);
  });

  it("answers /healthz, serves GraphiQL, starts no simulator even with DEMO_MODE=true, and drains on SIGTERM", async () => {
    const port = await freePort();
    const env = { ENCRYPTION_KEY: generateKey(), DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", DEMO_MODE: "true", LOG_LEVEL: "warn" };
    const server = start([join(outDir, "server.js")], env, root);
    try {
      const health = await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000);
      expect(await health.json()).toEqual({ status: "ok" });
      // GraphiQL reads dashboard.graphql next to the emitted code: a missing asset is a 500 here.
      const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("query Dashboard");
      expect(server.output()).toContain(`Fulfillment Graph listening on http://127.0.0.1:${port}`);
      expect(server.output()).not.toMatch(/simulator|Demo API key/i);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it("starts with README's memory profile: the node flags its Memory paragraph gives (ADR 038)", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const memory = readme.slice(readme.indexOf("**Memory.**"));
    const flags = /`node ((?:--[\w-]+=\S+ )+)dist\/server\.js`/.exec(memory)?.[1]?.trim().split(" ");
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--heap-growing-percent=\d+$/)]));
    const port = await freePort();
    const env = { ENCRYPTION_KEY: generateKey(), DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", DEMO_MODE: "true", LOG_LEVEL: "warn" };
    // A V8 that no longer knows a flag makes node exit with "bad option" before anything runs.
    const server = start([...(flags ?? []), join(outDir, "server.js")], env, root);
    try {
      expect(await (await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000)).json()).toEqual({ status: "ok" });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it("refuses to start without ENCRYPTION_KEY, naming it", async () => {
    const server = start([join(outDir, "server.js")], { DATA_DIR: dataDir, PORT: String(await freePort()) }, root);
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/^ {2}ENCRYPTION_KEY: required/m);
    expect(server.output()).not.toMatch(/^\s+at /m);
  });
});

/** What a real deployment sets (README, Production): every production check passes with these. */
const production = () => ({
  NODE_ENV: "production",
  ENCRYPTION_KEY: generateKey(),
  PUBLIC_URL: "https://api.example.test",
  HYPERSKU_CLIENT_ID: "acme-app",
  HYPERSKU_CLIENT_SECRET: "acme-app-secret-value",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
});

/** Runs the built entry to its exit; the test fails if it keeps running instead of refusing. */
async function refused(env: Record<string, string>, cwd = root, [entry = "server.js", ...args]: string[] = []) {
  const server = start([join(outDir, entry), ...args], { DATA_DIR: dataDir, PORT: String(await freePort()), ...env }, cwd);
  const code = await server.exited;
  return { code, out: server.output() };
}

const problemNames = (out: string) => [...out.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]).sort();

describe("production mode (NODE_ENV=production) refuses what a deployment cannot run with", () => {
  it("with nothing else set: exits non-zero naming every missing variable in one message, no stack", async () => {
    const { code, out } = await refused({ NODE_ENV: "production" });
    expect(code).toBe(1);
    expect(problemNames(out)).toEqual(["ENCRYPTION_KEY", "HYPERSKU_CLIENT_ID", "HYPERSKU_CLIENT_SECRET", "PUBLIC_URL"]);
    expect(out).toContain("NODE_ENV=production refuses missing settings and demo values");
    expect(out).not.toMatch(/^\s+at /m);
  });

  it("with the demo values: refuses each by name, and never prints the secret", async () => {
    const env = { ...production(), HYPERSKU_CLIENT_ID: "demo-client", HYPERSKU_CLIENT_SECRET: "demo-client-secret", PUBLIC_URL: "http://127.0.0.1:4000" };
    const { code, out } = await refused(env);
    expect(code).toBe(1);
    expect(problemNames(out)).toEqual(["HYPERSKU_CLIENT_ID", "HYPERSKU_CLIENT_SECRET", "PUBLIC_URL", "PUBLIC_URL"]);
    expect(out).toMatch(/HYPERSKU_CLIENT_ID: still the demo value/);
    expect(out).toMatch(/PUBLIC_URL: must be an https URL/);
    expect(out).toMatch(/PUBLIC_URL: must not be a loopback/);
    expect(out).not.toContain(env.ENCRYPTION_KEY);
  });

  it("with partner login switched on: requires the three SuperShip partner settings", async () => {
    const { code, out } = await refused({ ...production(), SUPERSHIP_PARTNER_LOGIN: "true", SUPERSHIP_CLIENT_ID: "partner-app" });
    expect(code).toBe(1);
    expect(problemNames(out)).toEqual(["SUPERSHIP_CLIENT_SECRET", "SUPERSHIP_PARTNER_CODE"]);
  });

  it("a bad ENCRYPTION_KEY is a clean message naming it (no stack, no key), in production and development alike", async () => {
    const bad = "not-a-32-byte-key-but-a-secret-anyway";
    for (const env of [{ ...production(), ENCRYPTION_KEY: bad }, { ENCRYPTION_KEY: bad }]) {
      const { code, out } = await refused(env);
      expect(code).toBe(1);
      expect(out).toMatch(/^Invalid configuration:\n {2}ENCRYPTION_KEY: must be 32 bytes, base64-encoded/);
      expect(out).not.toMatch(/^\s+at |EncryptionKeyError/m);
      expect(out).not.toContain(bad);
    }
  });
});

describe("production mode with a valid configuration", () => {
  it("starts, opens no port but PORT, advertises no GraphiQL, and refuses pass-through tokens by default", async () => {
    const port = await freePort();
    const server = start([join(outDir, "server.js")], { ...production(), DATA_DIR: dataDir, PORT: String(port), DEMO_MODE: "true" }, root);
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000);
      await expect.poll(() => server.output(), { timeout: 5_000 }).toContain("Fulfillment Graph listening on https://api.example.test");
      // Whatever DEMO_MODE says: the one listening socket is the API's (no simulator port).
      expect(listeningPorts(server.child.pid ?? 0)).toEqual([port]);
      // The banner prints only what is served: GraphiQL is off in production, so no GraphiQL line.
      expect(server.output()).not.toMatch(/GraphiQL|simulator|Demo API key/i);
      const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toContain("query Dashboard");
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hypersku-token": "a-token-the-caller-holds" },
        body: JSON.stringify({ query: "{ countries { code } }" }),
      });
      const body = (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
      expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(body.errors?.[0]?.message).toMatch(/ALLOW_PASSTHROUGH_TOKENS/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it("accepts pass-through tokens when ALLOW_PASSTHROUGH_TOKENS=true is set explicitly", async () => {
    const sim = await startHyperskuSimulator({ port: 0, host: "127.0.0.1", latencyMs: 0, jitterMs: 0 });
    const port = await freePort();
    const env = { ...production(), DATA_DIR: dataDir, PORT: String(port), ALLOW_PASSTHROUGH_TOKENS: "true", HYPERSKU_BASE_URL: sim.url };
    const server = start([join(outDir, "server.js")], env, root);
    try {
      const [merchant] = HYPERSKU_DEMO.accounts;
      const login = await fetch(`${sim.url}/api/auth/admin/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: merchant.username, password: merchant.password }),
      });
      const { data } = (await login.json()) as { data: { token: string } };
      await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hypersku-token": data.token },
        body: JSON.stringify({ query: "{ countries { code } }" }),
      });
      const body = (await res.json()) as { data?: { countries: Array<{ code: string }> }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data?.countries.length).toBeGreaterThan(0);
    } finally {
      expect(await server.stop()).toBe(0);
      await sim.close();
    }
  }, 60_000);

  it("loads .env from the current directory; variables already set win", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "entries-dotenv-"));
    try {
      const port = await freePort();
      const { ENCRYPTION_KEY, ...rest } = production();
      // The file holds everything but a bad PORT and LOG_LEVEL that the environment overrides.
      const file = Object.entries({ ...rest, ENCRYPTION_KEY, DATA_DIR: dataDir, PORT: "seventy", LOG_LEVEL: "nonsense" }).map(([k, v]) => `${k}=${v}`);
      writeFileSync(join(cwd, ".env"), `${file.join("\n")}\n`);
      const server = start([join(outDir, "server.js")], { PORT: String(port), LOG_LEVEL: "warn" }, cwd);
      try {
        await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000);
        await expect.poll(() => server.output(), { timeout: 5_000 }).toContain("listening on https://api.example.test");
      } finally {
        expect(await server.stop()).toBe(0);
      }
      // Without the file the same environment is refused: the values did come from .env.
      rmSync(join(cwd, ".env"));
      const { code, out } = await refused({ PORT: String(port) }, cwd);
      expect(code).toBe(1);
      expect(out).toContain("ENCRYPTION_KEY");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("tracing (docs/decisions/015-tracing.md)", () => {
  it("with OTEL_TRACES_EXPORTER=otlp, sends the spans to OTEL_EXPORTER_OTLP_ENDPOINT as OTLP/HTTP protobuf, the last ones on SIGTERM", async () => {
    // A stand-in OTLP receiver on loopback: it keeps what arrives at /v1/traces.
    const received: Array<{ path: string; type: string; key: string; body: Buffer }> = [];
    const sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ path: req.url ?? "", type: req.headers["content-type"] ?? "", key: String(req.headers["x-collector-key"]), body: Buffer.concat(chunks) });
        res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      });
    });
    sink.listen(0, "127.0.0.1");
    await once(sink, "listening");
    const sinkPort = (sink.address() as AddressInfo).port;
    const port = await freePort();
    const env = {
      ENCRYPTION_KEY: generateKey(),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}`,
      OTEL_EXPORTER_OTLP_HEADERS: "x-collector-key=k-123",
      OTEL_SERVICE_NAME: "fg-entry-test",
      // Nothing is exported on a timer within the test: what arrives was flushed by the drain.
      OTEL_BSP_SCHEDULE_DELAY: "600000",
    };
    const server = start([join(outDir, "server.js")], env, root);
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, server, 30_000);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
      expect(res.status).toBe(200);
      expect(received).toEqual([]);
    } finally {
      expect(await server.stop()).toBe(0);
      sink.close();
    }
    expect(received.length).toBeGreaterThan(0);
    const all = Buffer.concat(received.map((r) => r.body));
    expect(received.every((r) => r.path === "/v1/traces" && r.type === "application/x-protobuf" && r.key === "k-123")).toBe(true);
    // Protobuf carries ids as raw bytes and strings as UTF-8: the caller's trace, our span, our name.
    expect(all.includes(Buffer.from(traceId, "hex"))).toBe(true);
    expect(all.includes(Buffer.from("GET /healthz"))).toBe(true);
    expect(all.includes(Buffer.from("fg-entry-test"))).toBe(true);
  }, 60_000);
});

describe("the tenant CLI (dist/cli/tenant.js)", () => {
  it("outside demo mode refuses without ENCRYPTION_KEY, naming it, and creates no key file", async () => {
    for (const env of [{ NODE_ENV: "production" }, { DEMO_MODE: "false" }] as Record<string, string>[]) {
      const fresh = mkdtempSync(join(tmpdir(), "entries-cli-"));
      try {
        const { code, out } = await refused({ ...env, DATA_DIR: fresh }, root, [join("cli", "tenant.js"), "list"]);
        expect(code).toBe(1);
        expect(out).toMatch(/^ {2}ENCRYPTION_KEY: required/m);
        expect(out).not.toMatch(/^\s+at /m);
        expect(readdirSync(fresh)).toEqual([]);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }
  });

  it("in demo mode keeps the demo's key file, and with ENCRYPTION_KEY in production creates none", async () => {
    const demo = mkdtempSync(join(tmpdir(), "entries-cli-"));
    const prod = mkdtempSync(join(tmpdir(), "entries-cli-"));
    try {
      const inDemo = await refused({ DATA_DIR: demo }, root, [join("cli", "tenant.js"), "list"]);
      expect(inDemo.code, inDemo.out).toBe(0);
      expect(readdirSync(demo)).toContain("encryption.key");
      // Production needs only the store's settings: the server's deployment checks are not the CLI's.
      const inProd = await refused({ NODE_ENV: "production", ENCRYPTION_KEY: generateKey(), DATA_DIR: prod }, root, [join("cli", "tenant.js"), "list"]);
      expect(inProd.code, inProd.out).toBe(0);
      expect(readdirSync(prod)).not.toContain("encryption.key");
    } finally {
      rmSync(demo, { recursive: true, force: true });
      rmSync(prod, { recursive: true, force: true });
    }
  });

  it("rekey runs as README's rotation steps give it (node dist/cli/tenant.js rekey), with the previous key set", async () => {
    const prod = mkdtempSync(join(tmpdir(), "entries-cli-"));
    try {
      const env = { NODE_ENV: "production", ENCRYPTION_KEY: generateKey(), ENCRYPTION_KEY_PREVIOUS: generateKey(), DATA_DIR: prod };
      const { code, out } = await refused(env, root, [join("cli", "tenant.js"), "rekey"]);
      expect(code, out).toBe(0);
      expect(out).toBe("re-encrypted 0, already current 0, unreadable 0\n");
    } finally {
      rmSync(prod, { recursive: true, force: true });
    }
  });
});
