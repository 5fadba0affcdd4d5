import { performance } from "node:perf_hooks";
import { createHyperskuSimulator } from "../simulators/hypersku/index.js";
import { createSupershipSimulator } from "../simulators/supership/index.js";
import { type AppOptions, createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { loadFixtures } from "./fixtures.js";
import { createApiKey, type Fetch } from "./graphql.js";
import { type LatencySummary, summarize } from "./load.js";
import type { Counted } from "./measure.js";
import { buildScenarios, runOnce, type Scenario } from "./scenarios.js";
import { connectProviders, type Mode, providerUrls } from "./stack.js";

/**
 * The layer's own cost: `createApp` in this process, called with `app.fetch(new Request(…))`,
 * its provider calls handed to the simulators' apps in this process by an in-memory exchange
 * (`createApp({ providerExchange })`): no socket anywhere, zero provider latency, nothing else
 * calling the providers, so it is also where upstream calls are counted exactly. Iterations run
 * one after another so each has the CPU to itself; the simulators' side is timed so the API's
 * side can be told apart.
 */

/** `latency`: wall time per batched iteration; `apiLatency`: minus the time spent inside the simulators' apps. */
export type InProcessResult = {
  scenario: Scenario["id"];
  iterations: number;
  errors: number;
  firstError?: string;
  upstreamCalls: number;
  latency: LatencySummary;
  apiLatency: LatencySummary;
};
type Sim = { app: { fetch(req: Request): Response | Promise<Response> }; control: { clearCounters(): void; counts(): { total: number; byEndpoint: Record<string, number> } } };

/** Hands each request to the simulator of its origin; the time that takes goes to `clock.ms`. */
function simulatorExchange(sims: Record<string, Sim>, clock: { ms: number }): NonNullable<AppOptions["providerExchange"]> {
  return async (url, { method, headers, body }) => {
    const sim = sims[new URL(url).origin];
    if (!sim) throw new Error(`no simulator at ${url}`);
    // An event-loop turn of its own, as a socket gives: the simulator then runs without the API's work interleaved.
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    try {
      const res = await sim.app.fetch(new Request(url, { method, headers, body }));
      const text = await res.text();
      return { status: res.status, headers: res.headers, text: async () => text };
    } finally {
      clock.ms += performance.now() - t0;
    }
  };
}

/**
 * Per scenario: each mode's counted execution (after one uncounted one, so per-process caches
 * such as area names are filled, as they are on a running server), then timed iterations of
 * the batched app. Both apps share the simulators, the store and the tenant.
 */
export async function measureInProcess({ iterations, warmup }: { iterations: number; warmup: number }) {
  const providers = { hypersku: "http://hypersku.in-process", supership: "http://supership.in-process" };
  const sims: Record<string, Sim> = { [providers.hypersku]: createHyperskuSimulator({ latencyMs: 0 }), [providers.supership]: createSupershipSimulator({ latencyMs: 0 }) };
  const clock = { ms: 0 };
  const encryptionKey = generateKey();
  const store = createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey) });
  try {
    const config = loadConfig({ NODE_ENV: "production", DEMO_MODE: "false", LOG_LEVEL: "warn" });
    const fetchOf = (batching: boolean): Fetch => {
      const { app } = createApp({
        config,
        store,
        encryptionKey,
        urls: providerUrls(providers.hypersku, providers.supership),
        providerExchange: simulatorExchange(sims, clock),
        batching,
      });
      return async (input, init) => app.fetch(new Request(input, init));
    };
    const apps: Record<Mode, Fetch> = { batched: fetchOf(true), unbatched: fetchOf(false) };
    const url = "http://in-process";
    const apiKey = await createApiKey(store);
    await connectProviders(url, apiKey, apps.batched);
    const once = (scenario: Scenario, fetch = apps.batched) =>
      runOnce(scenario, url, apiKey, fetch).then(
        () => null,
        (e: Error) => e.message,
      );
    const count = async (scenario: Scenario, mode: Mode): Promise<Counted> => {
      await once(scenario, apps[mode]);
      for (const s of Object.values(sims)) s.control.clearCounters();
      const steps = await runOnce(scenario, url, apiKey, apps[mode]);
      const calls = Object.fromEntries(
        Object.entries(providers).flatMap(([name, origin]) => Object.entries(sims[origin]!.control.counts().byEndpoint).map(([e, n]) => [`${name}.${e}`, n])),
      );
      return { calls, steps };
    };

    const results: InProcessResult[] = [];
    const counted: Partial<Record<Scenario["id"], Record<Mode, Counted>>> = {};
    // In buildScenarios' order: reads first, the write mix (which adds orders) last.
    for (const scenario of buildScenarios(await loadFixtures(url, apiKey, apps.batched))) {
      const c = (counted[scenario.id] = { batched: await count(scenario, "batched"), unbatched: await count(scenario, "unbatched") });
      for (let i = 0; i < warmup; i++) await once(scenario);
      const [wall, api, problems]: [number[], number[], string[]] = [[], [], []];
      for (let i = 0; i < iterations; i++) {
        const [sim0, t0] = [clock.ms, performance.now()];
        const why = await once(scenario);
        wall.push(performance.now() - t0);
        api.push(wall[i]! - (clock.ms - sim0));
        if (why) problems.push(why);
      }
      const upstreamCalls = Object.values(c.batched.calls).reduce((a, b) => a + b, 0);
      results.push({
        scenario: scenario.id,
        iterations,
        errors: problems.length,
        ...(problems[0] ? { firstError: problems[0] } : {}),
        upstreamCalls,
        latency: summarize(wall),
        apiLatency: summarize(api),
      });
    }
    return { results, counted };
  } finally {
    await store.close();
  }
}
