import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG } from "./api.js";
import { measureInProcess } from "./in-process.js";
import { type ModeResult, measure } from "./measure.js";
import { type BenchResults, evaluateTargets, failuresOf, loadAverage, machine, renderReport, type ScenarioResult, type Settings } from "./report.js";
import { killAll, MODES, type Mode, ROOT, startStack } from "./stack.js";

/**
 * `npm run bench` writes bench/results/latest.json and docs/benchmarks.md: run it on a quiet
 * machine when the numbers matter. `npm run bench -- --smoke` is CI's check of the harness:
 * the same code paths (every scenario, both modes, a restart per mode, in-process, the report)
 * with tiny durations, written to a temporary directory; non-zero exit when anything is broken.
 */

const { smoke = false } = parseArgs({ options: { smoke: { type: "boolean" } } }).values;
const o: Settings = {
  smoke,
  latencyMs: 20,
  providerConcurrency: CONFIG.PROVIDER_CONCURRENCY,
  ...(smoke ? { durationSec: 1, warmupSec: 0.5, concurrency: [1], iterations: 5 } : { durationSec: 5, warmupSec: 5, concurrency: [1, 10, 50], iterations: 200 }),
};
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - t0) / 1000)}s] ${line}\n`);

// Bounded: a hung child or load run cannot keep the benchmark (or CI) waiting forever; children die with us.
setTimeout(() => (log("giving up: hard time limit"), process.exit(3)), (smoke ? 2 : 30) * 60_000).unref();
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(130));

const loadAverageAtStart = loadAverage();
if (loadAverageAtStart > cpus().length / 2) log(`the machine is busy (load ${loadAverageAtStart} on ${cpus().length} cores): milliseconds and rps will be skewed`);
log(`in-process: counted executions in both modes, ${o.iterations} timed iterations per scenario…`);
// A failure here (a counted execution with an error answer) ends the run: without counts there is nothing to judge.
const inProcess = await measureInProcess(o.iterations);
log(`fixtures: ${JSON.stringify(inProcess.fixtures)}`);
const stack = await startStack(o.latencyMs);
const scenarios: ScenarioResult[] = [];
try {
  for (const [i, { scenario, counted }] of inProcess.scenarios.entries()) {
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
} finally {
  stack.close();
}

const input = { scenarios, inProcess: inProcess.results, settings: o };
const results: BenchResults = {
  generatedAt: new Date().toISOString(),
  durationSec: Math.round((Date.now() - t0) / 1000),
  command: `npm run bench${smoke ? " -- --smoke" : ""}`,
  machine: machine(loadAverageAtStart),
  fixtures: inProcess.fixtures,
  ...input,
  targets: evaluateTargets(input),
  failures: failuresOf(input),
};
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
