import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../src/config.js";
import { parseOptions, type BenchOptions } from "./args.js";
import { detectFeatures, FEATURES } from "./features.js";
import { loadFixtures } from "./fixtures.js";
import { measureInProcess } from "./in-process.js";
import { failed, measure } from "./measure.js";
import { cpuSnapshot, othersShare } from "./machine-load.js";
import { childPids, killAll, killAllNow, ROOT } from "./processes.js";
import { renderReport } from "./report.js";
import { failuresOf, loadAverage, machine, settings, type BenchResults, type ScenarioResult } from "./results.js";
import { buildScenarios } from "./scenarios.js";
import { MODES, startStack, type Stack } from "./stack.js";
import { evaluateTargets } from "./targets.js";

/**
 * `npm run bench`: simulators and two API processes (batched / PROVIDER_BATCHING=false) as
 * children, autocannon here, then the in-process measurement; writes the results and the
 * report. Read scenarios run first in both modes, the write mix last, so the orders it creates
 * cannot change what the read scenarios see. Children are killed on every way out.
 */

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function run(options: BenchOptions): Promise<BenchResults> {
  const started = Date.now();
  const loadAtStart = loadAverage();
  const cpuAtStart = cpuSnapshot([process.pid]);
  if (loadAtStart > cpus().length / 2) log(`the machine is busy (load average ${loadAtStart} on ${cpus().length} cores): latencies and throughput will be skewed`);
  const features = detectFeatures();
  const has = (f: (typeof FEATURES)[number]) => features.has(f);
  log(`schema parts present: ${[...features].join(", ") || "none"}; missing: ${FEATURES.filter((f) => !has(f)).join(", ") || "none"}`);
  log(`starting simulators (latency ${options.latencyMs} ms, jitter ${options.jitterMs} ms) and two API processes`);
  let stack: Stack | null = null;
  try {
    stack = await startStack(options);
    const apiConfig = loadConfig(stack.env);
    const cap = apiConfig.PROVIDER_CONCURRENCY;
    const fixtures = await loadFixtures(stack.apis.batched.url, stack.apiKey, has);
    log(`fixtures: ${JSON.stringify(fixtures)}`);
    const scenarios = buildScenarios(features, fixtures).filter((s) => !options.scenarios || options.scenarios.includes(s.id));
    const results: ScenarioResult[] = scenarios.map((s) => ({ id: s.id, title: s.title, source: s.source, wants: s.wants, missing: s.missing, complete: s.missing.length === 0, modes: {} }));
    // Each scenario runs on a fresh API process; the ones the stack just started are fresh already.
    const fresh = new Set<string>(MODES);
    const ordered = [...scenarios.filter((s) => s.id !== "writes"), ...scenarios.filter((s) => s.id === "writes")];
    for (const scenario of ordered) {
      const result = results.find((r) => r.id === scenario.id)!;
      if (scenario.steps.length === 0) {
        log(`${scenario.id}: skipped, the schema lacks ${scenario.missing.join(", ")}`);
        continue;
      }
      for (const mode of MODES) {
        log(`${scenario.id} (${mode})…`);
        // The smoke check skips the restarts (and shortens the quiet wait) to stay well under a minute.
        const api = fresh.delete(mode) || options.smoke ? stack.apis[mode] : await stack.restart(mode);
        result.modes[mode] = await measure(api, scenario, {
          sims: stack.sims,
          apiKey: stack.apiKey,
          concurrency: options.concurrency,
          durationSec: options.durationSec,
          warmupSec: options.warmupSec,
          perCallMs: options.latencyMs + options.jitterMs / 2,
          cap,
          quietMs: options.smoke ? 200 : 1_000,
        }).catch(failed);
        const r = result.modes[mode]!;
        log(`  ${r.status === "ok" ? `calls ${r.upstreamCalls} (floor ${r.floorCalls}), p50 ${r.p50Ms} ms (floor ${r.floorMs} ms), rps ${JSON.stringify(r.rps)}, errors ${r.errorRate}` : `FAILED: ${r.error}`}`);
      }
    }
    log(`in-process measurement (${options.iterations} iterations per scenario)…`);
    const inProcess = await measureInProcess(features, {
      iterations: options.iterations,
      warmup: Math.min(20, options.iterations),
      nodeEnv: options.nodeEnv,
      saveProfile: "bench/results/dashboard.cpuprofile.tmp.json",
    }).catch((e: unknown) => ({
      results: [],
      profile: null,
      error: e instanceof Error ? e.message : String(e),
    }));
    const othersCpu = othersShare(cpuAtStart, cpuSnapshot([process.pid, ...childPids()]));
    if ((othersCpu ?? 0) > 0.1) log(`other processes used ${Math.round((othersCpu ?? 0) * 100)}% of the machine's CPU during the run`);
    const base = {
      generatedAt: new Date().toISOString(),
      durationSec: Math.round((Date.now() - started) / 1000),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
      machine: machine(loadAtStart, othersCpu),
      settings: settings(options, { providerConcurrency: cap, providerQueue: apiConfig.PROVIDER_QUEUE }),
      features: { present: FEATURES.filter(has), missing: FEATURES.filter((f) => !has(f)) },
      fixtures,
      scenarios: results,
      inProcess,
    };
    return { ...base, targets: evaluateTargets(base), failures: failuresOf(base, options) };
  } finally {
    await killAll();
    stack?.removeDataDir();
  }
}

function write(path: string, text: string): void {
  const file = resolve(ROOT, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  log(`wrote ${path}`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.render) {
    write(options.outMarkdown ?? "docs/benchmarks.md", renderReport(JSON.parse(readFileSync(resolve(ROOT, options.render), "utf8")) as BenchResults));
    return;
  }
  const hardLimitMs = options.smoke ? 120_000 : 30 * 60_000;
  // Bounded: a hung child or load run cannot keep the benchmark (or CI) waiting forever.
  const watchdog = setTimeout(() => {
    log(`giving up after ${hardLimitMs / 1000} s`);
    killAllNow();
    process.exit(3);
  }, hardLimitMs).unref();
  const results = await run(options);
  clearTimeout(watchdog);
  write(options.outJson, JSON.stringify(results, null, 2) + "\n");
  if (options.outMarkdown) write(options.outMarkdown, renderReport(results));
  for (const t of results.targets) log(`target ${t.id} ${t.met === null ? "n/a" : t.met ? "met" : "MISSED"}: ${t.detail}`);
  if (results.failures.length > 0) {
    for (const f of results.failures) log(`broken: ${f}`);
    process.exitCode = 1;
  }
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the child processes`);
    void killAll(1_000).finally(() => process.exit(130));
  });
}
process.on("exit", killAllNow);

main().catch(async (e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  await killAll(1_000);
  process.exit(2);
});
