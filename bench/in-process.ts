import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Hono } from "hono";
import { createHyperskuSimulator } from "../simulators/hypersku/index.js";
import { createSupershipSimulator } from "../simulators/supership/index.js";
import { createApp } from "../src/app.js";
import { splitUrl, type Exchange } from "../src/providers/exchange.js";
import { generateApiKey } from "../src/auth/api-keys.js";
import { loadConfig } from "../src/config.js";
import { simulatorUrls } from "../src/demo/simulators.js";
import { createLogger } from "../src/logger.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import type { Feature } from "./features.js";
import { loadFixtures } from "./fixtures.js";
import { postGraphql, problem, type Fetch } from "./graphql.js";
import { summarizeProfile, type CpuProfile, type ProfileSummary } from "./profile.js";
import { ROOT } from "./processes.js";
import { buildScenarios, type Scenario } from "./scenarios.js";
import { connectProviders } from "./stack.js";
import { summarize, type LatencySummary } from "./stats.js";

/**
 * The layer's own cost: the app from `createApp` in this process, called with
 * `app.fetch(new Request(...))`, its provider clients calling the simulators' apps through an
 * injected fetch (`app.fetch` of each simulator): no socket anywhere, zero provider latency.
 * Sequential iterations, so each one has the CPU to itself. The simulators' side is timed, so
 * its share of each iteration can be taken out. The dashboard is run once more under the V8
 * sampling profiler (node:inspector), right after its measurement and before the write mix
 * changes the data, to show where the time goes.
 */

export interface InProcessResult {
  scenario: Scenario["id"];
  iterations: number;
  errors: number;
  firstError?: string;
  /** Upstream calls of one execution (the simulators' counters). */
  upstreamCalls: number;
  /** Wall time per iteration. */
  latency: LatencySummary;
  /** Wall time minus the time spent inside the simulators' apps: the API's side. */
  apiLatency: LatencySummary;
}

export interface InProcessReport {
  results: InProcessResult[];
  profile: (ProfileSummary & { scenario: string; iterations: number }) | null;
}

/**
 * A provider exchange (src/providers/exchange.ts) that hands each request to the simulator app
 * of its origin and reads the answer, adding the time that takes to `clock.ms`: building the
 * WHATWG Request the app takes and reading its Response are the simulator's side.
 */
// biome-ignore lint/suspicious/noExplicitAny: any simulator app
function simulatorExchange(apps: Record<string, Hono<any>>, clock: { ms: number }): Exchange {
  return async (url, { method, headers, body }) => {
    const app = apps[splitUrl(url).origin];
    if (!app) throw new Error(`no simulator at ${url}`);
    // A turn of the event loop of its own, as a socket would give it: the simulator then runs
    // start to finish without the API's work interleaved, so its time can be told apart.
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    try {
      const res = await app.fetch(new Request(url, { method, headers, body }));
      const text = await res.text();
      return { status: res.status, headers: res.headers, text: async () => text };
    } finally {
      clock.ms += performance.now() - t0;
    }
  };
}

export async function measureInProcess(
  features: ReadonlySet<Feature>,
  { iterations, warmup, nodeEnv, saveProfile }: { iterations: number; warmup: number; nodeEnv: string; saveProfile?: string },
): Promise<InProcessReport> {
  const simClock = { ms: 0 };
  const hsSim = createHyperskuSimulator({ latencyMs: 0 });
  const ssSim = createSupershipSimulator({ latencyMs: 0 });
  const hs = { url: "http://hypersku.in-process", control: hsSim.control };
  const ss = { url: "http://supership.in-process", control: ssSim.control };
  const providerExchange = simulatorExchange({ [hs.url]: hsSim.app, [ss.url]: ssSim.app }, simClock);
  const encryptionKey = generateKey();
  const store = createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey) });
  try {
    const config = loadConfig({ NODE_ENV: nodeEnv, DEMO_MODE: "false", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: "4000" });
    const urls = simulatorUrls(hs.url, ss.url);
    const { app } = createApp({ config, urls, store, encryptionKey, logger: createLogger({ level: "warn" }), providerExchange });
    const fetch: Fetch = async (input, init) => app.fetch(new Request(input, init));
    const url = "http://in-process";

    const tenant = await store.createTenant("bench in-process");
    const key = generateApiKey();
    await store.putApiKey({ keyId: key.keyId, tenantId: tenant.id, hash: key.hash });
    await connectProviders(url, key.key, fetch);
    const fixtures = await loadFixtures(url, key.key, (f) => features.has(f), fetch);
    const scenarios = buildScenarios(features, fixtures).filter((s) => s.steps.length > 0);

    /** One iteration: every step in order; returns the first problem, if any. */
    const once = async (scenario: Scenario): Promise<string | null> => {
      const ctx: Record<string, unknown> = {};
      for (const step of scenario.steps) {
        const variables = step.variables(ctx);
        if (!variables) return `${step.name}: no input`;
        const answer = await postGraphql(url, key.key, step.query, variables, { fetch });
        const why = problem(answer, step.resultPath ? [step.resultPath] : []);
        if (why) return `${step.name}: ${why}`;
        step.keep?.(answer.json!.data as Record<string, unknown>, ctx);
      }
      return null;
    };

    /** The dashboard under the V8 sampling profiler, on the same data it was measured on. */
    const profileOf = async (scenario: Scenario): Promise<InProcessReport["profile"]> => {
      const session = new Session();
      session.connect();
      try {
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 100 });
        await session.post("Profiler.start");
        for (let i = 0; i < iterations; i++) await once(scenario);
        const { profile: cpu } = await session.post("Profiler.stop");
        // Open it in Chrome DevTools (Performance → Load profile) to dig deeper.
        if (saveProfile) writeFileSync(join(ROOT, saveProfile), JSON.stringify(cpu));
        return { scenario: scenario.id, iterations, ...summarizeProfile(cpu as CpuProfile, ROOT) };
      } finally {
        session.disconnect();
      }
    };

    const results: InProcessResult[] = [];
    let profile: InProcessReport["profile"] = null;
    // In the order buildScenarios gives: reads first, the write mix (which adds orders) last.
    for (const scenario of scenarios) {
      hs.control.clearCounters();
      ss.control.clearCounters();
      let firstError = (await once(scenario)) ?? undefined;
      const upstreamCalls = hs.control.counts().total + ss.control.counts().total;
      for (let i = 0; i < warmup; i++) await once(scenario);
      const samples: number[] = [];
      const apiSamples: number[] = [];
      let errors = 0;
      for (let i = 0; i < iterations; i++) {
        const sim0 = simClock.ms;
        const t0 = performance.now();
        const why = await once(scenario);
        const wall = performance.now() - t0;
        samples.push(wall);
        apiSamples.push(wall - (simClock.ms - sim0));
        if (why) (errors++, (firstError ??= why));
      }
      results.push({ scenario: scenario.id, iterations, errors, ...(firstError ? { firstError } : {}), upstreamCalls, latency: summarize(samples), apiLatency: summarize(apiSamples) });
      // Profiled here, not after the write mix has added its orders to the top of the listing.
      if (scenario.id === "dashboard") profile = await profileOf(scenario);
    }
    return { results, profile };
  } finally {
    await store.close();
  }
}
