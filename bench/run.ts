import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG } from "./api.js";
import { measureInProcess } from "./in-process.js";
import { type MatrixResult, runMatrix } from "./matrix.js";
import { type ModeResult, measure } from "./measure.js";
import type { ProfileSummary } from "./profile.js";
import { runPushed } from "./pushed.js";
import { type BenchResults, evaluateTargets, failuresOf, loadAverage, machine, renderReport, type ScenarioResult, type Settings, warmZeroRps } from "./report.js";
import { inProcessCompiled, killAll, MODES, type Mode, ROOT, startStack } from "./stack.js";
import { runFairness, runFaults, runLimited, type TrafficResults, trafficSettings } from "./traffic.js";

/**
 * `npm run bench` writes bench/results/latest.json and docs/benchmarks.md: run it on a quiet
 * machine when the numbers matter. `npm run bench -- --smoke` is CI's check of the harness:
 * the same code paths (every scenario, both modes, a restart per mode, in-process, the report)
 * with tiny durations, written to a temporary directory; non-zero exit when anything is broken.
 * `--limited`, `--faults`, `--fairness`, `--pushed` run only those traffic scenarios (issues 13, 15; a full run has
 * them all), `--seconds N` shortens each, also into a temporary directory: only a full run
 * rewrites the committed report. `--baseline <results.json>`: the Dashboard's rps at 10
 * connections in that earlier run is the throughput target's baseline (else issue 13's 11.6).
 * `--matrix` runs only issue 17's matrix (`--seconds N` shortens its load runs too) (the Dashboard at 0 and 20 ms provider latency, caches
 * cold and warm, bench/matrix.ts). `--baseline-zero <results.json>`: that run's warm Dashboard
 * at 0 ms and 10 connections is issue 17's throughput baseline (else the `--baseline` file's,
 * else the issue's 41). `--profile` only profiles the in-process Dashboard and writes
 * bench/results/profile.json (re-rendering docs/benchmarks.md from bench/results/latest.json
 * with it); with `--smoke`, a short profile into a temporary directory. `--api-node-flags=<flags>`:
 * every served API process starts as `node <flags> …` (a memory profile such as
 * `--heap-growing-percent=30`; the report says so), into a temporary directory.
 */

const { values: flags } = parseArgs({
  options: {
    smoke: { type: "boolean" },
    limited: { type: "boolean" },
    faults: { type: "boolean" },
    fairness: { type: "boolean" },
    pushed: { type: "boolean" },
    matrix: { type: "boolean" },
    profile: { type: "boolean" },
    seconds: { type: "string" },
    baseline: { type: "string" },
    "baseline-zero": { type: "string" },
    "api-node-flags": { type: "string" },
  },
});
const smoke = flags.smoke ?? false;
const selected = flags.limited || flags.faults || flags.fairness || flags.pushed || flags.matrix;
const run = {
  classic: !selected,
  limited: !selected || !!flags.limited,
  faults: !selected || !!flags.faults,
  fairness: !selected || !!flags.fairness,
  pushed: !selected || !!flags.pushed,
  matrix: !selected || !!flags.matrix,
};
const seconds = flags.seconds === undefined ? undefined : Number(flags.seconds);
if (seconds !== undefined && !(seconds > 0)) throw new Error(`--seconds must be a positive number of seconds, got "${flags.seconds}"`);
/** The Dashboard's batched rps at 10 connections in an earlier results file. */
function baselineOf(file: string) {
  const earlier = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  const dashboard = earlier.scenarios.find((sc) => sc.id === "dashboard")?.modes.batched;
  const rps = dashboard?.status === "ok" ? dashboard.load.find((l) => l.connections === 10)?.rps : undefined;
  if (rps === undefined) throw new Error(`${file}: no Dashboard (batched) run at 10 connections`);
  return { rps, source: `${file}, generated ${earlier.generatedAt}` };
}
/** The warm Dashboard's rps at 0 ms provider latency and 10 connections in an earlier results file, if it has one. */
function zeroBaselineOf(file: string) {
  const earlier = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  const rps = warmZeroRps(earlier);
  return rps === undefined ? undefined : { rps, source: `${file} (0 ms, caches warm, 10 connections), generated ${earlier.generatedAt}` };
}
function baselineZero() {
  if (flags["baseline-zero"]) {
    const b = zeroBaselineOf(flags["baseline-zero"]);
    if (!b) throw new Error(`${flags["baseline-zero"]}: no matrix cell at 0 ms, caches warm, with a run at 10 connections`);
    return b;
  }
  return (flags.baseline ? zeroBaselineOf(flags.baseline) : undefined) ?? { rps: 41, source: "issue 17 (today's about 41 rps at zero provider latency)" };
}
const o: Settings = {
  smoke,
  latencyMs: 20,
  providerConcurrency: CONFIG.PROVIDER_CONCURRENCY,
  ...(smoke ? { durationSec: 1, warmupSec: 0.5, concurrency: [1], iterations: 5 } : { durationSec: 5, warmupSec: 5, concurrency: [1, 10, 50], iterations: 200 }),
  traffic: trafficSettings(smoke, seconds),
  baseline: flags.baseline ? baselineOf(flags.baseline) : { rps: 11.6, source: "issue 13 (today's 11.6 rps, the 2026-11-22 run)" },
  matrixLatenciesMs: [0, 20],
  baselineZero: baselineZero(),
  apiNodeFlags: flags["api-node-flags"]?.split(/\s+/).filter(Boolean) ?? [],
};
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - t0) / 1000)}s] ${line}\n`);

// Bounded: a hung child or load run cannot keep the benchmark (or CI) waiting forever; children die with us.
setTimeout(() => (log("giving up: hard time limit"), process.exit(3)), (smoke ? 5 : 30) * 60_000).unref();
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(130));

const PROFILE_FILE = "bench/results/profile.json";
if (flags.profile) {
  const iterations = smoke ? 10 : 200;
  log(`profile: the in-process Dashboard, ${iterations} iterations under the sampling profiler…`);
  const profile = await inProcessCompiled("profile", iterations, `npm run bench -- ${process.argv.slice(2).join(" ")}`);
  for (const c of profile.categories.slice(0, 10)) log(`  ${c.category}: ${c.selfMs} ms (${Math.round(c.share * 1000) / 10}%)`);
  const out = smoke ? mkdtempSync(join(tmpdir(), "bench-profile-")) : ROOT;
  const files: Array<[string, string]> = [[smoke ? "profile.json" : PROFILE_FILE, `${JSON.stringify(profile, null, 2)}\n`]];
  const latest = join(ROOT, "bench/results/latest.json");
  // The committed report shows the new profile beside the numbers it already has.
  if (existsSync(latest)) {
    const results = { ...(JSON.parse(readFileSync(latest, "utf8")) as BenchResults), profile };
    files.push([smoke ? "latest.json" : "bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`]);
    files.push([smoke ? "benchmarks.md" : "docs/benchmarks.md", renderReport(results)]);
  }
  for (const [file, text] of files) writeFileSync(join(out, file), text), log(`wrote ${join(out, file)}`);
  process.exit(0);
}

const loadAverageAtStart = loadAverage();
if (loadAverageAtStart > cpus().length / 2) log(`the machine is busy (load ${loadAverageAtStart} on ${cpus().length} cores): milliseconds and rps will be skewed`);
log(`in-process: counted executions in both modes, ${run.classic ? o.iterations : 0} timed iterations per scenario…`);
// A failure here (a counted execution with an error answer) ends the run: without counts there is nothing to judge.
// The counts and fixtures come from this process; the timed iterations from the compiled API in a child (as production runs it).
const inProcess = await measureInProcess(0, { alone: false });
const inProcessTimed = run.classic ? await inProcessCompiled("measure", o.iterations) : [];
log(`fixtures: ${JSON.stringify(inProcess.fixtures)}`);
const stack = await startStack(o.latencyMs, o.apiNodeFlags);
const scenarios: ScenarioResult[] = [];
const traffic: TrafficResults = {};
let matrix: MatrixResult | undefined;
const dashboard = inProcess.scenarios.find((s) => s.scenario.id === "dashboard")!;
/** Issue 13's scenarios, on the batched API: each on a fresh process (the smoke check reuses one and restarts before the write mix). */
async function runTraffic() {
  const failed = (e: Error) => ({ status: "failed" as const, error: e.message });
  const api = async () => (smoke ? stack.apis.batched : await stack.restart("batched")).url;
  const endpoints = Object.keys(dashboard.counted.batched.calls);
  if (run.limited) {
    log(`limited: the Dashboard at ${o.traffic.limitedConnections} connections, simulators refusing above ${o.traffic.maxInFlight} in flight, ${o.traffic.limitedSec} s…`);
    const r = (traffic.limited = await runLimited(await api(), stack.apiKey, stack.sims, dashboard.scenario, o).catch(failed));
    log(r.status === "ok" ? `  ${r.load.rps} rps, p50 ${r.load.latency.p50Ms} ms, errors ${r.load.errorRate}; ${JSON.stringify(r.providers)}` : `  FAILED: ${r.error}`);
  }
  if (run.fairness) {
    log(`fairness: tenant A floods nodes(ids:) at ${o.traffic.floodConnections} connections, tenant B's Dashboard at 1, ${o.traffic.fairnessSec} s each…`);
    const r = (traffic.fairness = await runFairness(await api(), stack.apiKey, stack.floodKey, dashboard.scenario, o).catch(failed));
    log(
      r.status === "ok"
        ? `  B's p50 ${r.quiet.latency.p50Ms} ms quiet, ${r.flooded.latency.p50Ms} ms under the flood (${r.ratio}×); A ${r.flood.rps} rps, errors ${r.flood.errorRate}${r.admission ? `; admission ${JSON.stringify(r.admission)}` : ""}`
        : `  FAILED: ${r.error}`,
    );
  }
  if (run.pushed) {
    log(`pushed: the Dashboard with the tenant's webhook registered, warm delivery cache, connections ${o.concurrency.join(", ")}…`);
    const api = await stack.startPushed();
    try {
      const r = (traffic.pushed = await runPushed(api.url, stack.apiKey, stack.sims, dashboard.scenario, o).catch(failed));
      log(
        r.status === "ok"
          ? `  SuperShip calls cold ${r.cold.supership}, warm ${r.warm.supership}; rps ${r.load.map((l) => `${l.rps}@${l.connections}`).join(" ")}, p50 ${r.latency.p50Ms} ms`
          : `  FAILED: ${r.error}`,
      );
    } finally {
      api.proc.kill("SIGTERM");
    }
  }
  if (run.matrix) {
    const start = (cache: "cold" | "warm") => (cache === "warm" ? stack.startWarm() : stack.startCold());
    // `--seconds N` shortens each of its load runs too.
    const mo = seconds === undefined ? o : { ...o, durationSec: seconds, warmupSec: Math.min(o.warmupSec, seconds) };
    matrix = await runMatrix(start, stack.apiKey, stack.sims, dashboard.scenario, dashboard.counted.batched.steps, mo, log).catch((e: Error) => ({
      status: "failed" as const,
      error: e.message,
    }));
  }
  // Last: it leaves hung provider calls behind, which the next fresh process does not inherit.
  if (run.faults) {
    log(`faults: the Dashboard at ${o.traffic.faultConnections} connections, ${o.traffic.faultSec} s of faults, ${o.traffic.recoverySec} s without…`);
    const r = (traffic.faults = await runFaults(await api(), stack.apiKey, stack.sims, dashboard.scenario, endpoints, o).catch(failed));
    const summary = (x: Extract<typeof r, { status: "ok" }>["all"]) =>
      `${x.complete}/${x.partial}/${x.failed} complete/partial/failed, orders missing ${x.ordersMissingShare}, p50 ${x.latency.p50Ms} p99 ${x.latency.p99Ms} max ${x.maxMs} ms`;
    log(
      r.status === "ok"
        ? `  injected ${r.injected.share}; during: ${summary(r.faults)}; after: ${summary(r.recovery)}; full answers again after ${r.recoveryMs} ms`
        : `  FAILED: ${r.error}`,
    );
  }
}
try {
  for (const [i, { scenario, counted }] of inProcess.scenarios.entries()) {
    if (!run.classic) break;
    // Before the write mix: the orders it creates would change what the Dashboard reads.
    if (scenario.id === "writes") await runTraffic();
    const modes: Partial<Record<Mode, ModeResult>> = {};
    for (const mode of MODES) {
      // A fresh API per scenario, so its peak RSS and leftover work are its own; the smoke check restarts only before the last.
      const api = i === 0 || (smoke && i < inProcess.scenarios.length - 1) ? stack.apis[mode] : await stack.restart(mode);
      log(`${scenario.id} (${mode})…`);
      const failed = (e: Error) => ({ status: "failed" as const, error: e.message });
      const r = (modes[mode] = await measure(api.url, stack.apiKey, scenario, counted[mode], o).catch(failed));
      const rps = r.status === "ok" ? r.load.map((l) => `${l.rps}@${l.connections}`).join(" ") : "";
      log(r.status === "ok" ? `  calls ${r.upstream.total} (floor ${r.floor.total}), p50 ${r.latency.p50Ms} ms (floor ${r.floor.ms} ms), rps ${rps}` : `  FAILED: ${r.error}`);
    }
    scenarios.push({ id: scenario.id, title: scenario.title, source: scenario.source, modes });
  }
  if (!run.classic) await runTraffic();
} finally {
  stack.close();
}

const input = { scenarios, inProcess: inProcessTimed, traffic, settings: o, matrix };
const results: BenchResults = {
  generatedAt: new Date().toISOString(),
  durationSec: Math.round((Date.now() - t0) / 1000),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  machine: machine(loadAverageAtStart),
  fixtures: inProcess.fixtures,
  ...input,
  targets: evaluateTargets(input),
  failures: failuresOf(input),
  profile: existsSync(join(ROOT, PROFILE_FILE)) ? (JSON.parse(readFileSync(join(ROOT, PROFILE_FILE), "utf8")) as ProfileSummary) : null,
};
// The committed report is the defaults' (node flags are an opt-in profile's, into a temporary directory).
const committed = !smoke && run.classic && seconds === undefined && o.apiNodeFlags?.length === 0;
const out = committed ? ROOT : mkdtempSync(join(tmpdir(), smoke ? "bench-smoke-" : "bench-partial-"));
for (const [file, text] of [
  [committed ? "bench/results/latest.json" : "latest.json", `${JSON.stringify(results, null, 2)}\n`],
  [committed ? "docs/benchmarks.md" : "benchmarks.md", renderReport(results)],
] as const) {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  writeFileSync(join(out, file), text);
  log(`wrote ${join(out, file)}`);
}
for (const t of results.targets) log(`target ${t.id} ${t.met === null ? "not judged" : t.met ? "met" : "MISSED"}: ${t.detail}`);
for (const f of results.failures) log(`broken: ${f}`);
process.exitCode = results.failures.length > 0 ? 1 : 0;
