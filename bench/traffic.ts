import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { Pool } from "undici";
import { faultKinds } from "../simulators/shared/control.js";
import { authHeaders, configNumber, type Data, providerLimits, request } from "./api.js";
import { type LoadResult, runLoad, settle, state, summarize } from "./measure.js";
import type { PushedResult } from "./pushed.js";
import type { Settings } from "./report.js";
import type { Scenario, ScenarioStep } from "./scenarios.js";

/**
 * Issue 13's traffic scenarios, each on a fresh API process, all on the Dashboard: `limited`
 * (the simulators refuse above a number of calls in flight), `faults` (a 10% mix of every fault
 * kind on both simulators, then none, to see the recovery) and `fairness` (a second tenant floods
 * `nodes(ids:)` while the first runs the Dashboard). The simulators are driven through their
 * control surface (`/__sim/*`), as a test would.
 */

export type Sims = Record<"hypersku" | "supership", string>;
export type TrafficSettings = {
  limitedSec: number;
  limitedConnections: number;
  maxInFlight: number;
  faultSec: number;
  recoverySec: number;
  faultConnections: number;
  faultRate: number;
  hangMs: number;
  /** The faults scenario's client gives up on an answer after this long (counted as failed, at this latency). */
  clientTimeoutMs: number;
  fairnessSec: number;
  floodConnections: number;
  floodIds: number;
  /** The API's own settings the targets compare with (read from its config; defaults where src has none yet). */
  budgetMs: number;
  halfOpenMs: number;
  providerTimeoutMs: number;
};

export function trafficSettings(smoke: boolean, seconds?: number): TrafficSettings {
  const providerTimeoutMs = configNumber("PROVIDER_TIMEOUT_MS", 10_000);
  const api = { budgetMs: configNumber("GRAPHQL_REQUEST_BUDGET_MS", 8_000), halfOpenMs: configNumber("PROVIDER_BREAKER_HALF_OPEN_MS", 10_000), providerTimeoutMs };
  const shape = { limitedConnections: 10, maxInFlight: 24, faultConnections: 50, faultRate: 0.1, hangMs: providerTimeoutMs + 5_000, floodConnections: 20 };
  const floodIds = configNumber("GRAPHQL_MAX_LIST", 100);
  if (smoke)
    return { ...api, ...shape, limitedSec: 1, faultSec: 1, recoverySec: 1, faultConnections: 5, clientTimeoutMs: 3_000, fairnessSec: 1, floodConnections: 2, floodIds };
  const s = seconds ?? { limited: 30, faults: 60, fairness: 10 };
  const [limitedSec, faultSec, fairnessSec] = typeof s === "number" ? [s, s, s] : [s.limited, s.faults, s.fairness];
  return { ...api, ...shape, limitedSec, faultSec, recoverySec: 15, clientTimeoutMs: 60_000, fairnessSec, floodIds };
}

// biome-ignore lint/suspicious/noExplicitAny: the control surface's answers are read defensively
async function sim(base: string, path: string, method = "GET", body?: object): Promise<{ status: number; json: any }> {
  const init = body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {};
  const res = await fetch(`${base}/__sim/${path}`, { method, ...init, signal: AbortSignal.timeout(5_000) });
  return { status: res.status, json: await res.json().catch(() => null) };
}
/** The API process's peak RSS since it started (bench/serve.ts), null where it cannot say. */
export const peakRss = (url: string): Promise<number | null> =>
  state(url).then(
    (s) => s.peakRssMb,
    () => null,
  );
const names = (sims: Sims) => Object.keys(sims) as Array<keyof Sims>;
const num = (v: unknown) => (typeof v === "number" ? v : null);

/**
 * The Dashboard at `limitedConnections` for `limitedSec` while each simulator answers 429 above
 * `maxInFlight` calls in flight (`POST /__sim/limits`). Per simulator: its calls, the 429s it
 * sent (`refused`), the most calls it saw in flight, and the API's limit as /readyz reports it
 * (sampled each second; the second half of the run is where it should have settled).
 */
export async function runLimited(url: string, apiKey: string, sims: Sims, dashboard: Scenario, o: Settings) {
  const t = o.traffic;
  await settle(url);
  await runLoad(url, apiKey, dashboard.steps, 1, o.warmupSec);
  const samples: Array<Record<string, number>> = [];
  try {
    for (const n of names(sims)) await sim(sims[n], "limits", "DELETE");
    const set = await Promise.all(names(sims).map((n) => sim(sims[n], "limits", "POST", { maxInFlight: t.maxInFlight })));
    for (const n of names(sims)) await sim(sims[n], "counters", "DELETE");
    const poll = setInterval(
      () =>
        void providerLimits(url).then(
          (l) => samples.push(l),
          () => undefined,
        ),
      1_000,
    );
    const load = await runLoad(url, apiKey, dashboard.steps, t.limitedConnections, t.limitedSec).finally(() => clearInterval(poll));
    const providers: Record<string, ReturnType<typeof limitedProvider>> = {};
    for (const n of names(sims)) {
      const [limits, counters] = [await sim(sims[n], "limits"), await sim(sims[n], "counters")];
      const settled = samples.slice(Math.floor(samples.length / 2)).flatMap((s) => (s[n] === undefined ? [] : [s[n]]));
      providers[n] = limitedProvider(set[names(sims).indexOf(n)]!.status, limits.json, num(counters.json?.total) ?? 0, settled);
    }
    return { status: "ok" as const, maxInFlight: t.maxInFlight, connections: t.limitedConnections, load, providers, peakRssMb: await peakRss(url) };
  } finally {
    for (const n of names(sims)) await sim(sims[n], "limits", "DELETE").catch(() => undefined);
  }
}

/** One simulator's side of the limited run; `enforced`: it accepted the limit (a simulator without the control answers 404). */
export function limitedProvider(setStatus: number, limits: Data | null, calls: number, apiLimits: number[]) {
  const refused = num(limits?.refused);
  return {
    enforced: setStatus >= 200 && setStatus < 300 && num(limits?.maxInFlight) !== null,
    setStatus,
    calls,
    refused,
    refusedShare: refused === null || calls === 0 ? null : Math.round((refused / calls) * 10_000) / 10_000,
    peakInFlight: num(limits?.peakInFlight),
    apiLimit: apiLimits.length ? { last: apiLimits.at(-1)!, min: Math.min(...apiLimits), max: Math.max(...apiLimits) } : null,
  };
}

/**
 * The fault rules in force during rotation tick `tick`: one rule of `rate` per endpoint (the
 * simulator's `takeFault` applies only the FIRST rule matching a call, so rules of several kinds
 * on one endpoint would never mix), each endpoint's kind rotating through every kind, a phase
 * apart per endpoint (and per simulator, `phase`), and a "*" rule last for endpoints not named.
 * So every call has exactly `rate` chance of a fault, and every kind is in force somewhere.
 */
export function faultRules(endpoints: readonly string[], tick: number, phase: number, rate: number, hangMs: number) {
  return [...endpoints, "*"].map((endpoint, i) => ({ endpoint, kind: faultKinds[(tick + phase + i) % faultKinds.length]!, rate, hangMs }));
}

/** One answer of the faults scenario: times in ms since the load began. */
export type Outcome = { start: number; end: number; kind: "complete" | "partial" | "failed"; ordersMissing: boolean; error?: string | undefined; unanswered?: boolean };

/** complete: data and no errors; partial: data with errors; failed: no data, a non-2xx status, no JSON or no answer. `ordersMissing`: no `orders` in it. */
export function classify(status: number, text: string, error?: string): Pick<Outcome, "kind" | "ordersMissing" | "error"> {
  const failed = (why: string) => ({ kind: "failed" as const, ordersMissing: true, error: why });
  if (error) return failed(error);
  let json: { data?: Data | null; errors?: Array<{ message?: string }> };
  try {
    json = JSON.parse(text);
  } catch {
    return failed(`HTTP ${status}, not JSON`);
  }
  const first = json.errors?.[0]?.message;
  if (status < 200 || status > 299 || !json.data) return failed(first ? `HTTP ${status}: ${first}` : `HTTP ${status}, no data`);
  return { kind: first === undefined ? "complete" : "partial", ordersMissing: json.data.orders == null, error: first };
}

/**
 * Our own closed loop, not autocannon: every answer is classified from its body and timed from
 * request to last byte, and the loop waits for the requests still out when the time is up (up
 * to the client timeout), where autocannon would drop them, and with them the slowest answers.
 */
export async function closedLoop(url: string, apiKey: string, step: ScenarioStep, connections: number, durationMs: number, timeoutMs: number) {
  const pool = new Pool(url, { connections });
  const [out, t0, body] = [[] as Outcome[], performance.now(), JSON.stringify({ query: step.query, variables: step.variables(undefined) })];
  const worker = async () => {
    while (performance.now() - t0 < durationMs) {
      const start = performance.now() - t0;
      const [status, text, error] = await pool
        .request({ path: "/graphql", method: "POST", headers: authHeaders(apiKey), body, signal: AbortSignal.timeout(timeoutMs) })
        .then(async (res) => [res.statusCode, await res.body.text(), undefined] as const)
        .catch((e: Error) => [0, "", e.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : e.message] as const);
      out.push({ start, end: performance.now() - t0, ...classify(status, text, error), unanswered: status === 0 });
      if (error) await sleep(10); // a dead API must not be spun on
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  await pool.close();
  return out;
}

/**
 * When full answers came back: from faults stopping to the first complete answer to a request
 * that begins `runMs` of requests all answered completely (requests started after faults
 * stopped: one begun before may have met a fault). Null: no such run in what was observed.
 */
export function recoveryMs(outcomes: readonly Outcome[], stoppedAt: number, runMs = 1_000): number | null {
  const after = outcomes.filter((r) => r.start >= stoppedAt).sort((a, b) => a.start - b.start);
  const lastStart = after.at(-1)?.start ?? 0;
  for (let i = 0; i < after.length && after[i]!.start + runMs <= lastStart; i++) {
    const from = after[i]!.start;
    let ok = true;
    for (let j = i; ok && j < after.length && after[j]!.start <= from + runMs; j++) ok = after[j]!.kind === "complete";
    if (ok) return Math.round(after[i]!.end - stoppedAt);
  }
  return null;
}

/** Counts, share without `orders`, latency (p50/p99 and max) and the most frequent first errors, of some outcomes. */
export function tally(outcomes: readonly Outcome[]) {
  const count = (k: Outcome["kind"]) => outcomes.filter((r) => r.kind === k).length;
  const errors = new Map<string, number>();
  for (const message of outcomes.flatMap((r) => (r.error ? [r.error.replace(/\b[\w-]*\d[\w-]*\b/g, "#").slice(0, 160)] : [])))
    errors.set(message, (errors.get(message) ?? 0) + 1);
  const durations = outcomes.map((r) => r.end - r.start);
  return {
    responses: outcomes.length,
    complete: count("complete"),
    partial: count("partial"),
    failed: count("failed"),
    /** No HTTP answer: the client gave up (timeout) or the connection failed. */
    unanswered: outcomes.filter((r) => r.unanswered).length,
    ordersMissingShare: outcomes.length ? Math.round((outcomes.filter((r) => r.ordersMissing).length / outcomes.length) * 10_000) / 10_000 : null,
    latency: summarize(durations),
    maxMs: durations.length ? Math.round(Math.max(...durations)) : null,
    topErrors: [...errors]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([message, n]) => ({ message, n })),
  };
}

/**
 * The Dashboard at `faultConnections` through `closedLoop` for `faultSec` with faults, then
 * `recoverySec` without. Faults: on both simulators, every endpoint the Dashboard calls, each
 * call with `faultRate` chance, kinds rotating every second (`faultRules`); a hang lasts
 * `hangMs`, past the provider timeout. What was injected is read back from the simulators' call
 * logs (each call's `fault`), so the report states the real share, not the intended one.
 */
export async function runFaults(url: string, apiKey: string, sims: Sims, dashboard: Scenario, endpoints: readonly string[], o: Settings) {
  const t = o.traffic;
  await settle(url);
  await runLoad(url, apiKey, dashboard.steps, 1, o.warmupSec);
  const on = (n: keyof Sims) => endpoints.filter((e) => e.startsWith(`${n}.`)).map((e) => e.slice(n.length + 1));
  const injected = { calls: 0, unseen: 0, byKind: {} as Record<string, number> };
  const seen: Record<string, { seq: number; total: number }> = {};
  // The log's `seq` numbers every call; its last `limit` records are enough when sized from the counters' growth.
  const readLogs = async () => {
    for (const n of names(sims)) {
      const total = num((await sim(sims[n], "counters")).json?.total) ?? 0;
      const before = (seen[n] ??= { seq: -1, total });
      const log = ((await sim(sims[n], `log?limit=${Math.min(5_000, Math.max(1, total - before.total + 200))}`)).json ?? []) as Array<{ seq: number; fault: string | null }>;
      const newest = Math.max(before.seq, ...log.map((r) => r.seq));
      if (before.seq >= 0) {
        const fresh = log.filter((r) => r.seq > before.seq);
        injected.calls += newest - before.seq;
        injected.unseen += newest - before.seq - fresh.length;
        for (const r of fresh) if (r.fault) injected.byKind[r.fault] = (injected.byKind[r.fault] ?? 0) + 1;
      }
      seen[n] = { seq: newest, total };
    }
  };
  const apply = (tick: number) =>
    Promise.all(
      names(sims).map(async (n, i) => {
        await sim(sims[n], "faults", "DELETE");
        for (const rule of faultRules(on(n), tick, 3 * i, t.faultRate, t.hangMs)) await sim(sims[n], "faults", "POST", rule);
      }),
    );
  const clear = () => Promise.all(names(sims).map((n) => sim(sims[n], "faults", "DELETE")));
  let stoppedAt = Number.NaN;
  try {
    await readLogs();
    await apply(0);
    const t0 = performance.now();
    const load = closedLoop(url, apiKey, dashboard.steps[0]!, t.faultConnections, (t.faultSec + t.recoverySec) * 1_000, t.clientTimeoutMs);
    load.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    for (let tick = 1; performance.now() - t0 < t.faultSec * 1_000; tick++) {
      await sleep(Math.max(0, Math.min(tick * 1_000, t.faultSec * 1_000) - (performance.now() - t0)));
      await readLogs();
      if (performance.now() - t0 < t.faultSec * 1_000) await apply(tick);
    }
    await clear();
    stoppedAt = performance.now() - t0;
    await readLogs();
    const outcomes = await load;
    const [during, after] = [outcomes.filter((r) => r.start < stoppedAt), outcomes.filter((r) => r.start >= stoppedAt)];
    const faults = Object.values(injected.byKind).reduce((a, b) => a + b, 0);
    return {
      status: "ok" as const,
      connections: t.faultConnections,
      faultsStoppedAtMs: Math.round(stoppedAt),
      injected: { ...injected, faults, share: injected.calls ? Math.round((faults / injected.calls) * 10_000) / 10_000 : null },
      all: tally(outcomes),
      faults: tally(during),
      recovery: tally(after),
      recoveryMs: recoveryMs(outcomes, stoppedAt),
      peakRssMb: await peakRss(url),
    };
  } finally {
    await clear().catch(() => undefined);
  }
}

const FLOOD = "query BenchFlood($ids: [ID!]!) { nodes(ids: $ids) { id ... on Delivery { code status statusName } } }";
const DELIVERIES = "query BenchDeliveries($after: String) { orders(first: 50, after: $after) { pageInfo { hasNextPage endCursor } edges { node { delivery { code } } } } }";

/** `n` distinct codes of deliveries the SuperShip simulator holds, read through the API (the orders' deliveries, page by page). */
async function deliveryCodes(url: string, apiKey: string, n: number): Promise<string[]> {
  const codes = new Set<string>();
  for (let after: string | null = null, page = 0; codes.size < n && page < 20; page++) {
    const { orders } = await request(url, apiKey, DELIVERIES, { after });
    for (const e of orders?.edges ?? []) if (e.node.delivery?.code) codes.add(e.node.delivery.code);
    if (!orders?.pageInfo?.hasNextPage) break;
    after = orders.pageInfo.endCursor;
  }
  return [...codes].slice(0, n);
}

/**
 * Tenant B's Dashboard at one connection, alone (quiet), then while tenant A floods with
 * `floodConnections` of `nodes(ids:)` at the maximum list size, each id a real Delivery (one
 * SuperShip call each). The flood starts first and outlasts B's run, so B is measured under it.
 */
export async function runFairness(url: string, apiKey: string, floodKey: string, dashboard: Scenario, o: Settings) {
  const t = o.traffic;
  await settle(url);
  const ids = (await deliveryCodes(url, apiKey, t.floodIds)).map((code) => encodeGlobalID("Delivery", code));
  if (ids.length < t.floodIds) throw new Error(`only ${ids.length} delivery codes found, ${t.floodIds} wanted`);
  const flood: ScenarioStep = { query: FLOOD, variables: () => ({ ids }), needs: () => [] };
  await runLoad(url, apiKey, dashboard.steps, 1, o.warmupSec);
  const quiet = await runLoad(url, apiKey, dashboard.steps, 1, t.fairnessSec);
  await settle(url);
  const lead = o.smoke ? 0.5 : 2;
  const flooding = runLoad(url, floodKey, [flood], t.floodConnections, t.fairnessSec + 2 * lead);
  flooding.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  await sleep(lead * 1_000);
  const measuring = runLoad(url, apiKey, dashboard.steps, 1, t.fairnessSec);
  // Half-way through B's run: how the API's tenant admission (src/http/admission.ts) stands then, where it has one.
  await sleep((t.fairnessSec * 1_000) / 2);
  const admission = await admissionOf(url);
  const flooded = await measuring;
  const floodA: LoadResult = await flooding;
  const [q, f] = [quiet.latency.p50Ms, flooded.latency.p50Ms];
  const ratio = q && f !== null ? Math.round((f / q) * 100) / 100 : null;
  return { status: "ok" as const, ids: ids.length, quiet, flooded, flood: floodA, admission, ratio, peakRssMb: await peakRss(url) };
}

/** /readyz's `admission` detail (tenants competing, the limit, operations running and waiting), or null where the API has none. */
async function admissionOf(url: string): Promise<Record<string, unknown> | null> {
  const ready = await (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).json().catch(() => null);
  return (ready as { admission?: Record<string, unknown> } | null)?.admission ?? null;
}

export type Failed = { status: "failed"; error: string };
export type LimitedResult = Awaited<ReturnType<typeof runLimited>> | Failed;
export type FaultsResult = Awaited<ReturnType<typeof runFaults>> | Failed;
export type FairnessResult = Awaited<ReturnType<typeof runFairness>> | Failed;
/** `pushed` is issue 15's scenario (bench/pushed.ts), reported with these. */
export type TrafficResults = { limited?: LimitedResult; faults?: FaultsResult; fairness?: FairnessResult; pushed?: PushedResult };
