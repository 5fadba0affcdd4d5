/**
 * Upstream calls as the simulators count them (`/__sim/counters`, simulators/shared/control.ts):
 * cleared before and read after a single execution of a scenario, so the numbers are exact
 * and never inferred from timings.
 */

export interface SimUrls {
  hypersku: string;
  supership: string;
}

export interface UpstreamCalls {
  total: number;
  /** `<provider>.<endpoint>` → calls, as the floors name them. */
  byEndpoint: Record<string, number>;
}

export async function clearCounters(sims: SimUrls): Promise<void> {
  await Promise.all(
    Object.values(sims).map(async (url) => {
      const res = await fetch(`${url}/__sim/counters`, { method: "DELETE", signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`clearing ${url}/__sim/counters answered ${res.status}`);
    }),
  );
}

export async function readCounters(sims: SimUrls): Promise<UpstreamCalls> {
  const byEndpoint: Record<string, number> = {};
  for (const [provider, url] of Object.entries(sims)) {
    const res = await fetch(`${url}/__sim/counters`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`${url}/__sim/counters answered ${res.status}`);
    const counts = (await res.json()) as { byEndpoint: Record<string, number> };
    for (const [endpoint, n] of Object.entries(counts.byEndpoint)) byEndpoint[`${provider}.${endpoint}`] = n;
  }
  return { total: Object.values(byEndpoint).reduce((a, b) => a + b, 0), byEndpoint };
}

/**
 * Waits until no upstream call happens for `quietMs`: when a load run stops, the API is still
 * finishing the requests autocannon abandoned, and their calls must not be counted as the
 * next scenario's. Bounded by `timeoutMs`; returns whether the providers went quiet.
 */
export async function settle(sims: SimUrls, { quietMs = 1_000, timeoutMs = 60_000 } = {}): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = (await readCounters(sims)).total;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = (await readCounters(sims)).total;
    if (now === last) return true;
    last = now;
  }
  return false;
}
