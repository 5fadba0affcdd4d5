import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, loadConfig } from "../src/config.js";

describe("config", () => {
  it("defaults to demo mode against the simulators", () => {
    const config = loadConfig({});
    expect(config.DEMO_MODE).toBe(true);
    expect(config.PORT).toBe(4000);
    expect(config.HYPERSKU_SUCCESS_CODES).toEqual([200, 0]);
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("parses lists, booleans and numbers from strings", () => {
    const config = loadConfig({ HYPERSKU_SUCCESS_CODES: "200", DEMO_MODE: "false", PROVIDER_TIMEOUT_MS: "2500" });
    expect(config).toMatchObject({ HYPERSKU_SUCCESS_CODES: [200], DEMO_MODE: false, PROVIDER_TIMEOUT_MS: 2500 });
  });

  it("fails with a message naming each bad variable", () => {
    const bad = () => loadConfig({ PORT: "seventy", HYPERSKU_BASE_URL: "not a url", DEMO_MODE: "maybe" });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PORT/);
    expect(bad).toThrow(/HYPERSKU_BASE_URL/);
    expect(bad).toThrow(/DEMO_MODE/);
  });

  it("documents every variable in .env.example", () => {
    const documented = new Set([...readFileSync(".env.example", "utf8").matchAll(/^# ([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(configSchema.shape).filter((k) => !documented.has(k))).toEqual([]);
  });
});
