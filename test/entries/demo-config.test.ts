import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, loadConfig } from "../../src/config.js";
import { demoConfigSchema, loadDemoConfig } from "../../src/demo/config.js";

/**
 * The demo's variables moved out of the main schema; test/config.test.ts checks only that
 * one, so this checks the demo's own the same way: each is documented in .env.example.
 */

const documented = new Set([...readFileSync(".env.example", "utf8").matchAll(/^# ([A-Z_]+)=/gm)].map((m) => m[1]));

describe("demo config", () => {
  it("documents every demo variable in .env.example", () => {
    expect(Object.keys(demoConfigSchema.shape).filter((k) => !documented.has(k))).toEqual([]);
  });

  it("keeps the simulator knobs out of the production config", () => {
    const demoOnly = Object.keys(demoConfigSchema.shape).filter((k) => !(k in configSchema.shape));
    expect(demoOnly.sort()).toEqual(["SIM_HYPERSKU_PORT", "SIM_JITTER_MS", "SIM_LATENCY_MS", "SIM_SUPERSHIP_PORT"]);
    expect(loadConfig({ SIM_HYPERSKU_PORT: "1234" })).not.toHaveProperty("SIM_HYPERSKU_PORT");
  });

  it("parses the demo knobs with the main schema's rules and defaults", () => {
    const config = loadDemoConfig({ SIM_HYPERSKU_PORT: "0", SIM_LATENCY_MS: "20", NODE_ENV: "production" });
    expect(config).toMatchObject({ SIM_HYPERSKU_PORT: 0, SIM_SUPERSHIP_PORT: 4102, SIM_LATENCY_MS: 20, PORT: 4000, GRAPHIQL: false });
  });

  it("fails naming each bad variable, demo and main alike", () => {
    const bad = () => loadDemoConfig({ SIM_SUPERSHIP_PORT: "70000", PORT: "seventy" });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/SIM_SUPERSHIP_PORT/);
    expect(bad).toThrow(/^ {2}PORT: /m);
  });
});
