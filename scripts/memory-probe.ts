import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createApiKey } from "../bench/api.js";
import { runLoad } from "../bench/measure.js";
import { connectProviders, ROOT } from "../bench/stack.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";

/**
 * Memory probe (issue 17 item 5, docs/decisions/038-memory.md): the bench's served API
 * (bench/serve.ts batched) over the simulators at LATENCY_MS (default 20), driven with Dashboards
 * at CONNECTIONS (default 50) for SECONDS (default 15), with the bench's config (bench/api.ts).
 * API_NODE_FLAGS: node flags for the API process only (default: the README's memory-bounded
 * profile's heap bounds; "" for none, as the image runs; add --trace-gc to see the heap). The
 * bench's config sets no ADMISSION_MAX_RUNNING: ADR 038's capped runs set it in bench/api.ts. API_BUILD: a directory with bench/serve.ts
 * compiled with src/ (tsc, rootDir "."), to measure plain node as `node dist/server.js` runs.
 * Prints one JSON line: idle and peak RSS (VmHWM), RSS after, rps, CPU ms per operation, p50, errors.
 *
 *   npx tsx scripts/memory-probe.ts
 */

/** The heap bounds of the README's memory-bounded profile (docs/decisions/038-memory.md). */
const MEMORY_BOUNDED = "--max-old-space-size=160 --max-semi-space-size=8";
const env = (n: string, d: number) => Number(process.env[n] ?? d);
const [latency, connections, seconds] = [env("LATENCY_MS", 20), env("CONNECTIONS", 50), env("SECONDS", 15)];
const apiFlags = (process.env.API_NODE_FLAGS ?? MEMORY_BOUNDED).split(/\s+/).filter(Boolean);
const procs: ChildProcess[] = [];
process.on("exit", () => procs.forEach((p) => void p.kill("SIGKILL")));

function child(flags: string[], script: string, key: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  // API_BUILD: a directory holding bench/serve.js compiled with src/ (plain node, as `node dist/server.js` runs).
  const compiled = script === "bench/serve.ts" && process.env.API_BUILD;
  const argv = compiled ? [...flags, join(compiled, "bench/serve.js"), ...args] : [...flags, "--import", "tsx", script, ...args];
  const proc = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...extra }, stdio: ["pipe", "pipe", "inherit"] });
  procs.push(proc);
  return new Promise<{ url: string; proc: ChildProcess }>((resolve) => {
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      try {
        const url = (JSON.parse(line) as Record<string, unknown>)[key];
        if (typeof url === "string") resolve({ url, proc });
      } catch {
        if (process.env.SHOW_CHILD) process.stderr.write(`${line}\n`);
      }
    });
  });
}

/** utime + stime of a process in ms (clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
};
const status = (pid: number) =>
  Object.fromEntries([...readFileSync(`/proc/${pid}/status`, "utf8").matchAll(/^(VmHWM|VmRSS):\s+(\d+)/gm)].map((m) => [m[1], Math.round(Number(m[2]) / 102.4) / 10]));

const dir = mkdtempSync(join(tmpdir(), "fg-memprobe-"));
const [db, key] = [join(dir, "bench.db"), generateKey()];
const store = createSqliteStore({ file: db, cipher: createCipher(key) });
const apiKey = await createApiKey(store);
await store.close();
const sim = (only: string) => child([], "simulators/serve.ts", only, ["--only", only, "--latency-ms", String(latency), "--jitter-ms", "0"]);
const [hs, ss] = await Promise.all([sim("hypersku"), sim("supership")]);
const api = await child(apiFlags, "bench/serve.ts", "url", ["batched"], { BENCH_API: JSON.stringify({ db, key, hypersku: hs.url, supership: ss.url }) });
await connectProviders(api.url, apiKey);
const query = readFileSync(join(ROOT, "packages/sdk/operations/dashboard.graphql"), "utf8");
const steps = [{ query, variables: () => ({ first: 50 }), needs: () => [] }];
await runLoad(api.url, apiKey, steps, 1, 2);
const idle = status(api.proc.pid!);
let maxRss = 0;
const sampler = setInterval(() => (maxRss = Math.max(maxRss, status(api.proc.pid!).VmRSS ?? 0)), 250);
const cpu0 = cpuMs(api.proc.pid!);
const load = await runLoad(api.url, apiKey, steps, connections, seconds);
clearInterval(sampler);
const cpuMsPerOp = Math.round((cpuMs(api.proc.pid!) - cpu0) / Math.max(1, load.operations));
await new Promise((r) => setTimeout(r, 1_000));
const after = status(api.proc.pid!);
const out = {
  build: process.env.API_BUILD ? "compiled" : "tsx",
  flags: apiFlags.join(" "),
  latency,
  connections,
  seconds,
  idleRssMb: idle.VmRSS,
  peakRssMb: after.VmHWM,
  sampledMaxRssMb: maxRss,
  rssAfterMb: after.VmRSS,
  rps: load.rps,
  cpuMsPerOp,
  p50Ms: load.latency.p50Ms,
  p95Ms: load.latency.p95Ms,
  errorRate: load.errorRate,
  firstError: load.firstError,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
rmSync(dir, { recursive: true, force: true });
process.exit(0);
