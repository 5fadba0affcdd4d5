import { performance } from "node:perf_hooks";
import { createHyperskuSimulator } from "../simulators/hypersku/index.js";
import { createSupershipSimulator } from "../simulators/supership/index.js";
import type { Exchange } from "../src/providers/exchange.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { benchApp, createApiKey, type Fetch } from "./api.js";
import { sum } from "./floors.js";
import { type Counted, summarize } from "./measure.js";
import { buildScenarios, loadFixtures, runOnce, type Scenario } from "./scenarios.js";
import { connectProviders, MODES, type Mode } from "./stack.js";

/**
 * The layer's own cost: `createApp` in this process, called with `app.fetch(new Request(…))`,
 * its provider calls handed to the simulators' apps in this process by an in-memory exchange
 * (`createApp({ providerExchange })`): no socket anywhere, zero provider latency, nothing else
 * calling the providers, so it is also where upstream calls are counted exactly. Iterations run
 * one after another so each has the CPU to itself; the simulators' side is timed so the API's
 * side can be told apart.
 *
 * Per scenario: each mode's counted execution (after one uncounted one, so per-process caches
 * such as area names are filled, as they are on a running server), then timed iterations of
 * the batched app. Both apps share the simulators, the store and the tenant. The fixtures are
 * looked up here once and the served stack measures the same scenarios: its simulators start
 * from the same seeded data, so what is counted here is what is measured there.
 */
export async function measureInProcess(iterations: number) {
  const sims = { hypersku: createHyperskuSimulator(), supership: createSupershipSimulator() };
  let simMs = 0;
  // `http://<simulator>.in-process`; each call in an event-loop turn of its own, as a socket gives: the simulator then runs without the API's work interleaved.
  const exchange: Exchange = async (url, { method, headers, body }) => {
    const sim = sims[new URL(url).hostname.split(".")[0] as keyof typeof sims];
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    const res = await sim.app.fetch(new Request(url, { method, headers, body }));
    const text = await res.text();
    simMs += performance.now() - t0;
    return { status: res.status, headers: res.headers, text: async () => text };
  };
  const encryptionKey = generateKey();
  const store = createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey) });
  const stops: Array<() => void> = [];
  try {
    const app = (batching: boolean): Fetch => {
      const { fetch, stop } = benchApp({ store, encryptionKey, providerExchange: exchange, batching }, "http://hypersku.in-process", "http://supership.in-process");
      stops.push(stop);
      return async (input, init) => fetch(new Request(input, init));
    };
    const [url, apiKey, apps] = ["http://in-process", await createApiKey(store), { batched: app(true), unbatched: app(false) }];
    await connectProviders(url, apiKey, apps.batched);
    const [succeeded, failed] = [() => null, (e: Error) => e.message];
    const once = (scenario: Scenario, fetch = apps.batched) => runOnce(scenario, url, apiKey, fetch).then(succeeded, failed);
    const count = async (scenario: Scenario, mode: Mode): Promise<Counted> => {
      await once(scenario, apps[mode]);
      for (const s of Object.values(sims)) s.control.clearCounters();
      const steps = await runOnce(scenario, url, apiKey, apps[mode]);
      const calls = Object.entries(sims).flatMap(([name, s]) => Object.entries(s.control.counts().byEndpoint).map(([e, n]) => [`${name}.${e}`, n]));
      return { calls: Object.fromEntries(calls), steps };
    };

    const fixtures = await loadFixtures(url, apiKey, apps.batched);
    const scenarios = buildScenarios(fixtures).map((scenario) => ({ scenario, counted: {} as Record<Mode, Counted> }));
    const results = [];
    // In buildScenarios' order: reads first, the write mix (which adds orders) last.
    for (const { scenario, counted } of scenarios) {
      for (const mode of MODES) counted[mode] = await count(scenario, mode);
      for (let i = 0; i < Math.min(20, iterations); i++) await once(scenario);
      const [wall, api, problems]: [number[], number[], string[]] = [[], [], []];
      for (let i = 0; i < iterations; i++) {
        const [sim0, t0] = [simMs, performance.now()];
        const why = await once(scenario);
        wall.push(performance.now() - t0);
        api.push(wall[i]! - (simMs - sim0));
        if (why) problems.push(why);
      }
      // `latency`: wall time per batched iteration; `apiLatency`: minus the time spent inside the simulators' apps.
      results.push({
        scenario: scenario.id,
        iterations,
        errors: problems.length,
        firstError: problems[0],
        upstreamCalls: sum(counted.batched.calls),
        latency: summarize(wall),
        apiLatency: summarize(api),
      });
    }
    return { fixtures, scenarios, results };
  } finally {
    for (const stop of stops) stop();
    await store.close();
  }
}
export type InProcessResult = Awaited<ReturnType<typeof measureInProcess>>["results"][number];
