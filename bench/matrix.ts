import { request } from "./api.js";
import { latencyFloor, type Step } from "./floors.js";
import { type LoadResult, limitsInEffect, runLoad, settle, state } from "./measure.js";
import type { Settings } from "./report.js";
import { runOnce, type Scenario } from "./scenarios.js";

/**
 * Issue 17's served matrix: the batched Dashboard at each provider latency (the simulators'
 * `POST /__sim/latency`, restored afterwards) with both caches off ("cold": the classic
 * scenarios' API) and on ("warm": the catalogue cache at its default, and the delivery cache
 * warm through the pushed path, bench/pushed.ts), each cell on a fresh API process. Per cell:
 * the simulators' calls for one Dashboard after the filling one, then per concurrency rps,
 * p50/p99 and the API process's CPU time per answered Dashboard (its `/__bench/state` CPU
 * before and right after the load, over the operations answered), and the process's peak RSS.
 * At a latency above zero the cell's latency floor counts the waves of the needs the cell's
 * own Dashboard still sends to a provider (cached endpoints cost no wave).
 */

type Sims = { hypersku: string; supership: string };
type Api = { url: string; proc: { kill(signal?: NodeJS.Signals): boolean } };
export type Cache = "cold" | "warm";
export const CACHES: readonly Cache[] = ["cold", "warm"];

const sim = (base: string, path: string, method = "GET", body?: object) =>
  fetch(`${base}/__sim/${path}`, {
    method,
    ...(body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(5_000),
  });
export const setLatency = (sims: Sims, fixedMs: number) =>
  Promise.all(
    Object.values(sims).map(async (base) => {
      const res = await sim(base, "latency", "POST", { fixedMs, jitterMs: 0 });
      if (!res.ok) throw new Error(`${base}: POST /__sim/latency answered ${res.status}`);
    }),
  );
/** One Dashboard's calls at the simulators, by `<provider>.<endpoint>`. */
async function countOne(url: string, apiKey: string, sims: Sims, dashboard: Scenario): Promise<Record<string, number>> {
  await Promise.all(Object.values(sims).map((base) => sim(base, "counters", "DELETE")));
  await runOnce(dashboard, url, apiKey);
  const out: Record<string, number> = {};
  for (const [name, base] of Object.entries(sims)) {
    const { byEndpoint } = (await (await sim(base, "counters")).json()) as { byEndpoint: Record<string, number> };
    for (const [endpoint, n] of Object.entries(byEndpoint)) out[`${name}.${endpoint}`] = n;
  }
  return out;
}

/** The needs a Dashboard still sends to a provider: those of endpoints it called at all. */
export const stillCalled = (steps: readonly Step[], calls: Readonly<Record<string, number>>): Step[] => steps.map((step) => step.filter((n) => (calls[n.endpoint] ?? 0) > 0));

export type MatrixLoad = LoadResult & { cpuMsPerDashboard: number | null };
export async function runCell(api: Api, apiKey: string, sims: Sims, dashboard: Scenario, steps: readonly Step[], latencyMs: number, cache: Cache, o: Settings) {
  const { url } = api;
  if (cache === "warm") {
    await request(url, apiKey, "mutation { registerSupershipWebhook { __typename } }", {}, globalThis.fetch, "registerSupershipWebhook");
    await runOnce(dashboard, url, apiKey); // fills both caches
  }
  const calls = await countOne(url, apiKey, sims, dashboard);
  await runLoad(url, apiKey, dashboard.steps, 1, o.warmupSec);
  const load: MatrixLoad[] = [];
  let limits: Record<string, number> = {};
  for (const connections of o.concurrency) {
    await settle(url);
    const before = (await state(url)).cpuUs;
    const r = await runLoad(url, apiKey, dashboard.steps, connections, o.durationSec);
    const cpuMs = ((await state(url)).cpuUs - before) / 1000;
    load.push({ ...r, cpuMsPerDashboard: r.operations ? Math.round((cpuMs / r.operations) * 100) / 100 : null });
    if (load.length === 1) limits = (await limitsInEffect(url, ["hypersku", "supership"], o.providerConcurrency)).byProvider;
  }
  const floor = latencyMs > 0 ? latencyFloor(stillCalled(steps, calls), limits, latencyMs) : null;
  const p50 = load[0]?.latency.p50Ms ?? null;
  const { peakRssMb } = await state(url);
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  return {
    latencyMs,
    cache,
    calls: { total, byEndpoint: calls },
    floor,
    p50OverFloor: floor?.ms && p50 !== null ? Math.round((p50 / floor.ms) * 100) / 100 : null,
    load,
    peakRssMb,
  };
}
export type MatrixCell = Awaited<ReturnType<typeof runCell>>;
export type MatrixResult =
  | { status: "ok"; cells: Array<MatrixCell | { latencyMs: number; cache: Cache; status: "failed"; error: string }> }
  | { status: "failed"; error: string };

/** Every latency × cache cell, each on a fresh API from `start`; the simulators' latency is restored to `o.latencyMs` however it ends. */
export async function runMatrix(
  start: (cache: Cache) => Promise<Api>,
  apiKey: string,
  sims: Sims,
  dashboard: Scenario,
  steps: readonly Step[],
  o: Settings,
  log: (line: string) => void,
): Promise<MatrixResult> {
  const cells: Extract<MatrixResult, { status: "ok" }>["cells"] = [];
  try {
    for (const latencyMs of o.matrixLatenciesMs) {
      await setLatency(sims, latencyMs);
      for (const cache of CACHES) {
        log(`matrix: the Dashboard at ${latencyMs} ms provider latency, caches ${cache}, connections ${o.concurrency.join(", ")}…`);
        const api = await start(cache);
        try {
          const c = await runCell(api, apiKey, sims, dashboard, steps, latencyMs, cache, o);
          cells.push(c);
          log(
            `  ${c.calls.total} calls per Dashboard; ${c.load.map((l) => `${l.rps} rps, ${l.cpuMsPerDashboard} CPU ms @${l.connections}`).join("; ")}; p50 ${c.load[0]?.latency.p50Ms} ms; peak RSS ${c.peakRssMb} MB`,
          );
        } catch (e) {
          cells.push({ latencyMs, cache, status: "failed", error: (e as Error).message });
          log(`  FAILED: ${(e as Error).message}`);
        } finally {
          api.proc.kill("SIGTERM");
        }
      }
    }
  } finally {
    await setLatency(sims, o.latencyMs).catch(() => undefined);
  }
  return { status: "ok", cells };
}
