import { performance } from "node:perf_hooks";

/**
 * How many calls one provider gets at once, learnt rather than configured, and a queue that is
 * fair between tenants (docs/decisions/018-adaptive-concurrency.md). No dependency: npm has no
 * maintained adaptive limiter for Node, and the rules fit here.
 *
 * - Grow: an answer within `tolerance` × baseline RTT (+ `slackMs`; baseline = the least RTT of
 *   its endpoint over about the last `baselineMs`) while the limit is used (calls queued, or half the slots busy)
 *   adds 1 before the first cut (slow start: the limit doubles per round trip) and 1/limit after
 *   it (+1 per round trip). Near the level of the last cut growth is `probe` times slower; probe
 *   doubles each time that level fails again (up to 32), so a provider that refuses above N is
 *   asked for N+1 rarely, and is forgotten once the limit passes it.
 * - Cut (× `backoff`, never below `min`): at once on a refusal (429, 503), and on the later
 *   refusals of the same burst to no more than the calls still running; at the end of a window
 *   (≈ limit outcomes) when more than `lossTolerance` of it failed (5xx, timeout, network) or
 *   most answers were slow. Calls started before a cut say nothing new, so one burst cuts once.
 * - Our own delay is not the provider's: RTT is measured in this process, so while its event loop
 *   was saturated over the last window (`busy`), a slow answer counts as a fast one.
 * - A Retry-After pauses every start until it passes (at most `maxPauseMs`) once the provider
 *   refuses `pauseAfter` calls in a row with no answer between: it is refusing everything (a rate
 *   limit's empty bucket). An isolated refusal — our probe just above its concurrency limit — cuts
 *   the limit and delays only that call's retry (the transport waits its Retry-After): pausing
 *   the whole provider for each probe would stop it most of the time.
 * - A call running longer than `stallMs` stops counting against the limit: a hung call must not
 *   hold a slot until its timeout (it still shows in `inFlight`).
 * - Waiting calls queue per tenant (no tenant: one shared lane), served round-robin; a lane over
 *   `tenantQueue` or all lanes over `queue` refuse at once; a call whose deadline passes (or whose
 *   signal aborts) while it waits leaves the queue.
 */

/** How a call ended, for the limit: answered (any status it chose to answer with), refused (429, 503), failed (other 5xx, timeout, network). */
export type Outcome = "ok" | "refused" | "failed";

export interface Permit {
  release(outcome: Outcome, retryAfterMs?: number | null): void;
}

export interface AcquireOptions {
  tenantId?: string | undefined;
  /** What the call's RTT is compared with: its endpoint's own baseline (endpoints differ in speed). */
  endpoint?: string | undefined;
  /** Absolute `clock.now()` ms: still queued then, the call fails with LimiterTimeoutError. */
  deadline?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LimiterOptions {
  initial: number;
  min: number;
  max: number;
  /** Calls waiting in all lanes together, and in one tenant's lane. */
  queue: number;
  tenantQueue: number;
  tolerance?: number;
  slackMs?: number;
  backoff?: number;
  lossTolerance?: number;
  baselineMs?: number;
  stallMs?: number;
  maxPauseMs?: number;
  /** Refusals in a row (no answer between) before a Retry-After pauses the whole provider. */
  pauseAfter?: number;
  clock?: Clock;
  /** Whether this process's event loop was saturated since the last ask (default: utilization ≥ 0.9). */
  busy?: () => boolean;
}

/** Refused without queueing: the message says which queue is full. */
export class LimiterRejectedError extends Error {
  override name = "LimiterRejectedError";
}
/** The call's deadline passed (or its signal aborted) while it waited for a slot. */
export class LimiterTimeoutError extends Error {
  override name = "LimiterTimeoutError";
}

export type Limiter = ReturnType<typeof createLimiter>;

interface Waiter {
  lane: Lane;
  endpoint: string | undefined;
  resolve(permit: Permit): void;
  reject(error: Error): void;
  done: boolean;
  cleanup?: () => void;
}
interface Lane {
  key: string | undefined;
  waiters: Waiter[];
  head: number;
  live: number;
}
interface Running {
  endpoint: string | undefined;
  seq: number;
  started: number;
  stalled: boolean;
  done: boolean;
}

const MIN_WINDOW = 8;
const MAX_PROBE = 32;
/** Event-loop utilization since the previous call ≥ threshold. */
export function eventLoopSaturated(threshold = 0.9): () => boolean {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization >= threshold;
  };
}

const realClock: Clock = { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

export function createLimiter(o: LimiterOptions) {
  const { max, queue: maxQueued, tenantQueue, tolerance = 2, slackMs = 50, backoff = 0.8, lossTolerance = 0.25, baselineMs = 30_000 } = o;
  const { stallMs = 1_000, maxPauseMs = 5_000, pauseAfter = 3, clock = realClock, busy = eventLoopSaturated() } = o;
  let refusedInRow = 0;
  const min = Math.min(o.min, max); // a floor above the ceiling: the ceiling wins
  let limit = Math.min(max, Math.max(min, o.initial));
  let slowStart = true;
  let seq = 0;
  let cutSeq = 0;
  let lastCut = 0;
  let probe = 1;
  let window = { n: 0, failed: 0, slow: 0 };
  let saturated = false; // over the last window
  let pausedUntil = 0;
  let pauseTimer: unknown;
  let stallTimer: unknown;
  let queued = 0;
  let stalled = 0;
  const running = new Set<Running>(); // not stalled, oldest first
  const lanes = new Map<string | undefined, Lane>(); // lanes with waiters, in serving order
  const minima = new Map<string | undefined, { at: number; min: number }[]>(); // per endpoint, ten buckets of baselineMs / 10

  const slots = () => Math.floor(limit);
  const free = () => clock.now() >= pausedUntil && running.size < slots();

  function acquire({ tenantId, endpoint, deadline, signal }: AcquireOptions = {}): Promise<Permit> {
    if (queued === 0 && (free() || (unstall(), free()))) return Promise.resolve(start(endpoint));
    const lane = lanes.get(tenantId) ?? { key: tenantId, waiters: [], head: 0, live: 0 };
    if (lane.live >= tenantQueue) return Promise.reject(new LimiterRejectedError("too many calls queued for this tenant"));
    if (queued >= maxQueued) return Promise.reject(new LimiterRejectedError("too many calls queued"));
    if (signal?.aborted || (deadline !== undefined && deadline <= clock.now())) return Promise.reject(new LimiterTimeoutError("no slot before the deadline"));
    return new Promise<Permit>((resolve, reject) => {
      const w: Waiter = { lane, endpoint, resolve, reject, done: false };
      const leave = () => remove(w, new LimiterTimeoutError("no slot before the deadline"));
      const timer = deadline === undefined ? undefined : clock.setTimeout(leave, deadline - clock.now());
      signal?.addEventListener("abort", leave, { once: true });
      w.cleanup = () => (timer === undefined || clock.clearTimeout(timer), signal?.removeEventListener("abort", leave));
      lane.waiters.push(w);
      lane.live++;
      queued++;
      lanes.set(tenantId, lane);
      watchStalls();
    });
  }

  function remove(w: Waiter, error: Error): void {
    if (w.done) return;
    w.done = true;
    w.cleanup?.();
    queued--;
    if (--w.lane.live === 0) lanes.delete(w.lane.key);
    w.reject(error);
  }

  function start(endpoint: string | undefined): Permit {
    const r: Running = { endpoint, seq: ++seq, started: clock.now(), stalled: false, done: false };
    running.add(r);
    return { release: (outcome, retryAfterMs) => finish(r, outcome, retryAfterMs ?? 0) };
  }

  /** Starts waiting calls while slots are free: one from each lane in turn. */
  function pump(): void {
    if (queued > 0 && !free()) unstall();
    while (queued > 0 && free()) {
      const lane = lanes.values().next().value as Lane;
      let w = lane.waiters[lane.head++] as Waiter;
      while (w.done) w = lane.waiters[lane.head++] as Waiter;
      if (lane.head > 1_024 && lane.head * 2 > lane.waiters.length) (lane.waiters = lane.waiters.slice(lane.head)), (lane.head = 0);
      lanes.delete(lane.key);
      if (lane.live > 1) lanes.set(lane.key, lane); // to the back of the round
      w.done = true;
      w.cleanup?.();
      queued--;
      lane.live--;
      w.resolve(start(w.endpoint));
    }
    watchStalls();
  }

  /** Calls running longer than stallMs free their slot. */
  function unstall(): void {
    const cutoff = clock.now() - stallMs;
    for (const r of running) {
      if (r.started > cutoff) break;
      running.delete(r);
      r.stalled = true;
      stalled++;
    }
  }

  /** While calls wait behind full slots, look again when the oldest running call would stall. */
  function watchStalls(): void {
    const oldest = running.values().next().value;
    if (queued === 0 || stallTimer !== undefined || !oldest) return;
    stallTimer = clock.setTimeout(() => ((stallTimer = undefined), pump()), Math.max(0, oldest.started + stallMs - clock.now()));
  }

  function finish(r: Running, outcome: Outcome, retryAfterMs: number): void {
    if (r.done) return;
    r.done = true;
    const occupied = running.size + stalled;
    if (r.stalled) stalled--;
    else running.delete(r);
    const rtt = clock.now() - r.started;
    if (outcome === "refused") {
      if (++refusedInRow >= pauseAfter && retryAfterMs > 0) pause(retryAfterMs);
      // The first refusal of a burst cuts; the later ones say the provider had no room for more
      // than are running now.
      if (r.seq > cutSeq) cut();
      else limit = Math.max(min, Math.min(limit, running.size));
    } else {
      if (outcome === "ok") (refusedInRow = 0), observe(r.endpoint, rtt);
      if (r.seq > cutSeq) judge(outcome === "failed", rtt > baseline(r.endpoint) * tolerance + slackMs, occupied);
    }
    pump();
  }

  function judge(failed: boolean, slow: boolean, occupied: number): void {
    window.n++;
    if (failed) window.failed++;
    else if (slow && !saturated) window.slow++;
    else if (queued > 0 || occupied * 2 >= limit) grow();
    if (window.n < Math.max(MIN_WINDOW, slots())) return;
    saturated = busy();
    const answered = window.n - window.failed;
    if (window.failed > window.n * lossTolerance || (!saturated && window.slow * 2 > answered)) cut();
    else window = { n: 0, failed: 0, slow: 0 };
  }

  function grow(): void {
    if (lastCut > 0 && slots() > lastCut) (lastCut = 0), (probe = 1);
    const near = lastCut > 0 && slots() + 1 >= lastCut;
    limit = Math.min(max, limit + (slowStart ? 1 : 1 / (limit * (near ? probe : 1))));
  }

  function cut(): void {
    const level = slots();
    probe = lastCut > 0 && Math.abs(level - lastCut) <= 1 ? Math.min(MAX_PROBE, probe * 2) : 1;
    lastCut = level;
    limit = Math.max(min, limit * backoff);
    slowStart = false;
    cutSeq = seq;
    window = { n: 0, failed: 0, slow: 0 };
  }

  function pause(ms: number): void {
    const until = clock.now() + Math.min(ms, maxPauseMs);
    if (until <= pausedUntil) return;
    pausedUntil = until;
    if (pauseTimer !== undefined) clock.clearTimeout(pauseTimer);
    // The timer is the latest pause's: when it fires the pause is over, even if the clock reads a hair early.
    pauseTimer = clock.setTimeout(() => ((pauseTimer = undefined), (pausedUntil = 0), pump()), until - clock.now());
  }

  function observe(endpoint: string | undefined, rtt: number): void {
    const now = clock.now();
    const buckets = minima.get(endpoint) ?? minima.set(endpoint, []).get(endpoint)!;
    const last = buckets[buckets.length - 1];
    if (last && now - last.at < baselineMs / 10) last.min = Math.min(last.min, rtt);
    else if (buckets.push({ at: now, min: rtt }) > 10) buckets.shift();
  }

  function baseline(endpoint: string | undefined): number {
    return (minima.get(endpoint) ?? []).reduce((least, b) => Math.min(least, b.min), Number.POSITIVE_INFINITY);
  }

  /** Runs `fn` under a permit; `verdict` says what a failure means for the limit. */
  async function run<T>(fn: () => Promise<T>, verdict: (error: unknown) => [Outcome, number?], options?: AcquireOptions): Promise<T> {
    const permit = await acquire(options);
    try {
      const value = await fn();
      permit.release("ok");
      return value;
    } catch (e) {
      permit.release(...verdict(e));
      throw e;
    }
  }

  return {
    acquire,
    run,
    /** The current limit, calls running (stalled ones included) and waiting, and how long starts stay paused. */
    load: () => ({ limit: slots(), inFlight: running.size + stalled, queued, pausedMs: Math.max(0, pausedUntil - clock.now()) }),
    queuedFor: (tenantId?: string) => lanes.get(tenantId)?.live ?? 0,
  };
}
