import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GraphQLClient } from "graphql-request";
import { HYPERSKU_DEMO } from "../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../simulators/supership/index.js";
import { configSchema } from "../src/config.js";
import { getSdk } from "../src/sdk/generated.js";
import { generateKey } from "../src/store/crypto.js";
import { firstLine, runTs, spawnTs, stopChild, waitForHttp, type Child } from "./processes.js";

/**
 * The benchmarked system, each part in its own process on loopback: both simulators (with
 * injected latency), and two API processes (`src/server.ts`, DEMO_MODE=false) sharing one
 * temporary SQLite store: one batching (the default), one with PROVIDER_BATCHING=false. The
 * tenant is created with the tenant CLI and connected through GraphQL, as an operator would.
 */

export const MODES = ["batched", "unbatched"] as const;
export type Mode = (typeof MODES)[number];

export interface StackOptions {
  latencyMs: number;
  jitterMs: number;
  nodeEnv: string;
}

export interface Api {
  mode: Mode;
  url: string;
  child: Child;
}

const START_TIMEOUT_MS = 60_000;

/** The inherited environment minus every variable the API reads, so only ours apply. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(configSchema.shape)) delete env[key];
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function startSimulator(only: "hypersku" | "supership", { latencyMs, jitterMs }: StackOptions): Promise<{ url: string; child: Child }> {
  const child = spawnTs(`${only} simulator`, "simulators/serve.ts", ["--only", only, "--latency-ms", String(latencyMs), "--jitter-ms", String(jitterMs)], cleanEnv(), { watchParent: false });
  const printed = JSON.parse(await firstLine(child, START_TIMEOUT_MS)) as Record<string, string>;
  const url = printed[only];
  if (!url) throw new Error(`${only} simulator printed no URL`);
  return { url, child };
}

export async function startStack(options: StackOptions) {
  const dataDir = mkdtempSync(join(tmpdir(), "fulfillment-graph-bench-"));
  const [hypersku, supership] = await Promise.all([startSimulator("hypersku", options), startSimulator("supership", options)]);
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    NODE_ENV: options.nodeEnv,
    DEMO_MODE: "false",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: generateKey(),
    LOG_LEVEL: "warn",
    HYPERSKU_BASE_URL: hypersku.url,
    HYPERSKU_AUTHORIZE_URL: `${hypersku.url}/application/auth`,
    SUPERSHIP_BASE_URL: supership.url,
    SUPERSHIP_LABEL_URL: `${supership.url}/orders/awb`,
  };

  const created = await runTs("tenant CLI", "src/cli/tenant.ts", ["create", "bench"], env, START_TIMEOUT_MS);
  const apiKey = /api key: (\S+)/.exec(created)?.[1];
  if (!apiKey) throw new Error(`the tenant CLI printed no API key:\n${created}`);

  const startApi = async (mode: Mode): Promise<Api> => {
    const port = await freePort();
    const child = spawnTs(`API (${mode})`, "src/server.ts", [], { ...env, PORT: String(port), PROVIDER_BATCHING: mode === "batched" ? "true" : "false" });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(child, `${url}/healthz`, START_TIMEOUT_MS);
    return { mode, url, child };
  };
  const apis = Object.fromEntries(await Promise.all(MODES.map(async (mode) => [mode, await startApi(mode)] as const))) as Record<Mode, Api>;
  await connectProviders(apis.batched.url, apiKey);

  return {
    apiKey,
    apis,
    /**
     * A fresh API process for `mode` (same store, so the tenant stays connected): each scenario
     * gets its own, so its peak RSS is its own and no work left over from the last one runs in it.
     */
    async restart(mode: Mode): Promise<Api> {
      await stopChild(apis[mode].child);
      apis[mode] = await startApi(mode);
      return apis[mode];
    },
    sims: { hypersku: hypersku.url, supership: supership.url },
    env,
    removeDataDir: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;

/** HyperSKU demo merchant 1 by password, SuperShip demo shop 1 by its personal token (through the generated SDK). */
export async function connectProviders(url: string, apiKey: string, fetch?: typeof globalThis.fetch): Promise<void> {
  const sdk = getSdk(new GraphQLClient(`${url}/graphql`, { headers: { authorization: `Bearer ${apiKey}` }, ...(fetch ? { fetch } : {}) }));
  const [merchant] = HYPERSKU_DEMO.accounts;
  const [shop] = SUPERSHIP_DEMO.accounts;
  const hs = await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
  if (hs.connectHyperskuWithPassword.__typename !== "MutationConnectHyperskuWithPasswordSuccess") throw new Error(`connecting HyperSKU failed: ${hs.connectHyperskuWithPassword.__typename}`);
  const ss = await sdk.ConnectSupershipWithToken({ token: shop.token });
  if (ss.connectSupershipWithToken.__typename !== "MutationConnectSupershipWithTokenSuccess") throw new Error(`connecting SuperShip failed: ${ss.connectSupershipWithToken.__typename}`);
}
