import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { HYPERSKU_DEMO } from "../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../simulators/supership/index.js";
import type { AppOptions } from "../src/app.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { createApiKey, type Fetch, postGraphql, problem } from "./graphql.js";

/**
 * The measured system, each part its own process on loopback (bench/serve.ts): both simulators
 * with injected latency, one API per mode over one temporary SQLite store. Children run as
 * `node --import tsx` (the tsx binary would fork a second node) and die with the benchmark.
 */

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const MODES = ["batched", "unbatched"] as const;
export type Mode = (typeof MODES)[number];
export type Child = { url: string; proc: ChildProcess };

const children = new Set<ChildProcess>();
export const killAll = () => {
  for (const c of children) c.kill("SIGKILL");
};

export function providerUrls(hypersku: string, supership: string): AppOptions["urls"] {
  return { hyperskuBaseUrl: hypersku, hyperskuAuthorizeUrl: `${hypersku}/application/auth`, supershipBaseUrl: supership, supershipLabelUrl: `${supership}/orders/awb` };
}

/** Starts bench/serve.ts with `args`; resolves with the URL it prints, fails with its stderr. */
function child(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const proc = spawn(process.execPath, ["--import", "tsx", "bench/serve.ts", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  children.add(proc);
  let stderr = "";
  proc.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start within 60 s\n${stderr}`)), 60_000);
    proc.once("exit", (code) => (children.delete(proc), reject(new Error(`${args[0]} exited with ${code}\n${stderr}`))));
    createInterface({ input: proc.stdout! }).once("line", (line) => (clearTimeout(timer), resolve({ url: (JSON.parse(line) as { url: string }).url, proc })));
  });
}

/** HyperSKU demo merchant 1 by password, SuperShip demo shop 1 by token, through GraphQL as an operator would. */
export async function connectProviders(url: string, apiKey: string, fetch?: Fetch): Promise<void> {
  const [{ username, password }] = HYPERSKU_DEMO.accounts;
  const connect = {
    connectHyperskuWithPassword: `username: ${JSON.stringify(username)}, password: ${JSON.stringify(password)}`,
    connectSupershipWithToken: `token: ${JSON.stringify(SUPERSHIP_DEMO.accounts[0].token)}`,
  };
  for (const [field, args] of Object.entries(connect)) {
    const why = problem(await postGraphql(url, apiKey, `mutation { ${field}(${args}) { __typename } }`, {}, { fetch }), field);
    if (why) throw new Error(`connecting the tenant failed: ${why}`);
  }
}

export async function startStack(latencyMs: number) {
  const dir = mkdtempSync(join(tmpdir(), "fulfillment-graph-bench-"));
  const [db, key] = [join(dir, "bench.db"), generateKey()];
  const store = createSqliteStore({ file: db, cipher: createCipher(key) });
  const apiKey = await createApiKey(store);
  await store.close();
  const [hs, ss] = await Promise.all(["hypersku", "supership"].map((role) => child([role, "--latency-ms", String(latencyMs)])));
  const sims = { hypersku: hs!.url, supership: ss!.url };
  const startApi = (mode: Mode) =>
    child(["api", "--batching", mode === "batched" ? "on" : "off", "--hypersku", sims.hypersku, "--supership", sims.supership, "--db", db], { BENCH_KEY: key });
  const [batched, unbatched] = await Promise.all(MODES.map(startApi));
  const apis = { batched: batched!, unbatched: unbatched! };
  await connectProviders(apis.batched.url, apiKey);
  return {
    apiKey,
    apis,
    /** A fresh API for `mode` (same store, the tenant stays connected). */
    async restart(mode: Mode): Promise<Child> {
      const exited = new Promise((r) => apis[mode].proc.once("exit", r));
      apis[mode].proc.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      return (apis[mode] = await startApi(mode));
    },
    close: () => (killAll(), rmSync(dir, { recursive: true, force: true })),
  };
}
