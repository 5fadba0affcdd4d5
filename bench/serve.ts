import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { startHyperskuSimulator } from "../simulators/hypersku/index.js";
import { startSupershipSimulator } from "../simulators/supership/index.js";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createCipher } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { providerUrls } from "./stack.js";

/**
 * The bench's own child entry, one role per process so the API, each simulator and autocannon
 * share no event loop: `hypersku|supership --latency-ms N`, or `api --batching on|off
 * --hypersku URL --supership URL --db FILE` (key in BENCH_KEY). The API is wired here, not by
 * src/server.ts: batching off is a createApp option, not production config. Prints `{"url":…}`,
 * serves until SIGTERM or until stdin closes (the benchmark died, even by SIGKILL). The API also
 * answers GET /__bench/state: peak RSS since start, and the requests still in flight.
 */

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    "latency-ms": { type: "string", default: "0" },
    batching: { type: "string", default: "on" },
    hypersku: { type: "string" },
    supership: { type: "string" },
    db: { type: "string" },
  },
});

async function start(role: string | undefined): Promise<{ url: string; close(): Promise<unknown> }> {
  const latencyMs = Number(values["latency-ms"]);
  if (role === "hypersku") return startHyperskuSimulator({ latencyMs });
  if (role === "supership") return startSupershipSimulator({ latencyMs });
  if (role !== "api" || !values.hypersku || !values.supership || !values.db || !process.env.BENCH_KEY) throw new Error("usage: bench/serve.ts hypersku|supership|api …");
  const encryptionKey = process.env.BENCH_KEY;
  const config = loadConfig({ NODE_ENV: "production", DEMO_MODE: "false", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: "0" });
  const store = createSqliteStore({ file: values.db, cipher: createCipher(encryptionKey) });
  const { app } = createApp({ config, store, encryptionKey, urls: providerUrls(values.hypersku, values.supership), batching: values.batching === "on" });
  let inFlight = 0;
  const state = () => Response.json({ inFlight, peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10 });
  const fetch = async (req: Request) => {
    if (new URL(req.url).pathname === "/__bench/state") return state();
    inFlight++;
    return Promise.resolve(app.fetch(req)).finally(() => inFlight--);
  };
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => server.close(() => void store.close().then(done))) }),
    );
  });
}

const running = await start(positionals[0]);
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
// Bounded: a close that hangs on a kept-alive connection must not keep an orphan alive.
const stop = () => void (setTimeout(() => process.exit(0), 2_000).unref(), running.close().then(() => process.exit(0)));
process.once("SIGTERM", stop);
process.stdin.once("close", stop).once("end", stop).resume();
