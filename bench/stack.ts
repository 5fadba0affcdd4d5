import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { HYPERSKU_DEMO } from "../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../simulators/supership/index.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { createApiKey, type Fetch, request } from "./api.js";
import type { InProcessResult } from "./in-process.js";
import type { ProfileSummary } from "./profile.js";

/**
 * The measured system, each part its own process on loopback: each simulator through its own
 * entry (simulators/serve.ts) with injected latency, one API per mode (bench/serve.ts) over one
 * temporary SQLite store. Children run as `node --import tsx` (the tsx binary would fork a
 * second node) and die with the benchmark: SIGKILLed when it exits, however it exits, and each
 * stops when its stdin (a pipe held by the benchmark) closes, so even a SIGKILLed benchmark
 * leaves no orphan.
 */

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const MODES = ["batched", "unbatched"] as const;
export type Mode = (typeof MODES)[number];
type Child = { url: string; proc: ChildProcess };

const children = new Set<ChildProcess>();
export const killAll = () => children.forEach((c) => void c.kill("SIGKILL"));

/**
 * The served API and the in-process measurement are compiled first (bench/tsconfig.serve.json:
 * bench/serve.ts, bench/in-process-child.ts and what they import, plus src/'s assets and the
 * Dashboard's document) and run on plain node with NODE_ENV=production, as `node dist/server.js`
 * runs in the image: tsx's loader alone adds some 70–100 MB of RSS, its keep-names helper runs in
 * every closure, and graphql-js checks more outside production. Once per benchmark process.
 */
let compiled: string | undefined;
function compiledBench(): string {
  if (compiled) return compiled;
  const out = join(ROOT, ".bench-build");
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "bench/tsconfig.serve.json"], { cwd: ROOT, stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/copy-assets.mjs", join(out, "src")], { cwd: ROOT, stdio: "ignore" });
  cpSync(join(ROOT, "packages/sdk/operations"), join(out, "packages/sdk/operations"), { recursive: true });
  compiled = out;
  return compiled;
}
/** What the image sets in the environment; the API's own settings come from bench/api.ts. */
const PRODUCTION_ENV = { NODE_ENV: "production" };

/** The in-process measurement (bench/in-process.ts) in a compiled child: its timed results, or the profile. */
export async function inProcessCompiled(what: "measure", iterations: number): Promise<InProcessResult[]>;
export async function inProcessCompiled(what: "profile", iterations: number, command: string): Promise<ProfileSummary>;
export async function inProcessCompiled(what: "measure" | "profile", iterations: number, command?: string): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), "bench-in-process-"));
  try {
    const out = join(dir, "out.json");
    const args = [join(compiledBench(), "bench/in-process-child.js"), what, String(iterations), ...(command === undefined ? [] : [command]), out];
    await new Promise<void>((resolve, reject) => {
      const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...PRODUCTION_ENV }, stdio: ["ignore", "ignore", "inherit"] });
      children.add(proc);
      proc.once("exit", (code) => (children.delete(proc), code === 0 ? resolve() : reject(new Error(`the in-process ${what} exited with ${code}`))));
    });
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts `script`; resolves with `key` of the first JSON line that has it, fails with its stderr. */
function child(script: string, key: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: readonly string[] = []): Promise<Child> {
  const served = script === "bench/serve.ts";
  const entry = served ? [...nodeFlags, join(compiledBench(), "bench/serve.js")] : ["--import", "tsx", script];
  const proc = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...(served ? PRODUCTION_ENV : {}), ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(proc);
  let stderr = "";
  proc.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} ${args[0]} did not start within 60 s\n${stderr}`)), 60_000);
    proc.once("exit", (code) => (children.delete(proc), reject(new Error(`${script} ${args[0]} exited with ${code}\n${stderr}`))));
    // Log lines (pino JSON) may come first: the one that names `key` is the child's address.
    const lines = createInterface({ input: proc.stdout! });
    lines.on("line", (line) => {
      let url: unknown;
      try {
        url = (JSON.parse(line) as Record<string, unknown>)[key];
      } catch {
        return; // not JSON: neither the address nor a log line of ours
      }
      if (typeof url === "string") clearTimeout(timer), lines.removeAllListeners("line"), resolve({ url, proc });
    });
  });
}

/** HyperSKU demo merchant 1 by password, SuperShip demo shop 1 by token, through GraphQL as an operator would; `only`: one of them. */
export async function connectProviders(url: string, apiKey: string, fetch?: Fetch, only?: "supership"): Promise<void> {
  const [{ username, password }] = HYPERSKU_DEMO.accounts;
  const connect = {
    connectHyperskuWithPassword: `username: ${JSON.stringify(username)}, password: ${JSON.stringify(password)}`,
    connectSupershipWithToken: `token: ${JSON.stringify(SUPERSHIP_DEMO.accounts[0].token)}`,
  };
  for (const [field, args] of Object.entries(connect))
    if (!only || field.toLowerCase().includes(only)) await request(url, apiKey, `mutation { ${field}(${args}) { __typename } }`, {}, fetch, field);
}

/** `apiNodeFlags`: node/V8 flags every served API process starts with (`--api-node-flags`), not the simulators. */
export async function startStack(latencyMs: number, apiNodeFlags: readonly string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), "fulfillment-graph-bench-"));
  const [db, key] = [join(dir, "bench.db"), generateKey()];
  const store = createSqliteStore({ file: db, cipher: createCipher(key) });
  // The second tenant floods in the fairness scenario: SuperShip only (its flood reads deliveries).
  const [apiKey, floodKey] = [await createApiKey(store), await createApiKey(store, "bench-flood")];
  await store.close();
  const sim = (only: string) => child("simulators/serve.ts", only, ["--only", only, "--latency-ms", String(latencyMs), "--jitter-ms", "0"]);
  const [hs, ss] = await Promise.all([sim("hypersku"), sim("supership")]);
  const env = {
    BENCH_API: JSON.stringify({ db, key, hypersku: hs.url, supership: ss.url }),
  };
  const serve = (args: string[]) => child("bench/serve.ts", "url", args, env, apiNodeFlags);
  const startApi = (mode: Mode) => serve([mode]);
  const apis = Object.fromEntries(await Promise.all(MODES.map(async (mode) => [mode, await startApi(mode)]))) as Record<Mode, Child>;
  await connectProviders(apis.batched.url, apiKey);
  await connectProviders(apis.batched.url, floodKey, undefined, "supership");
  return {
    apiKey,
    floodKey,
    apis,
    /** The simulators' base URLs (their control surface is `/__sim/*`). */
    sims: { hypersku: hs.url, supership: ss.url },
    /** A fresh API for `mode` (same store, the tenant stays connected). */
    async restart(mode: Mode): Promise<Child> {
      const exited = new Promise((r) => apis[mode].proc.once("exit", r));
      apis[mode].proc.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      return (apis[mode] = await startApi(mode));
    },
    /** A fresh batched API with the delivery cache on and PUBLIC_URL its own address (bench/pushed.ts); the caller stops it. */
    startPushed: () => serve(["batched", "pushed"]),
    /** The same with the catalogue cache on too (the latency matrix's warm cells); the caller stops it. */
    startWarm: () => serve(["batched", "warm"]),
    /** A fresh batched API with both caches off, beside the classic ones (the matrix's cold cells); the caller stops it. */
    startCold: () => serve(["batched"]),
    close: () => (killAll(), rmSync(dir, { recursive: true, force: true })),
  };
}
