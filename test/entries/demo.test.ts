import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { GraphQLClient } from "graphql-request";
import { afterAll, describe, expect, it } from "vitest";
import { getSdk } from "../../packages/sdk/src/generated.js";
import { banner } from "../../src/http/serve.js";
import { freePort, listeningPorts, start, waitFor } from "./process.js";

/**
 * `npm start` as README promises it: the demo entry, run from source through tsx (as the
 * script does), prints the GraphiQL URL and a demo key, starts both simulators, and the
 * Dashboard query answers with data from both providers under that key.
 */

const root = resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "entries-demo-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the demo entry (npm start)", () => {
  it("prints GraphiQL, the demo key and both simulators, and serves the Dashboard", async () => {
    const port = await freePort();
    const env = { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SIM_HYPERSKU_PORT: "0", SIM_SUPERSHIP_PORT: "0", LOG_LEVEL: "warn" };
    const demo = start(["--import", "tsx", "src/demo/index.ts"], env, root);
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, demo, 60_000);
      // The banner follows the listen; give it the moment between the two.
      await expect.poll(() => demo.output(), { timeout: 5_000 }).toContain("SuperShip simulator:");
      const out = demo.output();
      expect(out).toContain(`GraphiQL:            http://127.0.0.1:${port}/graphql`);
      const key = /Demo API key:\s+(fg_\S+)/.exec(out)?.[1];
      expect(key).toBeDefined();
      expect(readFileSync(join(dataDir, "demo-api-key"), "utf8").trim()).toBe(key);
      expect(existsSync(join(dataDir, "encryption.key"))).toBe(true);

      const simPorts: number[] = [];
      for (const name of ["HyperSKU", "SuperShip"]) {
        const sim = new RegExp(`${name} simulator:\\s+(http://\\S+)`).exec(out)?.[1];
        expect((await fetch(`${sim}/__sim/counters`)).status).toBe(200);
        simPorts.push(Number(new URL(sim ?? "http://x").port));
      }
      // The demo is the one entry that opens simulator ports (the production test sees only PORT).
      expect(listeningPorts(demo.child.pid ?? 0)).toEqual([port, ...simPorts].sort((a, b) => a - b));

      const sdk = getSdk(new GraphQLClient(`http://127.0.0.1:${port}/graphql`, { headers: { authorization: `Bearer ${key}` } }));
      const { orders } = await sdk.Dashboard({ first: 5 });
      expect(orders?.totalCount).toBeGreaterThan(0);
      expect(orders?.edges).toHaveLength(5);
      // SuperShip's half of the graph: some of the newest orders have a last-mile delivery.
      expect(orders?.edges.some((e) => e.node.delivery)).toBe(true);
      // The demo tenant registered itself with the simulator, so its pushes reach this API.
      const { viewer } = await sdk.SupershipWebhook();
      expect(viewer.supership.webhook).toMatchObject({ ours: true, url: `http://127.0.0.1:${port}/webhooks/supership/***` });
    } finally {
      expect(await demo.stop()).toBe(0);
    }
  }, 90_000);

  it("with NODE_ENV=production runs the production entry, whatever DEMO_MODE says: its checks, no simulator", async () => {
    const env = { NODE_ENV: "production", DEMO_MODE: "true", PORT: String(await freePort()), DATA_DIR: dataDir, SIM_HYPERSKU_PORT: "0", SIM_SUPERSHIP_PORT: "0" };
    const demo = start(["--import", "tsx", "src/demo/index.ts"], env, root);
    expect(await demo.exited).toBe(1);
    expect([...demo.output().matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]).sort()).toEqual([
      "ENCRYPTION_KEY",
      "HYPERSKU_CLIENT_ID",
      "HYPERSKU_CLIENT_SECRET",
      "PUBLIC_URL",
    ]);
    expect(demo.output()).not.toMatch(/simulator|Demo API key/i);
  }, 60_000);
});

describe("the start banner", () => {
  it("prints a row per thing served and leaves out what is not (GraphiQL off: no GraphiQL row)", () => {
    const url = "https://api.example.test";
    expect(
      banner(url, [
        ["GraphiQL", `${url}/graphql`],
        ["Demo API key", "fg_x"],
        ["", "(note)"],
      ]),
    ).toBe(`Fulfillment Graph listening on ${url}\n  GraphiQL:            ${url}/graphql\n  Demo API key:        fg_x\n                       (note)\n`);
    expect(banner(url, [false, ["Demo API key", "fg_x"]])).not.toContain("GraphiQL");
  });
});
