/**
 * The two floors a scenario is judged against (ADR 007): what the providers force on us. Call
 * floor: per endpoint ⌈distinct keys / maxBatch⌉, or one call per distinct key without a batch
 * form. Latency floor: a level starts when the one it depends on has answered, each provider
 * runs at most `cap` calls at once, so a level is max over providers of ⌈calls / cap⌉ waves;
 * waves × injected latency. The steps of a sequence (the write mix) add up.
 */

export type ProviderName = "hypersku" | "supership";

/**
 * One provider endpoint a step needs (named as the simulators' counters name it), with the keys
 * it must be asked about (deduplicated here; a paged listing is one key per page). `level` 0
 * needs no other provider answer, n needs one of level n - 1; `maxBatch` absent: no batch form.
 */
export type Need = { provider: ProviderName; endpoint: string; level: number; keys: readonly string[]; maxBatch?: number };

/** The needs of one request, read from its own response. */
export type Step = readonly Need[];

export function callsFor(need: Need): number {
  const distinct = new Set(need.keys).size;
  if (need.maxBatch === undefined) return distinct;
  if (!Number.isInteger(need.maxBatch) || need.maxBatch < 1) throw new RangeError(`maxBatch of ${need.endpoint} must be a positive integer`);
  return Math.ceil(distinct / need.maxBatch);
}

export function callFloor(steps: readonly Step[]): { total: number; byEndpoint: Record<string, number> } {
  const byEndpoint: Record<string, number> = {};
  for (const need of steps.flat()) {
    const key = `${need.provider}.${need.endpoint}`;
    if (callsFor(need) > 0) byEndpoint[key] = (byEndpoint[key] ?? 0) + callsFor(need);
  }
  return { total: Object.values(byEndpoint).reduce((a, b) => a + b, 0), byEndpoint };
}

/** Sequential provider round trips of one step: Σ over levels of max over providers ⌈calls / cap⌉. */
export function stepWaves(step: Step, cap: number): number {
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError("the concurrency cap must be a positive integer");
  const perLevel = new Map<number, Map<ProviderName, number>>();
  for (const need of step.filter((n) => callsFor(n) > 0)) {
    const providers = perLevel.get(need.level) ?? new Map<ProviderName, number>();
    providers.set(need.provider, (providers.get(need.provider) ?? 0) + callsFor(need));
    perLevel.set(need.level, providers);
  }
  return [...perLevel.values()].reduce((waves, providers) => waves + Math.max(...[...providers.values()].map((calls) => Math.ceil(calls / cap))), 0);
}

/** `perCallMs`: the injected latency; the simulators' own work and the network are left out, so nothing beats it. */
export function latencyFloor(steps: readonly Step[], { cap, perCallMs }: { cap: number; perCallMs: number }): { waves: number; ms: number } {
  const waves = steps.reduce((sum, step) => sum + stepWaves(step, cap), 0);
  return { waves, ms: waves * perCallMs };
}

/** Our p50 over the latency floor; null when the floor is zero (no provider latency). */
export function floorRatio(p50Ms: number, floorMs: number): number | null {
  return floorMs > 0 ? p50Ms / floorMs : null;
}
