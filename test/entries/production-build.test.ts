import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKey } from "../../src/store/crypto.js";
import { freePort, start, waitFor } from "./process.js";

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
    expect(existsSync(join(outDir, "sdk", "operations", "dashboard.graphql"))).toBe(true);
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

  it("refuses to start without ENCRYPTION_KEY, naming it", async () => {
    const server = start([join(outDir, "server.js")], { DATA_DIR: dataDir, PORT: String(await freePort()) }, root);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("ENCRYPTION_KEY is required");
  });
});
