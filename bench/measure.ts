import { createHistogram, performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { authHeaders, type Data, dataOf, providerLimits } from "./api.js";
import { callFloor, latencyFloor, type Step, sum } from "./floors.js";
import type { Settings } from "./report.js";
import { runOnce, type Scenario, type ScenarioStep } from "./scenarios.js";

/**
 * One scenario against one served API: one execution and a warm-up, then autocannon at each
 * concurrency, then the API's peak RSS since it started. Its upstream calls and the needs the floors come from are
 * counted in-process (in-process.ts: the simulators' own counters around one execution of the
 * same createApp), where nothing else can be calling the providers at the time.
 */

/** One counted execution: `<provider>.<endpoint>` → calls, and each step's needs from its own answer. */
export type Counted = { calls: Record<string, number>; steps: Step[] };
export type ModeResult = Awaited<ReturnType<typeof measure>> | { status: "failed"; error: string };

/**
 * Latency percentiles per operation, nearest-rank (the smallest sample with at least p% of the
 * samples at or below it), from Node's HDR histogram in µs at 5 significant digits (to 0.01 ms
 * below a second). autocannon's own histogram is per HTTP request (the write mix's operation
 * is two) and has no p95, and the in-process loop has no autocannon at all.
 */
export function summarize(samplesMs: readonly number[]) {
  const h = createHistogram({ figures: 5 });
  for (const ms of samplesMs) h.record(Math.max(1, Math.round(ms * 1000)));
  const ms = (µs: number) => (h.count ? Math.round(µs / 10) / 100 : null);
  return { count: h.count, p50Ms: ms(h.percentile(50)), p95Ms: ms(h.percentile(95)), p99Ms: ms(h.percentile(99)), meanMs: ms(h.mean) };
}

/**
 * Load with autocannon (as a library): `connections` keep-alive connections, each looping over
 * the scenario's steps for a fixed duration. autocannon counts the answers, connection errors
 * and timeouts and times the run; two things it cannot know are added here: GraphQL answers
 * errors with HTTP 200 (so each answer is checked), and the write mix's operation is two
 * requests (so latency is timed per operation, not per request). `operations`: iterations
 * completed; `errorRate`: (error answers + connection errors and timeouts) over (answers + those).
 */
export async function runLoad(url: string, apiKey: string, steps: readonly ScenarioStep[], connections: number, durationSec: number) {
  const samples: number[] = [];
  let [errors, firstError] = [0, undefined as string | undefined];
  // autocannon's context is per connection and reset per iteration: the previous step's data, and when the operation began.
  type Context = { previous?: Data; t0: number };
  const requests = steps.map((step, i) => ({
    method: "POST" as const,
    path: "/graphql",
    headers: authHeaders(apiKey),
    setupRequest: (req: autocannon.Request, ctx: Context) => {
      if (i === 0) ctx.t0 = performance.now();
      const variables = step.variables(ctx.previous);
      return (variables ? { ...req, body: JSON.stringify({ query: step.query, variables }) } : null) as autocannon.Request;
    },
    onResponse: (status: number, text: string, ctx: Context) => {
      try {
        ctx.previous = dataOf(status, text, step.resultPath);
      } catch (e) {
        errors++, (firstError ??= (e as Error).message.replace(/\b[\w-]*\d[\w-]*\b/g, "#").slice(0, 160));
      }
      if (i === steps.length - 1) samples.push(performance.now() - ctx.t0);
    },
  }));
  const result = await autocannon({ url, connections, duration: durationSec, timeout: 30, requests } as autocannon.Options);
  // autocannon's `errors` are connection errors, timeouts included: attempts that got no answer.
  const attempts = result.requests.total + result.errors;
  return {
    connections,
    durationSec: result.duration,
    requests: result.requests.total,
    operations: samples.length,
    rps: Math.round((result.requests.total / Math.max(result.duration, 1e-9)) * 10) / 10,
    // No attempt finished (one operation outlasted the run): slow, not an error; the report marks its rps.
    errorRate: attempts === 0 ? 0 : Math.round(((errors + result.errors) / attempts) * 10_000) / 10_000,
    firstError: firstError ?? (result.errors ? `${result.errors} connection errors or timeouts` : undefined),
    latency: summarize(samples),
  };
}
export type LoadResult = Awaited<ReturnType<typeof runLoad>>;

/**
 * bench/serve.ts's own route: requests in flight, peak RSS since start, CPU time since start (µs).
 * Its answer waits its turn on the API's event loop: right after 50 connections at 0 ms latency
 * that is the abandoned Dashboards' CPU time, seconds on a busy machine, hence the long timeout.
 */
export const state = async (url: string) =>
  (await (await fetch(`${url}/__bench/state`, { signal: AbortSignal.timeout(30_000) })).json()) as { inFlight: number; peakRssMb: number; cpuUs: number };

/** Until the API has finished what autocannon abandoned when the last run ended, so it does not load the next one. */
export async function settle(url: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) if ((await state(url)).inFlight === 0) return;
  throw new Error("the API never went idle: requests of an earlier run are still running");
}

/**
 * The per-provider limit the latency floor counts waves at: the one in effect, as /readyz reports
 * it (the adaptive limiter's current limit), else the configured PROVIDER_CONCURRENCY.
 */
export async function limitsInEffect(url: string, providers: readonly string[], configured: number) {
  const reported: Record<string, number> = await providerLimits(url).catch(() => ({}));
  const source = providers.every((p) => reported[p] !== undefined) ? "/readyz" : "PROVIDER_CONCURRENCY";
  return { source, byProvider: Object.fromEntries(providers.map((p) => [p, reported[p] ?? configured])) };
}

/** `latencyMs`: injected latency per provider call; `providerConcurrency`: the API's configured per-provider limit; concurrency starts at 1. */
export async function measure(url: string, apiKey: string, scenario: Scenario, counted: Counted, o: Settings) {
  // Once outside autocannon first: a broken served API fails here with the reason, and the first (cold) request is not timed.
  await runOnce(scenario, url, apiKey);
  await runLoad(url, apiKey, scenario.steps, 1, o.warmupSec);
  const load: LoadResult[] = [];
  const providers = [...new Set(counted.steps.flat().map((n) => n.endpoint.split(".")[0]!))].sort();
  let limits = { source: "PROVIDER_CONCURRENCY", byProvider: {} as Record<string, number> };
  for (const connections of o.concurrency) {
    await settle(url);
    load.push(await runLoad(url, apiKey, scenario.steps, connections, o.durationSec));
    // Right after the concurrency-1 run that the latency is judged on: the limit it ran at.
    if (load.length === 1) limits = await limitsInEffect(url, providers, o.providerConcurrency);
  }
  const floor = { ...callFloor(counted.steps), ...latencyFloor(counted.steps, limits.byProvider, o.latencyMs), limits };
  const latency = load[0]!.latency;
  const p50OverFloor = latency.p50Ms === null || floor.ms === 0 ? null : Math.round((latency.p50Ms / floor.ms) * 100) / 100;
  const { peakRssMb } = await state(url);
  return { status: "ok" as const, upstream: { total: sum(counted.calls), byEndpoint: counted.calls }, floor, latency, p50OverFloor, peakRssMb, load };
}
