import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { loadConfig } from "../src/config.js";
import { type Fixtures, loadFixtures } from "./fixtures.js";
import { measureInProcess } from "./in-process.js";
import { type ModeResult, measure } from "./measure.js";
import { renderReport } from "./report.js";
import { buildScenarios } from "./scenarios.js";
import { killAll, MODES, type Mode, ROOT, startStack } from "./stack.js";
import { type BenchResults, evaluateTargets, failuresOf, type ScenarioResult } from "./targets.js";

/**
 * `npm run bench` writes bench/results/latest.json and docs/benchmarks.md: run it on a quiet
 * machine when the numbers matter. `npm run bench -- --smoke` is CI's check of the harness:
 * the same code paths (every scenario, both modes, a restart per mode, in-process, the report)
 * with tiny durations, written to a temporary directory; non-zero exit when anything is broken.
 */

const smoke = process.argv.includes("--smoke");
const o = smoke
  ? { latencyMs: 20, durationSec: 1, warmupSec: 0.5, concurrency: [1], iterations: 5 }
  : { latencyMs: 20, durationSec: 5, warmupSec: 5, concurrency: [1, 10, 50], iterations: 200 };
const [t0, loadAverage] = [Date.now(), () => Math.round((loadavg()[0] ?? 0) * 100) / 100];
const log = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - t0) / 1000)}s] ${line}\n`);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
async function run(): Promise<BenchResults> {
  const loadAverageAtStart = loadAverage();
  if (loadAverageAtStart > cpus().length / 2) log(`the machine is busy (load ${loadAverageAtStart} on ${cpus().length} cores): milliseconds and rps will be skewed`);
  const cap = loadConfig({ NODE_ENV: "production", DEMO_MODE: "false" }).PROVIDER_CONCURRENCY;
  log(`in-process: counted executions in both modes, ${o.iterations} timed iterations per scenario…`);
  let inProcessError: string | undefined;
  const inProcess = await measureInProcess({ iterations: o.iterations, warmup: Math.min(20, o.iterations) }).catch(
    (e: unknown) => ((inProcessError = message(e)), { results: [], counted: {} } as Awaited<ReturnType<typeof measureInProcess>>),
  );
  const stack = await startStack(o.latencyMs);
  const scenarios: ScenarioResult[] = [];
  let fixtures: Fixtures;
  try {
    fixtures = await loadFixtures(stack.apis.batched.url, stack.apiKey);
    log(`fixtures: ${JSON.stringify(fixtures)}`);
    const list = buildScenarios(fixtures);
    for (const [i, scenario] of list.entries()) {
      const modes: Partial<Record<Mode, ModeResult>> = {};
      for (const mode of MODES) {
        // A fresh API per scenario, so its peak RSS and leftover work are its own; the smoke check restarts only before the last.
        const api = i === 0 || (smoke && i < list.length - 1) ? stack.apis[mode] : await stack.restart(mode);
        const counted = inProcess.counted[scenario.id]?.[mode];
        log(`${scenario.id} (${mode})…`);
        const failed = (e: unknown) => ({ status: "failed" as const, error: message(e) });
        const r = (modes[mode] = counted
          ? await measure(api.url, scenario, counted, { ...o, apiKey: stack.apiKey, perCallMs: o.latencyMs, cap }).catch(failed)
          : failed(`not counted: in-process ${inProcessError ?? "skipped it"}`));
        log(
          r.status === "ok"
            ? `  calls ${r.upstreamCalls} (floor ${r.floorCalls}), p50 ${r.p50Ms} ms (floor ${r.floorMs} ms), rps ${r.load.map((l) => `${l.rps}@${l.connections}`).join(" ")}`
            : `  FAILED: ${r.error}`,
        );
      }
      scenarios.push({ id: scenario.id, title: scenario.title, source: scenario.source, modes });
    }
  } finally {
    stack.close();
  }
  const [cpu] = cpus();
  const results = { scenarios, inProcess: inProcess.results, settings: { smoke, ...o, providerConcurrency: cap } };
  return {
    generatedAt: new Date().toISOString(),
    durationSec: Math.round((Date.now() - t0) / 1000),
    command: `npm run bench${smoke ? " -- --smoke" : ""}`,
    machine: {
      cpuModel: cpu?.model.trim() ?? "unknown",
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      platform: `${process.platform} ${process.arch}`,
      nodeVersion: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: loadAverage(),
    },
    fixtures,
    ...results,
    ...(inProcessError ? { inProcessError } : {}),
    targets: evaluateTargets(results),
    failures: failuresOf(results, inProcessError),
  };
}

// Bounded: a hung child or load run cannot keep the benchmark (or CI) waiting forever; children die with us.
setTimeout(() => (log("giving up: hard time limit"), process.exit(3)), (smoke ? 2 : 30) * 60_000).unref();
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(130));

const results = await run();
const out = smoke ? mkdtempSync(join(tmpdir(), "bench-smoke-")) : ROOT;
for (const [file, text] of [
  [smoke ? "latest.json" : "bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`],
  [smoke ? "benchmarks.md" : "docs/benchmarks.md", renderReport(results)],
] as const) {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  writeFileSync(join(out, file), text);
  log(`wrote ${join(out, file)}`);
}
for (const t of results.targets) log(`target ${t.id} ${t.met === null ? "not judged" : t.met ? "met" : "MISSED"}: ${t.detail}`);
for (const f of results.failures) log(`broken: ${f}`);
process.exitCode = results.failures.length > 0 ? 1 : 0;
