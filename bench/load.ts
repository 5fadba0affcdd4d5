import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { authHeaders, graphqlBody, parseJson, problem } from "./graphql.js";
import type { IterationContext, ScenarioStep } from "./scenarios.js";

/**
 * Load with autocannon (as a library): `connections` keep-alive connections, each looping over
 * the scenario's steps for a fixed duration. autocannon counts the answers, connection errors
 * and timeouts and times the run; two things it cannot know are added here: GraphQL answers
 * errors with HTTP 200 (so each answer is checked), and the write mix's operation is two
 * requests (so latency is timed per operation, not per request). `operations`: iterations
 * completed; `errorRate`: (error answers + connection errors and timeouts) over (answers + those).
 */
export type LoadResult = {
  connections: number;
  durationSec: number;
  requests: number;
  operations: number;
  rps: number;
  errorRate: number;
  firstError?: string;
  latency: LatencySummary;
};

export async function runLoad(url: string, apiKey: string, steps: readonly ScenarioStep[], connections: number, durationSec: number): Promise<LoadResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const requests = steps.map((step, i) => ({
    method: "POST" as const,
    path: "/graphql",
    headers: authHeaders(apiKey),
    setupRequest: (req: autocannon.Request, ctx: IterationContext) => {
      if (i === 0) ctx.t0 = performance.now();
      const variables = step.variables(ctx);
      return (variables ? { ...req, body: graphqlBody(step.query, variables) } : null) as autocannon.Request;
    },
    onResponse: (status: number, text: string, ctx: IterationContext) => {
      const json = parseJson(text);
      const why = problem({ status, json }, step.resultPath);
      if (why === null) step.keep?.(json!.data!, ctx);
      else errors++, (firstError ??= why.replace(/\b[\w-]*\d[\w-]*\b/g, "#").slice(0, 160));
      if (i === steps.length - 1 && typeof ctx.t0 === "number") samples.push(performance.now() - ctx.t0);
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
    ...(firstError || result.errors ? { firstError: firstError ?? `${result.errors} connection errors or timeouts` } : {}),
    latency: summarize(samples),
  };
}

/**
 * Latency percentiles, nearest-rank: the smallest sample with at least p% of
 * the samples at or below it. autocannon's histogram is per HTTP request (the write mix's
 * operation is two) and has no p95, and the in-process loop has no autocannon at all: one
 * definition for both keeps their numbers comparable.
 */

export function percentile(samples: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError("percentile must be in (0, 100]");
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? null;
}

export type LatencySummary = { count: number } & Record<"p50Ms" | "p95Ms" | "p99Ms" | "meanMs", number | null>;

export function summarize(samples: readonly number[]): LatencySummary {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : null;
  return { count: samples.length, p50Ms: round(percentile(samples, 50)), p95Ms: round(percentile(samples, 95)), p99Ms: round(percentile(samples, 99)), meanMs: round(mean) };
}
