import { performance } from "node:perf_hooks";
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { scopeOf } from "./request-scope.js";

/**
 * Fair admission of GraphQL operations between tenants (docs/decisions/020-tenant-admission.md).
 *
 * The providers' queues are already served round-robin per tenant (src/providers/limiter.ts), but
 * that shares slots, not this process's CPU: one tenant running twenty 100-id `nodes` requests
 * at once keeps the event loop saturated, and another tenant's Dashboard, first in every provider
 * queue, still waits behind the flood's answers being parsed. So operations are admitted here,
 * before they execute:
 *
 * - One tenant alone is held only by the bounded mode (`minRunning`, docs/decisions/038-memory.md):
 *   what a saturated process runs at once, not a share.
 * - While two or more tenants are active (running, waiting, or done within `idleMs`), each may
 *   run at most its share, `floor(limit / active tenants)` (at least 1), of operations at once;
 *   the rest wait in its own lane, first come first served. A light tenant (below its share)
 *   never waits.
 * - `limit` follows the event loop: sampled every `windowMs` while tenants compete, it is cut
 *   (× `backoff`, never below one per active tenant) while utilization is above `target`, and grows
 *   by one while it is clearly below and some tenant was held at its share. When contention
 *   begins it starts from the operations running then, so the first cut lands where the load is.
 * - A lane holds at most `tenantQueue` waiting operations; an operation still waiting at its
 *   deadline leaves. Both are refused (`TenantBusyError`), never queued without bound.
 */

export interface AdmissionOptions {
  /** Event-loop utilization (0–1) above which a contended process admits less. 0 turns fair admission off. */
  target: number;
  /** Operations one tenant may have waiting. */
  tenantQueue: number;
  /** A tenant counts as active this long after its last operation ended. */
  idleMs: number;
  /**
   * Operations this process runs at once, however many tenants (default: unbounded). Each one
   * running holds its provider answers and its result; the rest wait in their lanes holding only
   * their request, which bounds the live heap (docs/decisions/038-memory.md). A tenant alone runs
   * up to this; competing tenants share at most this.
   */
  maxRunning?: number;
  /**
   * Bounded mode (docs/decisions/038-memory.md, revised): when above 0, what a tenant alone may
   * run follows the event loop too, never below this: cut (× `backoff`) while utilization is
   * above `processTarget`, grown (× 1 / `backoff`) while it is clearly below and an operation
   * waited. A saturated process then runs only the few operations that keep its CPU busy, so
   * its live heap stays small, while operations stuck on a slow or hanging provider (an idle
   * loop) let more in. 0 or unset: a tenant alone is never held beyond `maxRunning`.
   */
  minRunning?: number;
  /** Bounded mode's utilization goal while no tenants compete (default 0.9); competing tenants follow `target`. */
  processTarget?: number;
  /** Bounded mode: an operation counts as running for at most this long (default 1000 ms); one still running then is stuck on a provider and lets another in. */
  holdMs?: number;
  windowMs?: number;
  backoff?: number;
  max?: number;
  clock?: AdmissionClock;
  /** Event-loop utilization since the previous call (default: perf_hooks). */
  utilization?: () => number;
}

export interface AdmissionClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Why an operation was not admitted: its lane is full, or its deadline passed while it waited. */
export class TenantBusyError extends Error {
  override name = "TenantBusyError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

type Release = () => void;

interface Waiter {
  resolve(release: Release): void;
  reject(error: Error): void;
  timer: unknown;
  done: boolean;
}

interface Lane {
  running: number;
  waiting: Waiter[];
  /** When its last operation ended, or it arrived (clock ms); a lane idle for idleMs is dropped. */
  lastEnded: number;
}

export type Admission = ReturnType<typeof createAdmission>;

const realClock: AdmissionClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

export function eventLoopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

export function createAdmission(o: AdmissionOptions) {
  const { target, tenantQueue, idleMs, maxRunning = Number.POSITIVE_INFINITY, windowMs = 250, backoff = 0.7, clock = realClock } = o;
  const max = Math.min(o.max ?? 1_024, maxRunning);
  const minRunning = Math.min(max, o.minRunning ?? 0);
  const bounded = minRunning > 0;
  const [processTarget, holdMs] = [o.processTarget ?? 0.9, o.holdMs ?? 1_000];
  const utilization = o.utilization ?? eventLoopUtilization();
  const lanes = new Map<string, Lane>();
  let limit = bounded ? minRunning : max;
  let contended = false;
  let held = false; // some tenant waited at its share during this window
  let ticker: unknown;

  const isActive = (lane: Lane, now: number) => lane.running > 0 || lane.waiting.length > 0 || now - lane.lastEnded < idleMs;

  function activeCount(): number {
    const now = clock.now();
    let n = 0;
    for (const [key, lane] of lanes) {
      if (isActive(lane, now)) n++;
      else lanes.delete(key);
    }
    return n;
  }

  function running(): number {
    let n = 0;
    for (const lane of lanes.values()) n += lane.running;
    return n;
  }

  /** How many operations one tenant may run now: while it is the only active one, the bounded limit, else maxRunning. */
  function share(active = activeCount()): number {
    if (active <= 1) return bounded ? Math.floor(limit) : maxRunning;
    return Math.max(1, Math.floor(limit / active));
  }

  function noteContention(active: number): void {
    if (active > 1 && !contended) {
      contended = true;
      limit = Math.min(max, Math.max(active, running()));
      if (bounded) return; // its ticker runs while anything runs or waits (tickWhileBusy)
      utilization(); // the first window starts now
      ticker = clock.setInterval(tick, windowMs);
    } else if (active <= 1 && contended) {
      contended = false;
      if (bounded) {
        limit = Math.max(minRunning, limit);
        return;
      }
      limit = max;
      clock.clearInterval(ticker);
      ticker = undefined;
    }
  }

  function tick(): void {
    const active = activeCount();
    noteContention(active);
    // No longer contended (the others went idle): the one left runs what it has waiting.
    if (contended || bounded) {
      const u = utilization();
      const [goal, floor] = contended ? [target, active] : [processTarget, minRunning];
      // Operations still waiting count as held too: they may be waiting behind ones stuck on a provider.
      for (const lane of lanes.values()) held ||= lane.waiting.length > 0;
      if (u > goal) limit = Math.max(floor, limit * backoff);
      else if (held && u < goal - 0.1) limit = Math.min(max, bounded ? Math.max(limit + 1, limit / backoff) : limit + 1);
      held = false;
    }
    pump();
    tickWhileBusy();
  }
  /** Bounded mode's ticker runs while operations run or wait (no timer on an idle process). */
  function tickWhileBusy(): void {
    if (!bounded) return;
    let busy = false;
    for (const lane of lanes.values()) busy ||= lane.running > 0 || lane.waiting.length > 0;
    if (busy && ticker === undefined) {
      utilization(); // the first window starts now
      ticker = clock.setInterval(tick, windowMs);
    } else if (!busy && ticker !== undefined) {
      clock.clearInterval(ticker);
      ticker = undefined;
    }
  }

  function admit(lane: Lane): Release {
    lane.running++;
    let [counted, released] = [true, false];
    const uncount = () => {
      if (counted) lane.running--;
      counted = false;
    };
    // Bounded mode: one still running after holdMs is waiting on a slow or hanging provider, not
    // using the CPU; it stops counting so it holds no one else back. Not while tenants compete:
    // their shares count every operation until it ends (ADR 020).
    const timer = bounded ? clock.setTimeout(() => contended || (uncount(), pump()), holdMs) : undefined;
    return () => {
      if (released) return;
      released = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      uncount();
      lane.lastEnded = clock.now();
      pump();
      tickWhileBusy();
    };
  }

  /** Starts waiting operations while their lanes are below the share. */
  function pump(): void {
    const active = activeCount();
    noteContention(active);
    const cap = share(active);
    for (const lane of lanes.values()) {
      while (lane.waiting.length > 0 && lane.running < cap) {
        const w = lane.waiting.shift() as Waiter;
        w.done = true;
        clock.clearTimeout(w.timer);
        w.resolve(admit(lane));
      }
    }
  }

  /**
   * Waits for the tenant's turn; resolves with the function that ends the operation (call it
   * once it answered; extra calls do nothing). `deadline` is absolute clock ms.
   */
  function enter(tenantId: string, deadline?: number): Promise<Release> {
    let lane = lanes.get(tenantId);
    if (!lane) lanes.set(tenantId, (lane = { running: 0, waiting: [], lastEnded: clock.now() })); // active from its arrival
    const active = activeCount();
    noteContention(active);
    if (lane.waiting.length === 0 && lane.running < share(active)) {
      const release = admit(lane);
      tickWhileBusy();
      return Promise.resolve(release);
    }
    held = true;
    if (lane.waiting.length >= tenantQueue) return Promise.reject(new TenantBusyError("too many operations of this tenant are waiting; retry later", 1));
    const own = lane;
    return new Promise<Release>((resolve, reject) => {
      const w: Waiter = { resolve, reject, timer: undefined, done: false };
      if (deadline !== undefined) {
        w.timer = clock.setTimeout(
          () => {
            if (w.done) return;
            w.done = true;
            own.waiting.splice(own.waiting.indexOf(w), 1);
            reject(new TenantBusyError("this tenant's operations used the request's time budget waiting for their turn; retry later", 1));
          },
          Math.max(0, deadline - clock.now()),
        );
      }
      own.waiting.push(w);
    });
  }

  return {
    enter,
    /** For /readyz and tests: whether tenants compete, the limit (while contended or bounded), operations running (those still counted) and waiting. */
    load: () => {
      const active = activeCount();
      let waiting = 0;
      for (const lane of lanes.values()) waiting += lane.waiting.length;
      return { contended, activeTenants: active, limit: contended || bounded ? Math.floor(limit) : null, running: running(), waiting };
    },
    runningFor: (tenantId: string) => lanes.get(tenantId)?.running ?? 0,
    waitingFor: (tenantId: string) => lanes.get(tenantId)?.waiting.length ?? 0,
    stop: () => (ticker === undefined ? undefined : clock.clearInterval(ticker)),
  };
}

/**
 * The Yoga side: an operation is admitted after its context is built (the tenant is known: an
 * unauthenticated request never reaches here) and before it executes; it leaves when its result
 * is ready or, failing that, when the request ends (src/http/observe.ts calls `scope.admitted`).
 * A refusal is the whole request's answer: 503 with Retry-After, code TENANT_BUSY.
 */
export function useAdmission(admission: Admission): Plugin {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const scope = scopeOf((args.contextValue as { request?: Request }).request);
      if (!scope) return;
      let own: () => void;
      try {
        own = await admission.enter(scope.tenantId ?? "", scope.deadline);
      } catch (e) {
        if (!(e instanceof TenantBusyError)) throw e;
        scope.log.info({ code: "TENANT_BUSY" }, "operation not admitted");
        const http = { status: 503, headers: { "retry-after": String(e.retryAfterSeconds) } };
        setResultAndStopExecution({ errors: [new GraphQLError(e.message, { extensions: { code: "TENANT_BUSY", retryAfterSeconds: e.retryAfterSeconds, http } })] });
        return;
      }
      // The operations of one batched POST share the scope: each ends its own turn, the scope's end all of them.
      const earlier = scope.admitted;
      scope.admitted = earlier ? () => (earlier(), own()) : own;
      return { onExecuteDone: own };
    },
  };
}
