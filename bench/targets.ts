import type { ModeResult } from "./measure.js";
import type { BenchResults, Target } from "./results.js";

/**
 * The four acceptance targets, judged from the measured results, each with the
 * numbers behind the verdict and, when missed, by how much and which endpoints or costs
 * account for it. A target on a scenario that could not be measured fully is not judged.
 */

type Input = Pick<BenchResults, "scenarios" | "inProcess" | "settings">;

const fmt = (v: number, d = 1) => (Math.round(v * 10 ** d) / 10 ** d).toString();

/** Endpoints where the measured calls differ from the floor, e.g. `supership.districts +1`. */
export function callExcess(r: Pick<ModeResult, "upstreamByEndpoint" | "floorByEndpoint">): string[] {
  const keys = new Set([...Object.keys(r.upstreamByEndpoint), ...Object.keys(r.floorByEndpoint)]);
  return [...keys]
    .map((k) => [k, (r.upstreamByEndpoint[k] ?? 0) - (r.floorByEndpoint[k] ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([k, d]) => `${k} ${d > 0 ? "+" : ""}${d}`);
}

/** Calls on endpoints that batching cannot shrink: the same count with batching on and off. */
export function unbatchableCalls(batched: ModeResult, unbatched: ModeResult): number {
  return Object.entries(batched.upstreamByEndpoint).reduce((n, [k, v]) => n + (unbatched.upstreamByEndpoint[k] === v ? v : 0), 0);
}

export function evaluateTargets(results: Input): Target[] {
  const dash = results.scenarios.find((s) => s.id === "dashboard");
  const b = dash?.modes.batched;
  const u = dash?.modes.unbatched;
  const incomplete = dash && !dash.complete ? `the dashboard ran without ${dash.missing.join(", ")}` : null;
  const judged = (ok: boolean) => (incomplete ? null : ok);
  const notMeasured = (why: string) => ({ met: null, detail: `not measured: ${why}` });
  const usable = (r: ModeResult | undefined): r is ModeResult => r?.status === "ok";
  const errorOf = (r: ModeResult | undefined) => r?.error;
  const suffix = incomplete ? ` (not judged: ${incomplete})` : "";

  const t1 = !usable(b)
    ? notMeasured(errorOf(b) ?? "the dashboard did not run")
    : {
        met: judged(b.upstreamCalls === b.floorCalls),
        detail:
          `${b.upstreamCalls} upstream calls, call floor ${b.floorCalls}` +
          (b.upstreamCalls === b.floorCalls ? "" : `; off by ${callExcess(b).join(", ")}`) +
          suffix,
      };

  const bound = usable(b) && b.floorMs !== null ? 1.25 * b.floorMs : null;
  const t2 = !usable(b) || b.p50Ms === null || bound === null
    ? notMeasured(errorOf(b) ?? "no latency")
    : {
        met: judged(b.p50Ms <= bound),
        detail:
          `p50 ${fmt(b.p50Ms)} ms at concurrency 1 = ${fmt(b.p50OverFloor ?? 0, 2)}× the latency floor of ${fmt(b.floorMs ?? 0)} ms ` +
          `(${b.floorWaves} sequential waves × ${results.settings.latencyMs + results.settings.jitterMs / 2} ms); bound ${fmt(bound)} ms` +
          (b.p50Ms <= bound ? "" : `, missed by ${fmt(b.p50Ms - bound)} ms`) +
          suffix,
      };

  const t3 = !usable(b) || !usable(u)
    ? notMeasured(errorOf(b) ?? errorOf(u) ?? "both modes are needed")
    : (() => {
        const ratio = u.upstreamCalls! / Math.max(b.upstreamCalls!, 1);
        const fixed = unbatchableCalls(b, u);
        return {
          met: judged(ratio >= 3),
          detail:
            `batching off: ${u.upstreamCalls} calls vs ${b.upstreamCalls} batched = ${fmt(ratio, 2)}×` +
            (ratio >= 3 ? "" : `; ${fixed} of the ${b.upstreamCalls} batched calls are on endpoints with no batch form (identical in both modes), so batching can at most save on the rest`) +
            suffix,
        };
      })();

  const ip = results.inProcess?.results.find((r) => r.scenario === "dashboard");
  const share = results.inProcess?.profile?.simulatorShare;
  // Judged on the API's side: wall time minus the time inside the simulators.
  const t4 = !ip || ip.apiLatency.p50Ms === null || ip.latency.p50Ms === null
    ? notMeasured(results.inProcess?.error ?? "no in-process dashboard")
    : {
        met: judged(ip.apiLatency.p50Ms <= 5),
        detail:
          `in-process dashboard p50 ${fmt(ip.apiLatency.p50Ms, 2)} ms on the API's side (${fmt(ip.latency.p50Ms, 2)} ms wall, simulators included) over ${ip.upstreamCalls} zero-latency upstream calls; bound 5 ms` +
          (ip.apiLatency.p50Ms <= 5 ? "" : `, missed by ${fmt(ip.apiLatency.p50Ms - 5)} ms (${fmt(ip.apiLatency.p50Ms / 5)}×)`) +
          (share === undefined ? "" : `; ${Math.round(share * 100)}% of the profiled busy time is charged to simulator code`) +
          suffix,
      };

  return [
    { id: 1, description: "Dashboard, batched: upstream calls == call floor", ...t1 },
    { id: 2, description: "Dashboard, batched: p50 at concurrency 1 ≤ 1.25 × latency floor", ...t2 },
    { id: 3, description: "Dashboard: batching off makes ≥ 3× the upstream calls", ...t3 },
    { id: 4, description: "Dashboard in-process (zero provider latency): p50 ≤ 5 ms", ...t4 },
  ];
}
