import { EXCESS_CAUSES, LEVEL_CAUSES, PROFILE_CAUSES } from "./causes.js";
import type { BenchResults } from "./results.js";
import { callExcess } from "./targets.js";

/**
 * The report's commentary, derived from one run: for every missed target by how much and
 * why (calls beyond the floor by endpoint with their likely cause, latency split into CPU time
 * and extra round trips, the profile's hot spots), then one line per scenario.
 */

const r1 = (v: number) => Math.round(v * 10) / 10;

function latencySplit(res: BenchResults, id: string): string | null {
  const b = res.scenarios.find((s) => s.id === id)?.modes.batched;
  const cpu = res.inProcess?.results.find((r) => r.scenario === id)?.apiLatency.p50Ms;
  if (b?.status !== "ok" || b.p50Ms === null || b.floorMs === null || cpu == null) return null;
  const perCall = res.settings.latencyMs + res.settings.jitterMs / 2;
  const gap = b.p50Ms - b.floorMs;
  const head = `p50 ${r1(b.p50Ms)} ms = floor ${r1(b.floorMs)} ms + ${r1(gap)} ms; the API's own work per execution, measured in-process with no provider latency, is ${r1(cpu)} ms`;
  if (cpu >= gap) {
    return `${head}, at least the whole gap: the gap is the API's CPU time (partly hidden behind provider waits), not extra provider round trips.`;
  }
  const trips = perCall > 0 ? (gap - cpu) / perCall : 0;
  if (trips < 0.75) return `${head}; the remaining ${r1(gap - cpu)} ms is less than one round trip, so the API adds no provider level beyond the floor's.`;
  const level = LEVEL_CAUSES[id] ? ` Likely cause: ${LEVEL_CAUSES[id]}.` : "";
  return `${head}; the remaining ${r1(gap - cpu)} ms is about ${r1(trips)} extra sequential round trip(s) of ${perCall} ms${level ? "." + level : " (an approximate split: CPU time and provider waits partly overlap, and the simulators compete for the same cores)."}`;
}

function excessLines(res: BenchResults, id: string): string[] {
  const b = res.scenarios.find((s) => s.id === id)?.modes.batched;
  if (b?.status !== "ok") return [];
  return callExcess(b).map((e) => {
    const endpoint = e.split(" ")[0]!;
    const cause = EXCESS_CAUSES[endpoint];
    return `  - \`${e}\`${cause ? `: likely ${cause}` : ""}.`;
  });
}

/** Which bound caps the batched throughput: the API's CPU, or the per-provider concurrency cap. */
function throughput(res: BenchResults, id: string): string | null {
  const b = res.scenarios.find((s) => s.id === id)?.modes.batched;
  const cpu = res.inProcess?.results.find((r) => r.scenario === id)?.apiLatency.p50Ms;
  if (b?.status !== "ok" || !cpu) return null;
  const best = Math.max(...Object.values(b.opsPerSec));
  const perCall = res.settings.latencyMs + res.settings.jitterMs / 2;
  const perProvider = new Map<string, number>();
  for (const [k, n] of Object.entries(b.upstreamByEndpoint)) perProvider.set(k.split(".")[0]!, (perProvider.get(k.split(".")[0]!) ?? 0) + n);
  const provider = [...perProvider].map(([p, n]) => [p, (res.settings.providerConcurrency * 1000) / Math.max(perCall, 1) / n] as const).sort((a, b) => a[1] - b[1])[0];
  const cpuBound = 1000 / cpu;
  const limit = provider && provider[1] < cpuBound ? `the ${provider[0]} concurrency cap (${res.settings.providerConcurrency} calls in flight allow about ${r1(provider[1])} operations/s)` : `the API's CPU (about ${r1(cpu)} ms of work per operation allow about ${r1(cpuBound)} operations/s on one core)`;
  return `best batched throughput ${r1(best)} operations/s; the tighter bound is ${limit}${provider && provider[1] >= cpuBound ? `, before the ${provider[0]} cap (about ${r1(provider[1])}/s)` : ""}.`;
}

/** The most frequent error under load for a scenario and mode, with the queue arithmetic when the provider queue overflowed. */
function loadErrors(res: BenchResults, id: string): string[] {
  const s = res.scenarios.find((x) => x.id === id);
  const out: string[] = [];
  for (const [mode, r] of Object.entries(s?.modes ?? {})) {
    for (const l of r.load) {
      const top = l.errorReasons[0];
      if (!top || l.errorRate === 0) continue;
      const provider = /(hypersku|supership) \w+: too many calls queued/.exec(top.reason)?.[1];
      const calls = provider ? Object.entries(r.upstreamByEndpoint).filter(([k]) => k.startsWith(`${provider}.`)).reduce((n, [, v]) => n + v, 0) : 0;
      const why = provider
        ? ` ${l.connections} operations at once need ${l.connections * calls} ${provider} calls, more than the ${res.settings.providerConcurrency} in flight plus the ${res.settings.providerQueue} queued (PROVIDER_CONCURRENCY, PROVIDER_QUEUE) one API process accepts; the rest are refused at once by design (src/providers/http.ts), which fails the fields that needed them.`
        : "";
      out.push(`  - ${mode}, ${l.connections} connections: ${r1(l.errorRate * 100)}% errors, mostly \`${top.reason}\`.${why}`);
    }
  }
  return out;
}

export function commentary(res: BenchResults): string[] {
  const out: string[] = [];
  const [t1, t2, t3, t4] = res.targets;
  if (t1?.met === false) out.push(`- **Target 1 (calls).** ${t1.detail}.`, ...excessLines(res, "dashboard"));
  if (t2) {
    const bound = t2.met === false ? " The 1.25× bound leaves a quarter of the floor for everything that is not provider latency; at about a millisecond of API work per upstream call that is less than the API spends on the dashboard's calls (target 4)." : "";
    out.push(`- **Target 2 (latency)${t2.met ? ", met" : t2.met === false ? ", missed" : ""}.** ${latencySplit(res, "dashboard") ?? t2.detail}${bound}`);
  }
  if (t3?.met === false) out.push(`- **Target 3 (batching off).** ${t3.detail}.`);
  const ip = res.inProcess?.results.find((r) => r.scenario === "dashboard");
  const prof = res.inProcess?.profile;
  if (t4 && ip && ip.latency.p50Ms !== null && ip.apiLatency.p50Ms !== null) {
    const perCall = ip.apiLatency.p50Ms / Math.max(1, ip.upstreamCalls);
    out.push(
      `- **Target 4 (in-process cost)${t4.met ? ", met" : t4.met === false ? ", missed" : ""}.** ${r1(ip.latency.p50Ms)} ms per dashboard, ${r1(ip.apiLatency.p50Ms)} ms of it outside the simulators: ` +
        `about ${r1(perCall)} ms of API-side work per upstream call over ${ip.upstreamCalls} calls, plus executing and serialising the answer.` +
        (prof ? ` Garbage collection takes ${r1((prof.byArea.find((a) => a.area === "(garbage collector)")?.share ?? 0) * 100)}% of the busy time.` : ""),
      ...(prof?.byProjectFile ?? []).filter((f) => f.share >= 0.05 && PROFILE_CAUSES[f.file]).map((f) => `  - \`${f.file}\` (${r1(f.share * 100)}% of busy time): ${PROFILE_CAUSES[f.file]}.`),
    );
  }
  for (const s of res.scenarios) {
    const b = s.modes.batched;
    const u = s.modes.unbatched;
    if (b?.status !== "ok") {
      out.push(`- **${s.id}**: ${b?.error ?? "not measured"}${s.complete ? "" : ` (the schema lacks ${s.missing.join(", ")})`}.`);
      continue;
    }
    const top = String(Math.max(...res.settings.concurrency));
    const calls = callExcess(b).length === 0 ? `calls at the floor (${b.upstreamCalls})` : `${b.upstreamCalls} calls against a floor of ${b.floorCalls}`;
    const off = u?.status === "ok" && u.upstreamCalls ? `; batching off ${u.upstreamCalls} calls (${r1(u.upstreamCalls / Math.max(1, b.upstreamCalls ?? 1))}×), ${u.rps[top] ?? "–"} rps at ${top} connection${top === "1" ? "" : "s"} against ${b.rps[top] ?? "–"} batched` : "";
    out.push(`- **${s.id}** (batched): ${calls}${off}.${s.complete ? "" : ` Incomplete: the schema lacks ${s.missing.join(", ")}.`}`);
    if (s.id !== "dashboard") out.push(...excessLines(res, s.id));
    const split = s.id === "dashboard" ? null : latencySplit(res, s.id);
    if (split) out.push(`  - ${split}`);
    const tp = throughput(res, s.id);
    if (tp) out.push(`  - Throughput: ${tp}`);
    out.push(...loadErrors(res, s.id));
  }
  return out;
}
