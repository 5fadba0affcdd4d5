import { fstatSync } from "node:fs";
import { parseArgs } from "node:util";
import { startHyperskuSimulator } from "./hypersku/index.js";
import { startSupershipSimulator } from "./supership/index.js";

/**
 * Standalone entry: serves one or both simulators in this process, so a benchmark (or a
 * developer) can run them apart from the API. Prints their base URLs as ONE JSON line on
 * stdout, e.g. `{"hypersku":"http://127.0.0.1:41234","supership":"http://127.0.0.1:41235"}`,
 * then serves until SIGTERM/SIGINT or until stdin closes (the parent that started us died).
 *
 *   tsx simulators/serve.ts [--only hypersku|supership] [--latency-ms 20] [--jitter-ms 0]
 *                           [--host 127.0.0.1] [--hypersku-port 0] [--supership-port 0]
 *
 * Latency defaults come from SIM_LATENCY_MS / SIM_JITTER_MS (as in demo mode), else 0.
 */

const USAGE = "usage: tsx simulators/serve.ts [--only hypersku|supership] [--latency-ms N] [--jitter-ms N] [--host H] [--hypersku-port P] [--supership-port P]";

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"\n${USAGE}`);
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      "latency-ms": { type: "string" },
      "jitter-ms": { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      "hypersku-port": { type: "string" },
      "supership-port": { type: "string" },
    },
  });
  if (values.only !== undefined && values.only !== "hypersku" && values.only !== "supership") throw new Error(USAGE);
  const sim = {
    latencyMs: nonNegativeInt("--latency-ms", values["latency-ms"] ?? process.env.SIM_LATENCY_MS, 0),
    jitterMs: nonNegativeInt("--jitter-ms", values["jitter-ms"] ?? process.env.SIM_JITTER_MS, 0),
    host: values.host,
  };
  const running: Array<{ close(): Promise<void> }> = [];
  const urls: Record<string, string> = {};
  if (values.only !== "supership") {
    const s = await startHyperskuSimulator({ ...sim, port: nonNegativeInt("--hypersku-port", values["hypersku-port"], 0) });
    running.push(s);
    urls.hypersku = s.url;
  }
  if (values.only !== "hypersku") {
    const s = await startSupershipSimulator({ ...sim, port: nonNegativeInt("--supership-port", values["supership-port"], 0) });
    running.push(s);
    urls.supership = s.url;
  }
  process.stdout.write(`${JSON.stringify({ ...urls, latencyMs: sim.latencyMs, jitterMs: sim.jitterMs, pid: process.pid })}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Bounded: a hung close must not keep an orphan alive.
    setTimeout(() => process.exit(0), 2_000).unref();
    void Promise.all(running.map((s) => s.close())).then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  // A parent that pipes our stdin and then dies (even by SIGKILL) closes the pipe: leave with it.
  // Only for a pipe or socket: a terminal or /dev/null stdin is not a parent's lifeline.
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on("end", stop).on("close", stop).on("error", stop);
    process.stdin.resume();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
