import type { Hono } from "hono";
import { type Control, createControl } from "../shared/control.js";
import { listen } from "../shared/server.js";
import { createSupershipApp } from "./app.js";
import type { SimContext } from "./context.js";
import { corruptSupershipBody } from "./corrupt.js";
import { seedState } from "./seed.js";
import { clearState, createState, type SupershipState } from "./state.js";
import { createWebhookDispatcher } from "./webhooks-dispatch.js";

/**
 * A stateful simulator of the SuperShip Partner API (docs/providers/supership.md, reference
 * §11). `createSupershipSimulator` builds it for in-process use; `startSupershipSimulator`
 * also serves it on loopback.
 */

export { SUPERSHIP_DEMO } from "./demo-accounts.js";
export { shippedStoreOrderIds } from "./seed.js";
export type { SupershipState } from "./state.js";

export interface SupershipSimulatorOptions {
  seed?: number;
  latencyMs?: number;
  jitterMs?: number;
  webhookRetry?: { attempts: number; delayMs: number };
  fetch?: typeof fetch;
  /** base for label page links */
  publicUrl?: string;
}

export function createSupershipSimulator(options: SupershipSimulatorOptions = {}): { app: Hono; control: Control; state: SupershipState } {
  const { seed = 42, latencyMs = 0, jitterMs = 0, webhookRetry = { attempts: 3, delayMs: 200 } } = options;
  let control: Control | undefined;
  const state = createState(seed, () => (control ? control.now() : Date.now()));
  const reset = () => {
    clearState(state);
    seedState(state);
  };
  reset();
  control = createControl({ corrupt: corruptSupershipBody, onReset: reset, latencyMs, jitterMs, seed });
  const webhooks = createWebhookDispatcher({ state, fetch: options.fetch ?? ((input, init) => fetch(input, init)), retry: webhookRetry });
  const sim: SimContext = { state, control, webhooks, ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}) };
  const app = createSupershipApp(sim);
  return { app: app as unknown as Hono, control, state };
}

export async function startSupershipSimulator(
  options: SupershipSimulatorOptions & { port?: number; host?: string } = {},
): Promise<{ url: string; port: number; close(): Promise<void>; control: Control; state: SupershipState }> {
  const { port = 0, host = "127.0.0.1", ...rest } = options;
  const { app, control, state } = createSupershipSimulator(rest);
  const server = await listen(app, { port, host });
  return { url: server.url, port: server.port, close: server.close, control, state };
}
