import { performance } from "node:perf_hooks";
import { createHyperskuSimulator } from "../simulators/hypersku/index.js";
import { createSupershipSimulator } from "../simulators/supership/index.js";
import type { Exchange } from "../src/providers/exchange.js";
import { createCipher, generateKey } from "../src/store/crypto.js";
import { createSqliteStore } from "../src/store/sqlite.js";
import { benchApp, CONFIG, catalogueConfig, createApiKey, type Fetch } from "./api.js";
import { sum } from "./floors.js";
import { type Counted, summarize } from "./measure.js";
import { buildScenarios, loadFixtures, runOnce, type Scenario } from "./scenarios.js";
import { connectProviders, MODES, type Mode } from "./stack.js";

/**
 * The layer's own cost: `createApp` in this process, called with `app.fetch(new Request(…))`,
 * its provider calls handed to the simulators' apps in this process by an in-memory exchange
 * (`createApp({ providerExchange })`): no socket anywhere, zero provider latency, nothing else
 * calling the providers, so it is also where upstream calls are counted exactly. Iterations run
 * one after another so each has the CPU to itself. The API side is the time from `app.fetch`
 * until its answer's last byte is read, less the time inside the simulators' apps: the bench's
 * own client work (its request, decoding and JSON.parse of the answer, reading the needs) is not
 * in it.
 *
 * The API alone (`aloneLatency`): the same iterations once more with the simulators out of the
 * picture: one execution's provider answers are recorded (by method, URL and body) and the
 * exchange replays them, so the process runs nothing but the API (the simulators' garbage no
 * longer lands in the API's collections). A call the recording does not have fails the
 * iteration, so a replayed run answers exactly what the live one did; scenarios whose calls
 * differ every time (the write mix's fresh keys) have no such row.
 *
 * Per scenario: each mode's counted execution (after one uncounted one, so per-process caches
 * such as area names are filled, as they are on a running server), then timed iterations of
 * the batched app. Both apps share the simulators, the store and the tenant. The fixtures are
 * looked up here once and the served stack measures the same scenarios: its simulators start
 * from the same seeded data, so what is counted here is what is measured there.
 *
 * The floor (issue 17): one execution's exact provider answers (the texts the exchange
 * returned) and the API's exact answers are captured; each timed iteration is followed by one
 * floor sample, `JSON.parse` of every provider text plus `JSON.stringify` of every answer
 * (parsed once, beforehand), so both are timed in the same minutes. The Dashboard is measured
 * twice: with the catalogue cache off (every app here: CATALOGUE_CACHE_TTL_MS=0) and on (a third
 * app at its default TTL, after one warming execution). A src without that cache ignores the
 * setting, so "on" then measures the same work as "off".
 *
 * `only`: these scenario ids (the profile mode); `warm: false`: no catalogue-cache-on run;
 * `floor: false`: no floor samples (the profile mode: their JSON work is the bench's, not the API's);
 * `alone: false`: no replayed iterations;
 * `timed`: called around each scenario's timed iterations (the profile mode samples only those);
 * `timedAlone`: around the replayed ones instead (the profile mode: the API's CPU alone).
 */
export async function measureInProcess(
  iterations: number,
  o: { only?: readonly string[]; warm?: boolean; floor?: boolean; alone?: boolean; timedAlone?: boolean; timed?: { start(): Promise<void>; stop(): Promise<void> } } = {},
) {
  const sims = { hypersku: createHyperskuSimulator(), supership: createSupershipSimulator() };
  let simMs = 0;
  /** Time inside the API's `fetch` until its answer's text was read (the API's side, the simulators' included). */
  let serverMs = 0;
  /** While set, every provider answer's text is pushed here (the floor's input). */
  let captured: string[] | null = null;
  type Answer = { status: number; headers: Headers; text: string };
  /** While set, every provider answer is recorded by its call; while `replay` is set, calls are answered from it. */
  let recording: Map<string, Answer> | null = null;
  let replay: Map<string, Answer> | null = null;
  // `http://<simulator>.in-process`; each call in an event-loop turn of its own, as a socket gives: the simulator then runs without the API's work interleaved.
  const exchange: Exchange = async (url, { method, headers, body }) => {
    const call = `${method} ${url} ${body ?? ""}`;
    await new Promise((resolve) => setImmediate(resolve));
    if (replay) {
      const answer = replay.get(call);
      if (!answer) throw new Error(`not in the recording: ${method} ${url}`);
      return { status: answer.status, headers: answer.headers, text: async () => answer.text };
    }
    const sim = sims[new URL(url).hostname.split(".")[0] as keyof typeof sims];
    const t0 = performance.now();
    const res = await sim.app.fetch(new Request(url, { method, headers, body }));
    const text = await res.text();
    simMs += performance.now() - t0;
    captured?.push(text);
    recording?.set(call, { status: res.status, headers: res.headers, text });
    return { status: res.status, headers: res.headers, text: async () => text };
  };
  const encryptionKey = generateKey();
  const store = createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey) });
  const stops: Array<() => void> = [];
  try {
    const app = (batching: boolean, config = CONFIG): Fetch => {
      const { fetch, stop } = benchApp({ store, encryptionKey, providerExchange: exchange, batching }, "http://hypersku.in-process", "http://supership.in-process", config);
      stops.push(stop);
      return async (input, init) => {
        const request = new Request(input, init);
        const t0 = performance.now();
        const res = await fetch(request);
        // The API's side ends with its answer's last byte; decoding the bytes is the client's work (as on a socket).
        const bytes = await res.arrayBuffer();
        serverMs += performance.now() - t0;
        return new Response(bytes, { status: res.status, headers: res.headers });
      };
    };
    const [url, apiKey, apps] = ["http://in-process", await createApiKey(store), { batched: app(true), unbatched: app(false) }];
    const warmApp = app(true, catalogueConfig());
    await connectProviders(url, apiKey, apps.batched);
    const [succeeded, failed] = [() => null, (e: Error) => e.message];
    const once = (scenario: Scenario, fetch = apps.batched) => runOnce(scenario, url, apiKey, fetch).then(succeeded, failed);
    const count = async (scenario: Scenario, fetch: Fetch): Promise<Counted> => {
      await once(scenario, fetch);
      for (const s of Object.values(sims)) s.control.clearCounters();
      const steps = await runOnce(scenario, url, apiKey, fetch);
      const calls = Object.entries(sims).flatMap(([name, s]) => Object.entries(s.control.counts().byEndpoint).map(([e, n]) => [`${name}.${e}`, n]));
      return { calls: Object.fromEntries(calls), steps };
    };

    const fixtures = await loadFixtures(url, apiKey, apps.batched);
    const scenarios = buildScenarios(fixtures)
      .filter((scenario) => !o.only || o.only.includes(scenario.id))
      .map((scenario) => ({ scenario, counted: {} as Record<Mode, Counted> }));
    /** One execution's provider answers and API answers, as texts. */
    const capture = async (scenario: Scenario, fetch: Fetch) => {
      const [provider, answers]: [string[], string[]] = [[], []];
      const capturing: Fetch = async (input, init) => {
        const res = await fetch(input, init);
        const text = await res.text();
        answers.push(text);
        return new Response(text, { status: res.status, headers: res.headers });
      };
      captured = provider;
      try {
        await runOnce(scenario, url, apiKey, capturing);
      } finally {
        captured = null;
      }
      return { provider, answers };
    };
    const measureOne = async (scenario: Scenario, fetch: Fetch, counted: Counted, catalogueCache: "off" | "on") => {
      for (let i = 0; i < Math.min(20, iterations); i++) await once(scenario, fetch);
      const texts = await capture(scenario, fetch);
      const objects = texts.answers.map((t) => JSON.parse(t) as unknown);
      let sink = 0;
      const floorOnce = () => {
        const t0 = performance.now();
        for (const t of texts.provider) sink += (JSON.parse(t) as unknown) === null ? 1 : 0;
        for (const x of objects) sink += JSON.stringify(x).length;
        return performance.now() - t0;
      };
      const [wall, api, floor, problems]: [number[], number[], number[], string[]] = [[], [], [], []];
      const timed = o.timedAlone ? undefined : o.timed;
      await timed?.start();
      for (let i = 0; i < iterations; i++) {
        const [sim0, server0, t0] = [simMs, serverMs, performance.now()];
        const why = await once(scenario, fetch);
        wall.push(performance.now() - t0);
        api.push(serverMs - server0 - (simMs - sim0));
        if (o.floor !== false) floor.push(floorOnce());
        if (why) problems.push(why);
      }
      await timed?.stop();
      const alone = o.alone === false ? null : await measureAlone(scenario, fetch);
      if (sink < 0) throw new Error("unreachable"); // keeps the floor's work observable
      const [apiLatency, floorLatency] = [summarize(api), summarize(floor)];
      const bytes = (texts: string[]) => texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
      // `latency`: wall time per iteration; `apiLatency`: minus the time spent inside the simulators' apps; `floor`: JSON.parse of the provider answers + JSON.stringify of the answers.
      return {
        scenario: scenario.id,
        catalogueCache,
        iterations,
        errors: problems.length,
        firstError: problems[0],
        upstreamCalls: sum(counted.calls),
        latency: summarize(wall),
        apiLatency,
        floor: { ...floorLatency, providerAnswers: texts.provider.length, providerBytes: bytes(texts.provider), responseBytes: bytes(texts.answers) },
        apiOverFloor: ratio(apiLatency.p50Ms, floorLatency.p50Ms),
        /** The API alone (provider answers replayed, no simulator in the process), or null where the calls differ each time. */
        aloneLatency: alone,
        aloneOverFloor: ratio(alone?.p50Ms ?? null, floorLatency.p50Ms),
      };
    };
    /** The API side with the provider answers replayed from one recorded execution; null when a replayed iteration fails (its calls are not the recorded ones). */
    const measureAlone = async (scenario: Scenario, fetch: Fetch) => {
      recording = new Map();
      const why = await once(scenario, fetch);
      [replay, recording] = [recording, null];
      const api: number[] = [];
      try {
        if (why) return null;
        for (let i = 0; i < Math.min(20, iterations); i++) if (await once(scenario, fetch)) return null;
        const timed = o.timedAlone ? o.timed : undefined;
        await timed?.start();
        try {
          for (let i = 0; i < iterations; i++) {
            const server0 = serverMs;
            if (await once(scenario, fetch)) return null;
            api.push(serverMs - server0);
          }
        } finally {
          await timed?.stop();
        }
        return summarize(api);
      } finally {
        replay = null;
      }
    };
    const results = [];
    // In buildScenarios' order: reads first, the write mix (which adds orders) last.
    for (const { scenario, counted } of scenarios) {
      for (const mode of MODES) counted[mode] = await count(scenario, apps[mode]);
      results.push(await measureOne(scenario, apps.batched, counted.batched, "off"));
      // Warm: `count` runs one warming execution first, then counts what a warm Dashboard still asks the providers.
      if (scenario.id === "dashboard" && o.warm !== false) results.push(await measureOne(scenario, warmApp, await count(scenario, warmApp), "on"));
    }
    return { fixtures, scenarios, results };
  } finally {
    for (const stop of stops) stop();
    await store.close();
  }
}
const ratio = (a: number | null, b: number | null) => (a === null || !b ? null : Math.round((a / b) * 100) / 100);
export type InProcessResult = Awaited<ReturnType<typeof measureInProcess>>["results"][number];
