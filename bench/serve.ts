import { createServer } from "node:net";
import { serve } from "@hono/node-server";
import { createCipher } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { benchApp, pushedConfig } from "./api.js";
import { peakRssMb } from "./peak-rss.js";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * The bench's API process: `bench/serve.ts batched|unbatched`, with the store, its key and the
 * simulators' URLs in BENCH_API (JSON). Prints `{"url":…}`, serves until SIGTERM or until stdin
 * closes (the benchmark died, even by SIGKILL). Also answers GET /__bench/state: peak RSS since
 * start, the process's CPU time since start (user + system, µs) and the requests still in flight.
 * A third argument `pushed` turns the delivery cache on (PUBLIC_URL this process); `warm`: that
 * and the catalogue cache at its default.
 */

const o = JSON.parse(process.env.BENCH_API ?? "null") as { db: string; key: string; hypersku: string; supership: string };
const store = createSqliteStore({ file: o.db, cipher: createCipher(o.key) });
// `pushed`: the delivery cache on, and a port chosen first so PUBLIC_URL (the registered webhook) is this process.
const pushed = process.argv[3] === "pushed" || process.argv[3] === "warm";
const port = pushed ? await freePort() : 0;
const config = pushed ? pushedConfig(`http://127.0.0.1:${port}`, process.argv[3] === "warm") : undefined;
const app = benchApp({ store, encryptionKey: o.key, batching: process.argv[2] === "batched" }, o.hypersku, o.supership, config);
let inFlight = 0;
const fetch = async (req: Request) => {
  if (new URL(req.url).pathname === "/__bench/state") {
    const { user, system } = process.cpuUsage();
    return Response.json({ inFlight, peakRssMb: peakRssMb(), cpuUs: user + system });
  }
  inFlight++;
  return Promise.resolve(app.fetch(req)).finally(() => inFlight--);
};
const server = serve({ fetch, port, hostname: "127.0.0.1" }, (info) => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`));
// Bounded: a close that hangs on a kept-alive connection must not keep an orphan alive.
const stop = () => void (setTimeout(() => process.exit(0), 2_000).unref(), server.close(() => void (app.stop(), store.close()).then(() => process.exit(0))));
process.once("SIGTERM", stop);
process.stdin.once("close", stop).once("end", stop).resume();
