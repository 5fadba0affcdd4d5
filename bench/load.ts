import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { summarize, type LatencySummary } from "./stats.js";

/**
 * Load with autocannon (as a library): `connections` concurrent keep-alive connections, each
 * looping over the scenario's steps for a fixed duration. One iteration = every step once, in
 * order (the write mix is createOrder then createDelivery with the new order id), so the
 * latency samples are per operation; a step's `check` reads the body, because GraphQL
 * answers errors with HTTP 200.
 */

/** Per-iteration scratch space (autocannon resets it when the iteration starts over). */
export type IterationContext = Record<string, unknown>;

export interface LoadStep {
  /** The request body, or null to give up this iteration (an earlier step failed). */
  body(ctx: IterationContext): string | null;
  /** Why the answer is an error, or null; may keep values for later steps in `ctx`. */
  check(status: number, text: string, ctx: IterationContext): string | null;
}

export interface LoadOptions {
  url: string;
  headers: Record<string, string>;
  steps: readonly LoadStep[];
  connections: number;
  durationSec: number;
  timeoutSec?: number;
}

export interface LoadResult {
  connections: number;
  durationSec: number;
  /** HTTP requests answered, and whole iterations (operations) completed. */
  requests: number;
  operations: number;
  /** Answered requests per second (the brief's rps) and operations per second. */
  rps: number;
  opsPerSec: number;
  errors: number;
  /** Connection errors and timeouts (no answer at all); included in `errors`. */
  transportErrors: number;
  /** (error answers + connection errors and timeouts) / (answers + connection errors and timeouts). */
  errorRate: number;
  /** Distinct error reasons with their counts, most frequent first (a few). */
  errorReasons: Array<{ reason: string; count: number }>;
  latency: LatencySummary;
}

export async function runLoad({ url, headers, steps, connections, durationSec, timeoutSec = 30 }: LoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  const reasons = new Map<string, number>();
  let answered = 0;
  let errors = 0;
  const last = steps.length - 1;

  const requests = steps.map((step, i) => ({
    method: "POST" as const,
    path: "/graphql",
    headers,
    setupRequest: (req: autocannon.Request, context: object) => {
      const ctx = context as IterationContext;
      if (i === 0) ctx.t0 = performance.now();
      const body = step.body(ctx);
      return (body === null ? null : { ...req, body }) as autocannon.Request;
    },
    onResponse: (status: number, text: string, context: object) => {
      const ctx = context as IterationContext;
      answered++;
      const why = step.check(status, text, ctx);
      if (why !== null) {
        errors++;
        // Group reasons without the ids that make every message unique.
        const reason = why.replace(/\b[\w-]*\d[\w-]*\b/g, "#").slice(0, 160);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        ctx.failed = true;
      }
      if (i === last && typeof ctx.t0 === "number") samples.push(performance.now() - ctx.t0);
    },
  }));

  const result = await autocannon({ url, connections, duration: durationSec, timeout: timeoutSec, requests });
  // autocannon's `errors` counts connection errors including timeouts.
  const transportErrors = result.errors;
  const attempts = answered + transportErrors;
  const seconds = Math.max(result.duration, 1e-9);
  return {
    connections,
    durationSec: Math.round(result.duration * 100) / 100,
    requests: answered,
    operations: samples.length,
    rps: Math.round((answered / seconds) * 10) / 10,
    opsPerSec: Math.round((samples.length / seconds) * 10) / 10,
    errors: errors + transportErrors,
    transportErrors,
    errorRate: attempts === 0 ? 1 : Math.round(((errors + transportErrors) / attempts) * 10_000) / 10_000,
    errorReasons: [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([reason, count]) => ({ reason, count })),
    latency: summarize(samples),
  };
}
