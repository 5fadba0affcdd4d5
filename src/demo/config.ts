import { z } from "zod";
import { configSchema, loadConfigWith, type Resolved } from "../config.js";

/**
 * The demo's knobs on top of the main schema. They live here, not in src/config.ts, because
 * only `npm start` starts simulators: the production entry has no use for them. Documented
 * in `.env.example` like every other variable (test/entries/demo-config.test.ts checks it).
 */

const port = z.coerce.number().int().min(0).max(65535);
const ms = z.coerce.number().int().nonnegative();

export const demoConfigSchema = configSchema.extend({
  /** Simulator ports; 0 picks a free port. */
  SIM_HYPERSKU_PORT: port.default(4101),
  SIM_SUPERSHIP_PORT: port.default(4102),
  /** Latency the simulators add to every provider call (fixed + uniform jitter). */
  SIM_LATENCY_MS: ms.default(0),
  SIM_JITTER_MS: ms.default(0),
});

export type DemoConfig = Resolved<z.infer<typeof demoConfigSchema>>;

/** Parses the environment for the demo; a bad value fails naming the variable, as loadConfig does. */
export function loadDemoConfig(env: Record<string, string | undefined> = process.env): DemoConfig {
  return loadConfigWith(demoConfigSchema, env);
}
