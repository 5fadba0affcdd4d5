import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, start, waitFor } from "../entries/process.js";

/**
 * @fulfillment-graph/sdk as a frontend team gets it (docs/decisions/032-sdk-package.md): `npm
 * pack` of packages/sdk (its prepack builds dist/), the tarball installed into a new project
 * outside this repository, a consumer file type-checked by tsc against the installed types and
 * run with node against the demo entry (`npm start`) with PERSISTED_DOCUMENTS=require: the
 * Dashboard goes out as a documentId and answers; free query text is refused.
 */

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "sdk-pack-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const version = (name: string) => (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

/** A client file as a consumer writes it; the `@ts-expect-error` fails tsc if the types are `any`. */
const consumer = (url: string, key: string) => `import { ClientError, createClient, type DashboardQuery, documentIds } from "@fulfillment-graph/sdk";
import manifest from "@fulfillment-graph/sdk/persisted-documents.json" with { type: "json" };

const headers = { authorization: "Bearer ${key}" };
const api = createClient("${url}/graphql", { headers, persisted: true });
const dashboard: DashboardQuery = await api.Dashboard({ first: 3 });
// @ts-expect-error: first is an Int
await api.Dashboard({ first: "3" }).catch(() => null);

let refused = "";
try {
  await createClient("${url}/graphql", { headers }).Countries();
} catch (e) {
  if (e instanceof ClientError) refused = String(e.response.errors?.[0]?.extensions?.code);
}
const shipped = Object.keys(manifest).includes(documentIds.Dashboard);
console.log(JSON.stringify({ orders: dashboard.orders?.edges.map((e) => e.node.storeOrderId), shipped, refused }));
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022", "DOM"],
    types: [],
    strict: true,
    resolveJsonModule: true,
    outDir: "out",
  },
  include: ["consumer.ts"],
};

describe("the packed SDK", () => {
  it("installs from its tarball into a new project, type-checks, and runs a persisted query against the demo", async () => {
    // Pack: prepack builds dist/ with the package's own tsc config.
    const packDir = join(scratch, "tarball");
    mkdirSync(packDir);
    await run("npm", ["pack", "--pack-destination", packDir, "--silent"], { cwd: join(root, "packages/sdk") });
    const [tarball, ...more] = readdirSync(packDir);
    expect(more).toEqual([]);
    expect(tarball).toMatch(/^fulfillment-graph-sdk-\d+\.\d+\.\d+\.tgz$/);
    const { stdout: listing } = await run("tar", ["-tzf", join(packDir, tarball!)]);
    expect(listing).toContain("package/dist/index.d.ts");
    expect(listing).toContain("package/persisted-documents.json");
    expect(listing).not.toContain("package/src/");

    // A project outside the repository; graphql and graphql-request at this repo's versions, from npm's cache when it has them.
    const app = join(scratch, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "sdk-consumer", private: true, type: "module" }));
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", join(packDir, tarball!), `graphql@${version("graphql")}`], { cwd: app });
    const installed = JSON.parse(readFileSync(join(app, "node_modules/@fulfillment-graph/sdk/package.json"), "utf8")) as { name: string };
    expect(installed.name).toBe("@fulfillment-graph/sdk");
    expect(version("graphql-request")).toBe((JSON.parse(readFileSync(join(app, "node_modules/graphql-request/package.json"), "utf8")) as { version: string }).version);

    // The demo entry, trusted documents required.
    const port = await freePort();
    const env = {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: join(scratch, "data"),
      SIM_HYPERSKU_PORT: "0",
      SIM_SUPERSHIP_PORT: "0",
      LOG_LEVEL: "warn",
      PERSISTED_DOCUMENTS: "require",
    };
    const demo = start(["--import", "tsx", "src/demo/index.ts"], env, root);
    try {
      await waitFor(`http://127.0.0.1:${port}/healthz`, demo, 60_000);
      await expect.poll(() => demo.output(), { timeout: 5_000 }).toMatch(/Demo API key:\s+fg_\S+/);
      const key = /Demo API key:\s+(fg_\S+)/.exec(demo.output())![1]!;

      writeFileSync(join(app, "consumer.ts"), consumer(`http://127.0.0.1:${port}`, key));
      writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG));
      // The repo's TypeScript, run in the consumer's folder: it sees only the consumer's node_modules.
      await run(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: app }).catch((e: { stdout?: string }) => {
        throw new Error(`tsc failed in the consumer project:\n${e.stdout}`);
      });
      const { stdout } = await run(process.execPath, ["out/consumer.js"], { cwd: app });
      const result = JSON.parse(stdout) as { orders: string[]; shipped: boolean; refused: string };
      expect(result.orders).toHaveLength(3);
      expect(result.shipped).toBe(true);
      expect(result.refused).toBe("PERSISTED_DOCUMENT_REQUIRED");
    } finally {
      expect(await demo.stop()).toBe(0);
    }
  }, 180_000);
});
