import type { Context, Hono, MiddlewareHandler } from "hono";
import { z } from "zod";
import { createRng } from "./random.js";

/**
 * The simulators' control surface, kept apart from the provider routes under `/__sim`:
 * per-endpoint call counters and a request log (tests prove batching by reading them),
 * injected latency, injected faults by endpoint and rate, and limits (a provider that answers
 * 429 above N calls in flight or R calls a second). Shared by both simulators.
 */

export const faultKinds = ["http500", "http503", "http429", "hang", "reset", "malformed", "schema"] as const;
export type FaultKind = (typeof faultKinds)[number];

const faultRuleSchema = z.object({
  /** Endpoint name as in the provider's endpoint table, or "*" for every endpoint. */
  endpoint: z.string().min(1),
  kind: z.enum(faultKinds),
  /** Share of matching calls that fail (seeded, so a rate is reproducible). */
  rate: z.number().min(0).max(1).default(1),
  /** How many calls fail before the rule retires itself; omitted = until cleared. */
  times: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
  hangMs: z.number().int().positive().default(30_000),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** POST /__sim/limits: omitted limits stay as they are, null lifts one; retryAfterSeconds is 1 unless given. */
const limitsSchema = z.object({
  maxInFlight: z.number().int().nonnegative().nullable().optional(),
  ratePerSecond: z.number().positive().nullable().optional(),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
});
export type LimitsInput = z.input<typeof limitsSchema>;

export interface CallRecord {
  seq: number;
  at: number;
  endpoint: string;
  method: string;
  path: string;
  account: string | null;
  status: number;
  fault: FaultKind | null;
  /** The caller's `x-request-id` header, so a test can tell which API request made the call. */
  requestId: string | null;
  /** The caller's W3C `traceparent` header: the span that made the call, when the caller traces. */
  traceparent: string | null;
}

export interface ControlOptions {
  /** Turns a valid response body into one that breaks the client's schema (the "schema" fault). */
  corrupt: (body: unknown) => unknown;
  /** Restores the seed state (POST /__sim/reset). */
  onReset?: () => void;
  latencyMs?: number;
  jitterMs?: number;
  seed?: number;
  logLimit?: number;
  /** The clock injected latency is measured and waited on (tests pass a fake one). */
  timer?: Timer;
}

export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTimer: Timer = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

export type Control = ReturnType<typeof createControl>;

export function createControl({ corrupt, onReset, latencyMs = 0, jitterMs = 0, seed = 7, logLimit = 5_000, timer = realTimer }: ControlOptions) {
  const sleepUntil = (due: number): Promise<void> => {
    const left = due - timer.now();
    return left > 0 ? timer.sleep(left) : Promise.resolve();
  };
  const rng = createRng(seed);
  const counters = new Map<string, number>();
  const log: CallRecord[] = [];
  let faults: FaultRule[] = [];
  let latency = { fixedMs: latencyMs, jitterMs };
  let clockOffsetMs = 0;
  let seq = 0;
  // Limits: calls being served now (refused ones never count), the most seen, 429s sent, a token bucket.
  let limits = { maxInFlight: null as number | null, ratePerSecond: null as number | null, retryAfterSeconds: 1 };
  let inFlight = 0;
  let peakInFlight = 0;
  let refused = 0;
  const bucket = { tokens: 0, at: 0 };

  const now = () => Date.now() + clockOffsetMs;

  function takeFault(endpoint: string): FaultRule | undefined {
    const rule = faults.find((f) => f.endpoint === endpoint || f.endpoint === "*");
    if (!rule || !rng.chance(rule.rate)) return undefined;
    if (rule.times !== undefined && --rule.times <= 0) faults = faults.filter((f) => f !== rule);
    return rule;
  }

  /** Whether a call arriving now is within the limits (taking a token from the bucket if so). */
  function admit(): boolean {
    if (limits.maxInFlight !== null && inFlight >= limits.maxInFlight) return false;
    if (limits.ratePerSecond === null) return true;
    const t = timer.now();
    bucket.tokens = Math.min(limits.ratePerSecond, bucket.tokens + ((t - bucket.at) * limits.ratePerSecond) / 1000);
    bucket.at = t;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  function setLimits(input: LimitsInput) {
    const next = limitsSchema.parse(input);
    limits = {
      maxInFlight: next.maxInFlight === undefined ? limits.maxInFlight : next.maxInFlight,
      ratePerSecond: next.ratePerSecond === undefined ? limits.ratePerSecond : next.ratePerSecond,
      retryAfterSeconds: next.retryAfterSeconds,
    };
    // The bucket starts full: a burst of one second's calls.
    if (next.ratePerSecond != null) Object.assign(bucket, { tokens: next.ratePerSecond, at: timer.now() });
    return limitsState();
  }

  function clearLimits() {
    limits = { maxInFlight: null, ratePerSecond: null, retryAfterSeconds: 1 };
    refused = 0;
    peakInFlight = 0;
  }

  const limitsState = () => ({ ...limits, refused, peakInFlight });

  /** Middleware for one provider route: counts, logs, refuses above the limits, delays and maybe fails the call. */
  function endpoint(name: string): MiddlewareHandler {
    return async (c, next) => {
      counters.set(name, (counters.get(name) ?? 0) + 1);
      const record: CallRecord = {
        seq: ++seq,
        at: now(),
        endpoint: name,
        method: c.req.method,
        path: c.req.path,
        account: null,
        status: 0,
        fault: null,
        requestId: c.req.header("x-request-id") ?? null,
        traceparent: c.req.header("traceparent") ?? null,
      };
      log.push(record);
      if (log.length > logLimit) log.shift();
      // Over a limit: 429 at once, before the latency, with no work done.
      if (!admit()) {
        refused++;
        record.status = 429;
        return c.json({ message: "simulated limit: too many calls" }, 429, { "retry-after": String(limits.retryAfterSeconds) });
      }
      peakInFlight = Math.max(peakInFlight, ++inFlight);
      try {
        return await respond(c, next, name, record);
      } finally {
        inFlight--;
      }
    };
  }

  /** An admitted call: its fault, if one is due, or the route's answer, no earlier than the latency. */
  async function respond(c: Context, next: () => Promise<void>, name: string, record: CallRecord): Promise<Response | undefined> {
    // The answer leaves `delay` after the request arrived, and the simulator does its own
    // work during that wait: a provider with 20 ms latency answers in 20 ms, not 20 ms plus
    // the simulator's CPU time on a machine it shares with the API (decision 004).
    const due = timer.now() + latency.fixedMs + (latency.jitterMs ? rng.next() * latency.jitterMs : 0);
    const fault = takeFault(name);
    record.fault = fault?.kind ?? null;
    const early = fault ? await applyFault(c, fault) : undefined;
    if (early) {
      record.status = early.status;
      await sleepUntil(due);
      return early;
    }
    await next();
    record.account = (c.get("simAccount" as never) as string | undefined) ?? null;
    if (fault?.kind === "schema" && c.res.headers.get("content-type")?.includes("json")) {
      const body = (await c.res.clone().json()) as unknown;
      c.res = new Response(JSON.stringify(corrupt(body)), { status: c.res.status, headers: { "content-type": "application/json" } });
    }
    record.status = c.res.status;
    await sleepUntil(due);
    return undefined;
  }

  async function applyFault(c: Context, fault: FaultRule): Promise<Response | undefined> {
    switch (fault.kind) {
      case "http500":
        return c.json({ message: "simulated internal error" }, 500);
      case "http503":
        return c.json({ message: "simulated outage" }, 503, { "retry-after": String(fault.retryAfterSeconds) });
      case "http429":
        return c.json({ message: "simulated rate limit" }, 429, { "retry-after": String(fault.retryAfterSeconds) });
      case "malformed":
        return c.body('{"status": 200, "data": {"truncated', 200, { "content-type": "application/json" });
      case "hang":
        await sleep(fault.hangMs, c.req.raw.signal);
        return c.json({ message: "hung past the timeout" }, 504);
      case "reset": {
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
        socket?.destroy();
        return new Response(null, { status: 599 });
      }
      case "schema":
        return undefined;
    }
  }

  function counts() {
    return { total: [...counters.values()].reduce((a, b) => a + b, 0), byEndpoint: Object.fromEntries(counters) };
  }

  /** Zeroes the counters, the log, and the limits' refused and peakInFlight. */
  function clearCounters() {
    counters.clear();
    log.length = 0;
    refused = 0;
    peakInFlight = 0;
  }

  /** Mounts `/__sim/*` on the app. Provider-specific control routes are added by each simulator. */
  // biome-ignore lint/suspicious/noExplicitAny: mounted on both simulators' apps, whose env types differ
  function mount(app: Hono<any>) {
    app.get("/__sim/counters", (c) => c.json(counts()));
    app.delete("/__sim/counters", (c) => (clearCounters(), c.json({ ok: true })));
    app.get("/__sim/log", (c) => c.json(log.slice(-Number(c.req.query("limit") ?? 200))));
    app.get("/__sim/latency", (c) => c.json(latency));
    app.post("/__sim/latency", async (c) => {
      latency = z.object({ fixedMs: z.number().nonnegative(), jitterMs: z.number().nonnegative().default(0) }).parse(await c.req.json());
      return c.json(latency);
    });
    app.get("/__sim/faults", (c) => c.json(faults));
    app.post("/__sim/faults", async (c) => {
      const parsed = faultRuleSchema.safeParse(await c.req.json());
      if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
      faults.push(parsed.data);
      return c.json(parsed.data, 201);
    });
    app.delete("/__sim/faults", (c) => ((faults = []), c.json({ ok: true })));
    app.get("/__sim/limits", (c) => c.json(limitsState()));
    app.post("/__sim/limits", async (c) => {
      const parsed = limitsSchema.safeParse(await c.req.json());
      if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
      return c.json(setLimits(parsed.data));
    });
    app.delete("/__sim/limits", (c) => (clearLimits(), c.json(limitsState())));
    app.post("/__sim/clock", async (c) => {
      const { advanceMs } = z.object({ advanceMs: z.number() }).parse(await c.req.json());
      clockOffsetMs += advanceMs;
      return c.json({ now: now(), offsetMs: clockOffsetMs });
    });
    app.post("/__sim/reset", (c) => {
      onReset?.();
      faults = [];
      clearLimits();
      clockOffsetMs = 0;
      clearCounters();
      return c.json({ ok: true });
    });
  }

  return {
    endpoint,
    mount,
    counts,
    clearCounters,
    now,
    log: () => [...log],
    addFault: (f: z.input<typeof faultRuleSchema>) => faults.push(faultRuleSchema.parse(f)),
    limits: limitsState,
    setLimits,
    clearLimits,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });
}
