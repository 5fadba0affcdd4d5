import { settle, type SimUrls } from "./counters.js";
import { executeCounted } from "./execute.js";
import { callFloor, floorRatio, latencyFloor } from "./floors.js";
import { authHeaders, graphqlBody, problem } from "./graphql.js";
import { runLoad, type LoadResult, type LoadStep } from "./load.js";
import { watchPeakRss } from "./rss.js";
import type { Scenario, ScenarioStep } from "./scenarios.js";
import type { Api } from "./stack.js";

/**
 * One scenario against one API process: a single counted execution (simulator counters reset
 * before, read after; the floors come from that execution's answers), a short warm-up, then
 * autocannon at each concurrency for a fixed duration, the API's peak RSS watched throughout.
 */

export interface MeasureOptions {
  sims: SimUrls;
  apiKey: string;
  concurrency: readonly number[];
  durationSec: number;
  warmupSec: number;
  /** Per provider call: injected latency + mean jitter. */
  perCallMs: number;
  /** PROVIDER_CONCURRENCY of the API processes. */
  cap: number;
  /** How long no upstream call may happen before the providers count as quiet (counters.ts settle). */
  quietMs: number;
}

export interface ModeResult {
  status: "ok" | "failed";
  error?: string;
  upstreamCalls: number | null;
  upstreamByEndpoint: Record<string, number>;
  /** false: repeated counted executions never agreed (the smallest count is reported). */
  upstreamCountStable: boolean | null;
  floorCalls: number | null;
  floorByEndpoint: Record<string, number>;
  floorWaves: number | null;
  floorMs: number | null;
  /** At concurrency 1. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  p50OverFloor: number | null;
  /** Concurrency → answered requests per second. */
  rps: Record<string, number>;
  opsPerSec: Record<string, number>;
  /** Errors over attempts, every concurrency together, and per concurrency. */
  errorRate: number | null;
  errorRateByConcurrency: Record<string, number>;
  peakRssMb: number | null;
  load: LoadResult[];
}

function loadSteps(steps: readonly ScenarioStep[]): LoadStep[] {
  return steps.map((step) => ({
    body: (ctx) => {
      const variables = step.variables(ctx);
      return variables ? graphqlBody(step.query, variables) : null;
    },
    check: (status, text, ctx) => {
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        // `problem` reports a body that is not JSON.
      }
      const why = problem({ status, json }, step.resultPath ? [step.resultPath] : []);
      if (why === null) step.keep?.(json.data, ctx);
      return why;
    },
  }));
}

export async function measure(api: Api, scenario: Scenario, options: MeasureOptions): Promise<ModeResult> {
  const once = await executeCounted(api, scenario, options);
  const calls = callFloor(once.steps);
  const latency = latencyFloor(once.steps, { cap: options.cap, perCallMs: options.perCallMs });
  const target = { url: api.url, headers: authHeaders(options.apiKey), steps: loadSteps(scenario.steps) };

  const rss = watchPeakRss(api.child.pid);
  const load: LoadResult[] = [];
  let peakRssMb: number | null = null;
  try {
    if (options.warmupSec > 0) await runLoad({ ...target, connections: 1, durationSec: options.warmupSec });
    for (const connections of options.concurrency) {
      // autocannon abandons what is in flight when a run ends; the API finishes it anyway. Let it, before the next level.
      await settle(options.sims, { quietMs: options.quietMs });
      load.push(await runLoad({ ...target, connections, durationSec: options.durationSec }));
    }
  } finally {
    peakRssMb = rss.stop();
  }
  const c1 = load.find((l) => l.connections === 1) ?? load[0];
  const attempts = load.reduce((n, l) => n + l.requests + l.transportErrors, 0);
  const errors = load.reduce((n, l) => n + l.errors, 0);
  return {
    status: "ok",
    upstreamCalls: once.calls.total,
    upstreamByEndpoint: once.calls.byEndpoint,
    upstreamCountStable: once.stable,
    floorCalls: calls.total,
    floorByEndpoint: calls.byEndpoint,
    floorWaves: latency.waves,
    floorMs: latency.ms,
    p50Ms: c1?.latency.p50Ms ?? null,
    p95Ms: c1?.latency.p95Ms ?? null,
    p99Ms: c1?.latency.p99Ms ?? null,
    p50OverFloor: c1?.latency.p50Ms == null ? null : round2(floorRatio(c1.latency.p50Ms, latency.ms)),
    rps: Object.fromEntries(load.map((l) => [String(l.connections), l.rps])),
    opsPerSec: Object.fromEntries(load.map((l) => [String(l.connections), l.opsPerSec])),
    errorRate: attempts === 0 ? null : Math.round((errors / attempts) * 10_000) / 10_000,
    errorRateByConcurrency: Object.fromEntries(load.map((l) => [String(l.connections), l.errorRate])),
    peakRssMb,
    load,
  };
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

export function failed(error: unknown): ModeResult {
  return {
    status: "failed",
    error: error instanceof Error ? error.message : String(error),
    upstreamCalls: null,
    upstreamByEndpoint: {},
    upstreamCountStable: null,
    floorCalls: null,
    floorByEndpoint: {},
    floorWaves: null,
    floorMs: null,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    p50OverFloor: null,
    rps: {},
    opsPerSec: {},
    errorRate: null,
    errorRateByConcurrency: {},
    peakRssMb: null,
    load: [],
  };
}
