import { parseArgs } from "node:util";

/**
 * `npm run bench -- [flags]`. The full run writes bench/results/latest.json and
 * docs/benchmarks.md; `--smoke` is the CI check of the harness itself: tiny durations, one
 * concurrency level, both modes, every scenario, results to bench/results/smoke.tmp.json
 * (git-ignored), a non-zero exit when anything is broken.
 */

export interface BenchOptions {
  smoke: boolean;
  latencyMs: number;
  jitterMs: number;
  durationSec: number;
  warmupSec: number;
  concurrency: number[];
  iterations: number;
  nodeEnv: string;
  scenarios: string[] | null;
  allowIncomplete: boolean;
  outJson: string;
  outMarkdown: string | null;
  /** Only render the report again from this results file (no measuring). */
  render: string | null;
}

export const USAGE = `usage: npm run bench -- [--smoke] [--latency-ms 20] [--jitter-ms 0] [--duration 5] [--warmup 5]
                       [--concurrency 1,10,50] [--iterations 200] [--node-env production]
                       [--scenarios dashboard,order,catalogue,writes] [--allow-incomplete]
                       [--out-json bench/results/latest.json] [--out-md docs/benchmarks.md | --no-md]
       npm run bench -- --render bench/results/latest.json   (re-render docs/benchmarks.md only)`;

function num(name: string, raw: string | undefined, fallback: number, { min = 0, integer = true } = {}): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new Error(`${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got "${raw}"\n${USAGE}`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: "boolean", default: false },
      "latency-ms": { type: "string" },
      "jitter-ms": { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      concurrency: { type: "string" },
      iterations: { type: "string" },
      "node-env": { type: "string", default: "production" },
      scenarios: { type: "string" },
      "allow-incomplete": { type: "boolean", default: false },
      "out-json": { type: "string" },
      "out-md": { type: "string" },
      "no-md": { type: "boolean", default: false },
      render: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const smoke = values.smoke;
  const concurrency = (values.concurrency ?? (smoke ? "1" : "1,10,50")).split(",").map((c) => num("--concurrency", c.trim(), 1, { min: 1 }));
  if (!["development", "production", "test"].includes(values["node-env"])) throw new Error(`--node-env must be development, production or test\n${USAGE}`);
  return {
    smoke,
    latencyMs: num("--latency-ms", values["latency-ms"], 20),
    jitterMs: num("--jitter-ms", values["jitter-ms"], 0),
    durationSec: num("--duration", values.duration, smoke ? 1 : 5, { min: 0.5, integer: false }),
    warmupSec: num("--warmup", values.warmup, smoke ? 0 : 5, { integer: false }),
    concurrency: [...new Set(concurrency)].sort((a, b) => a - b),
    iterations: num("--iterations", values.iterations, smoke ? 10 : 200, { min: 1 }),
    nodeEnv: values["node-env"],
    scenarios: values.scenarios ? values.scenarios.split(",").map((s) => s.trim()) : null,
    allowIncomplete: values["allow-incomplete"],
    outJson: values["out-json"] ?? (smoke ? "bench/results/smoke.tmp.json" : "bench/results/latest.json"),
    outMarkdown: values["no-md"] ? null : (values["out-md"] ?? (smoke ? null : "docs/benchmarks.md")),
    render: values.render ?? null,
  };
}
