import { callFloor, floorRatio, latencyFloor, type Step } from "./floors.js";
import { type LoadResult, runLoad } from "./load.js";
import { runOnce, type Scenario } from "./scenarios.js";

/**
 * One scenario against one served API: one execution and a warm-up, then autocannon at each
 * concurrency, then the API's peak RSS since it started. Its upstream calls and the needs the floors come from are
 * counted in-process (in-process.ts: the simulators' own counters around one execution of the
 * same createApp), where nothing else can be calling the providers at the time.
 */

/** One counted execution: `<provider>.<endpoint>` → calls, and each step's needs from its own answer. */
export type Counted = { calls: Record<string, number>; steps: Step[] };
/** `perCallMs`: injected latency per provider call; `cap`: the API's per-provider concurrency cap. */
export type MeasureOptions = { apiKey: string; concurrency: readonly number[]; durationSec: number; warmupSec: number; perCallMs: number; cap: number };

type Ms = number | null;
export type ModeResult =
  | { status: "failed"; error: string }
  | {
      status: "ok";
      upstreamCalls: number;
      upstreamByEndpoint: Record<string, number>;
      floorCalls: number;
      floorByEndpoint: Record<string, number>;
      floorWaves: number;
      floorMs: number;
      p50Ms: Ms;
      p95Ms: Ms;
      p99Ms: Ms;
      p50OverFloor: Ms;
      peakRssMb: number;
      load: LoadResult[];
    };

const state = async (url: string) => (await (await fetch(`${url}/__bench/state`, { signal: AbortSignal.timeout(5_000) })).json()) as { inFlight: number; peakRssMb: number };

/** Until the API has finished what autocannon abandoned when the last run ended, so it does not load the next one. */
async function settle(url: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if ((await state(url)).inFlight === 0) return;
  throw new Error("the API never went idle: requests of an earlier run are still running");
}

export async function measure(url: string, scenario: Scenario, counted: Counted, o: MeasureOptions): Promise<ModeResult> {
  const calls = callFloor(counted.steps);
  const floor = latencyFloor(counted.steps, { cap: o.cap, perCallMs: o.perCallMs });
  // Once outside autocannon first: a broken served API fails here with the reason, and the first (cold) request is not timed.
  await runOnce(scenario, url, o.apiKey);
  await runLoad(url, o.apiKey, scenario.steps, 1, o.warmupSec);
  const load: LoadResult[] = [];
  for (const connections of o.concurrency) {
    await settle(url);
    load.push(await runLoad(url, o.apiKey, scenario.steps, connections, o.durationSec));
  }
  const c1 = (load.find((l) => l.connections === 1) ?? load[0])?.latency;
  const ratio = c1?.p50Ms == null ? null : floorRatio(c1.p50Ms, floor.ms);
  return {
    status: "ok",
    upstreamCalls: Object.values(counted.calls).reduce((a, b) => a + b, 0),
    upstreamByEndpoint: counted.calls,
    floorCalls: calls.total,
    floorByEndpoint: calls.byEndpoint,
    floorWaves: floor.waves,
    floorMs: floor.ms,
    p50Ms: c1?.p50Ms ?? null,
    p95Ms: c1?.p95Ms ?? null,
    p99Ms: c1?.p99Ms ?? null,
    p50OverFloor: ratio === null ? null : Math.round(ratio * 100) / 100,
    peakRssMb: (await state(url)).peakRssMb,
    load,
  };
}
