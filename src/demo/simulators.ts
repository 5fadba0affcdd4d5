import { startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { startSupershipSimulator } from "../../simulators/supership/index.js";
import type { ProviderUrls } from "../providers/runtime.js";
import type { DemoConfig } from "./config.js";

/**
 * Both provider simulators in this process (real HTTP servers with seeded, stateful demo
 * data). Only src/demo/ imports simulators/: the production entry's module graph must not
 * reach them (test/entries/module-graph.test.ts), and `npm run build` does not emit them.
 */

export type SimulatorConfig = Pick<DemoConfig, "HOST" | "SIM_HYPERSKU_PORT" | "SIM_SUPERSHIP_PORT" | "SIM_LATENCY_MS" | "SIM_JITTER_MS">;

export async function startSimulators(config: SimulatorConfig) {
  const sim = { latencyMs: config.SIM_LATENCY_MS, jitterMs: config.SIM_JITTER_MS, host: config.HOST };
  const hypersku = await startHyperskuSimulator({ ...sim, port: config.SIM_HYPERSKU_PORT });
  const supership = await startSupershipSimulator({ ...sim, port: config.SIM_SUPERSHIP_PORT });
  const urls = simulatorUrls(hypersku.url, supership.url);
  return { hypersku, supership, urls, close: () => Promise.all([hypersku.close(), supership.close()]).then(() => undefined) };
}

/** Where the clients find each simulator: its base URL, HyperSKU's consent page, SuperShip's label page. */
export function simulatorUrls(hyperskuUrl: string, supershipUrl: string): ProviderUrls {
  return {
    hyperskuBaseUrl: hyperskuUrl,
    hyperskuAuthorizeUrl: `${hyperskuUrl}/application/auth`,
    supershipBaseUrl: supershipUrl,
    supershipLabelUrl: `${supershipUrl}/orders/awb`,
  };
}
