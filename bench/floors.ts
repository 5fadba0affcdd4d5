/**
 * The two floors a scenario is judged against (docs/decisions/007-benchmarks.md):
 *
 * - call floor: per endpoint the scenario needs, one call per `maxBatch` distinct keys on a
 *   batch endpoint (⌈keys / maxBatch⌉), one call per distinct key on an endpoint with no batch
 *   form — summed over every endpoint and level (design.md, "The numbers that matter");
 * - latency floor: the fewest sequential provider round trips ("waves") under the per-provider
 *   concurrency cap: a level can start only when the level it depends on has answered, and
 *   within a level each provider runs at most `cap` calls at once, so a level takes
 *   max over providers of ⌈calls / cap⌉ waves. Times the injected latency per call.
 *
 * A scenario with several requests in sequence (the write mix) is a list of steps; their
 * floors add up. Pure functions: test/bench/floors.test.ts pins them.
 */

export type ProviderName = "hypersku" | "supership";

/** One provider endpoint a step needs, with the distinct keys it must be asked about. */
export interface Need {
  provider: ProviderName;
  /** Endpoint name as in the provider's endpoint table (and the simulator's counters). */
  endpoint: string;
  /** 0: needs nothing from another provider call; n: needs an answer of level n - 1. */
  level: number;
  /** Keys (deduplicated here); a paged listing is one key per page. */
  keys: readonly string[];
  /** Most keys one call accepts (the endpoint table's maxBatch); absent: no batch form. */
  maxBatch?: number;
}

/** The requests of one operation, in order; each step's needs come from its own response. */
export type Step = readonly Need[];

export function callsFor(need: Need): number {
  const distinct = new Set(need.keys).size;
  if (need.maxBatch === undefined) return distinct;
  if (!Number.isInteger(need.maxBatch) || need.maxBatch < 1) throw new RangeError(`maxBatch of ${need.endpoint} must be a positive integer`);
  return Math.ceil(distinct / need.maxBatch);
}

export interface CallFloor {
  total: number;
  /** `<provider>.<endpoint>` → calls. */
  byEndpoint: Record<string, number>;
}

export function callFloor(steps: readonly Step[]): CallFloor {
  const byEndpoint: Record<string, number> = {};
  for (const need of steps.flat()) {
    const calls = callsFor(need);
    if (calls === 0) continue;
    const key = `${need.provider}.${need.endpoint}`;
    byEndpoint[key] = (byEndpoint[key] ?? 0) + calls;
  }
  return { total: Object.values(byEndpoint).reduce((a, b) => a + b, 0), byEndpoint };
}

/** Sequential provider round trips of one step: Σ over levels of max over providers ⌈calls / cap⌉. */
export function stepWaves(step: Step, cap: number): number {
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError("the concurrency cap must be a positive integer");
  const perLevel = new Map<number, Map<ProviderName, number>>();
  for (const need of step) {
    const calls = callsFor(need);
    if (calls === 0) continue;
    const providers = perLevel.get(need.level) ?? new Map<ProviderName, number>();
    providers.set(need.provider, (providers.get(need.provider) ?? 0) + calls);
    perLevel.set(need.level, providers);
  }
  let waves = 0;
  for (const providers of perLevel.values()) waves += Math.max(...[...providers.values()].map((calls) => Math.ceil(calls / cap)));
  return waves;
}

export interface LatencyFloor {
  waves: number;
  ms: number;
}

/**
 * `perCallMs` is the injected latency of one provider call (fixed + mean jitter); the
 * simulators' own processing time and the network are left out, so this is a true floor.
 */
export function latencyFloor(steps: readonly Step[], { cap, perCallMs }: { cap: number; perCallMs: number }): LatencyFloor {
  const waves = steps.reduce((sum, step) => sum + stepWaves(step, cap), 0);
  return { waves, ms: waves * perCallMs };
}

/** Our p50 over the latency floor; null when the floor is zero (no provider latency). */
export function floorRatio(p50Ms: number, floorMs: number): number | null {
  return floorMs > 0 ? p50Ms / floorMs : null;
}
