import { listen } from "../shared/server.js";
import { createHyperskuSimulator, type HyperskuSimulatorOptions } from "./app.js";

/**
 * The HyperSKU simulator's public surface: a stateful stand-in for HyperSKU's public API as
 * the simulator reads it (contract/routes.ts + schemas/, from shared/providers/hypersku-api.md), for the demo and tests.
 */
export { createHyperskuSimulator, type HyperskuSimulator, type HyperskuSimulatorOptions } from "./app.js";
export { HYPERSKU_DEMO } from "./demo.js";
export { shippedStoreOrderIds } from "./seed/index.js";
export type { HyperskuState } from "./state.js";

/** Builds the simulator and serves it on loopback; port 0 (default) picks a free port. */
export async function startHyperskuSimulator(options: HyperskuSimulatorOptions & { port?: number; host?: string } = {}) {
  const { port, host, ...rest } = options;
  const { app, control, state } = createHyperskuSimulator(rest);
  const server = await listen(app, { port, host });
  return { url: server.url, port: server.port, close: server.close, control, state };
}
