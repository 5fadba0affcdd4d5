import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadDemoConfig } from "../../src/demo/config.js";
import { ensureDemoTenant } from "../../src/demo/tenant.js";
import { createLogger } from "../../src/logger.js";
import { createCipher, generateKey, loadOrCreateKeyFile } from "../../src/store/crypto.js";
import { createStore } from "../../src/store/index.js";
import { startSimulators } from "../support/stack.js";

/**
 * DATA_DIR is this user's only (docs/decisions/025-csp.md): the directory 0700, every file in it
 * 0600, on a fresh directory and after tightening one an older version left readable.
 */

const root = mkdtempSync(join(tmpdir(), "fg-modes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
/** Every file in `dir` with its mode. */
const modes = (dir: string) => Object.fromEntries(readdirSync(dir).map((name) => [name, mode(join(dir, name))]));

describe("DATA_DIR and its files", () => {
  it("the production entry's createStore makes a fresh DATA_DIR 0700 and the SQLite files (db, -wal, -shm) 0600", async () => {
    const dir = join(root, "fresh", "nested");
    const store = createStore({ DATA_DIR: dir }, createCipher(generateKey()));
    try {
      await store.createTenant("Modes"); // a write, so the WAL has content
      expect(mode(dir)).toBe("700");
      expect(modes(dir)).toEqual({ "fulfillment-graph.sqlite": "600", "fulfillment-graph.sqlite-wal": "600", "fulfillment-graph.sqlite-shm": "600" });
    } finally {
      await store.close();
    }
  });

  it("tightens a DATA_DIR left 0755 with a 0644 database, and says so", async () => {
    const dir = join(root, "loose");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "fulfillment-graph.sqlite"), "", { mode: 0o644 });
    chmodSync(join(dir, "fulfillment-graph.sqlite"), 0o644);
    const warnings: string[] = [];
    const store = createStore({ DATA_DIR: dir }, createCipher(generateKey()), (m) => warnings.push(m));
    try {
      await store.createTenant("Loose");
      expect(mode(dir)).toBe("700");
      expect(Object.values(modes(dir))).toEqual(["600", "600", "600"]);
      expect(warnings).toEqual([expect.stringContaining("set to 700")]);
    } finally {
      await store.close();
    }
  });

  it("the demo path (key file, store, demo tenant's key file) leaves only 0600 files in a 0700 DATA_DIR", { timeout: 60_000 }, async () => {
    const dir = join(root, "demo");
    const sims = await startSimulators();
    const encryptionKey = loadOrCreateKeyFile(dir);
    const config = loadDemoConfig({ DATA_DIR: dir, LOG_LEVEL: "silent", SIM_HYPERSKU_PORT: "0", SIM_SUPERSHIP_PORT: "0" });
    const store = createStore(config, createCipher(encryptionKey));
    const { deps, stop } = createApp({ config, store, encryptionKey, urls: sims.urls, logger: createLogger({ level: "silent" }) });
    try {
      await ensureDemoTenant(deps);
      expect(mode(dir)).toBe("700");
      expect(modes(dir)).toEqual({
        "encryption.key": "600",
        "demo-api-key": "600",
        "fulfillment-graph.sqlite": "600",
        "fulfillment-graph.sqlite-wal": "600",
        "fulfillment-graph.sqlite-shm": "600",
      });
    } finally {
      await stop();
      await store.close();
      await sims.close();
    }
  });
});
