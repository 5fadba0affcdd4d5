import { request } from "./api.js";
import { type LoadResult, runLoad, settle } from "./measure.js";
import type { Settings } from "./report.js";
import { runOnce, type Scenario } from "./scenarios.js";
import { peakRss } from "./traffic.js";

/**
 * Issue 15's benchmark: the Dashboard on a fresh API whose tenant registered its SuperShip
 * webhook (`registerSupershipWebhook`, to the simulator, pointing at this API), so the delivery
 * cache keeps what it read until the next push (docs/decisions/028-delivery-cache.md). One cold
 * Dashboard fills it; the warm one after it is counted at the simulators (`/__sim/counters`),
 * then the load runs at each concurrency, with the simulators' calls per Dashboard under load.
 */

type Counters = { total: number; byEndpoint: Record<string, number> };
type Sims = { hypersku: string; supership: string };

const counters = async (sim: string): Promise<Counters> => (await (await fetch(`${sim}/__sim/counters`, { signal: AbortSignal.timeout(5_000) })).json()) as Counters;
const clear = (sims: Sims) => Promise.all(Object.values(sims).map((sim) => fetch(`${sim}/__sim/counters`, { method: "DELETE", signal: AbortSignal.timeout(5_000) })));
/** Calls the simulators counted since the last clear, per provider and in all. */
async function calls(sims: Sims) {
  const [hypersku, supership] = [(await counters(sims.hypersku)).total, (await counters(sims.supership)).total];
  return { hypersku, supership, total: hypersku + supership };
}

export async function runPushed(url: string, apiKey: string, sims: Sims, dashboard: Scenario, o: Settings) {
  await request(url, apiKey, "mutation { registerSupershipWebhook { __typename } }", {}, globalThis.fetch, "registerSupershipWebhook");
  await clear(sims);
  await runOnce(dashboard, url, apiKey);
  const cold = await calls(sims);
  await clear(sims);
  await runOnce(dashboard, url, apiKey);
  const warm = await calls(sims);
  const load: Array<LoadResult & { callsPerDashboard: Awaited<ReturnType<typeof calls>> }> = [];
  for (const connections of o.concurrency) {
    await settle(url);
    await clear(sims);
    const r = await runLoad(url, apiKey, dashboard.steps, connections, o.durationSec);
    const c = await calls(sims);
    const per = (n: number) => Math.round((n / Math.max(r.operations, 1)) * 100) / 100;
    load.push({ ...r, callsPerDashboard: { hypersku: per(c.hypersku), supership: per(c.supership), total: per(c.total) } });
  }
  return { status: "ok" as const, cold, warm, latency: load[0]!.latency, load, peakRssMb: await peakRss(url) };
}
export type PushedResult = Awaited<ReturnType<typeof runPushed>> | { status: "failed"; error: string };
