import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, isDemoMode, loadConfig, loadDotEnv } from "../src/config.js";
import { demoConfigSchema } from "../src/demo/config.js";
import { generateKey } from "../src/store/crypto.js";

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

/** What a real deployment sets: every production check passes with these. */
const deployment = () => ({
  NODE_ENV: "production",
  ENCRYPTION_KEY: generateKey(),
  PUBLIC_URL: "https://api.example.test",
  HYPERSKU_CLIENT_ID: "acme-app",
  HYPERSKU_CLIENT_SECRET: "acme-app-secret-value",
});
const problems = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [...e.message.matchAll(/^ {2}([A-Z_]+): /gm)].map((m) => m[1]).sort();
  }
  return [];
};

describe("production mode (the entries' deployment checks)", () => {
  it("names every missing variable at once, with schema errors in the same message", () => {
    expect(problems(() => loadConfig({ NODE_ENV: "production" }, { deployment: true }))).toEqual([
      "ENCRYPTION_KEY",
      "HYPERSKU_CLIENT_ID",
      "HYPERSKU_CLIENT_SECRET",
      "PUBLIC_URL",
    ]);
    expect(problems(() => loadConfig({ NODE_ENV: "production", PORT: "seventy" }, { deployment: true }))).toContain("PORT");
    expect(loadConfig(deployment(), { deployment: true })).toMatchObject({ NODE_ENV: "production", HYPERSKU_CLIENT_ID: "acme-app" });
  });

  it("refuses the demo values and a PUBLIC_URL that is not https or is loopback", () => {
    const with_ = (env: Record<string, string>) => problems(() => loadConfig({ ...deployment(), ...env }, { deployment: true }));
    expect(with_({ HYPERSKU_CLIENT_ID: "demo-client", HYPERSKU_CLIENT_SECRET: "demo-client-secret" })).toEqual(["HYPERSKU_CLIENT_ID", "HYPERSKU_CLIENT_SECRET"]);
    expect(with_({ PUBLIC_URL: "http://api.example.test" })).toEqual(["PUBLIC_URL"]);
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "0.0.0.0", "app.localhost"])
      expect(with_({ PUBLIC_URL: `https://${host}:4000` })).toEqual(["PUBLIC_URL"]);
    expect(with_({ PUBLIC_URL: "not a url" })).toEqual(["PUBLIC_URL"]); // the schema's message, once
  });

  it("requires the SuperShip partner settings only when partner login is switched on", () => {
    expect(problems(() => loadConfig({ ...deployment(), SUPERSHIP_PARTNER_LOGIN: "true" }, { deployment: true }))).toEqual([
      "SUPERSHIP_CLIENT_ID",
      "SUPERSHIP_CLIENT_SECRET",
      "SUPERSHIP_PARTNER_CODE",
    ]);
    const partner = { SUPERSHIP_PARTNER_LOGIN: "true", SUPERSHIP_CLIENT_ID: "p", SUPERSHIP_CLIENT_SECRET: "s", SUPERSHIP_PARTNER_CODE: "c" };
    expect(loadConfig({ ...deployment(), ...partner }, { deployment: true }).SUPERSHIP_PARTNER_LOGIN).toBe(true);
  });

  it("applies only with NODE_ENV=production and only when asked (in-process apps keep their test values)", () => {
    expect(problems(() => loadConfig({}, { deployment: true }))).toEqual([]);
    expect(problems(() => loadConfig({ NODE_ENV: "production" }))).toEqual([]);
    expect(problems(() => loadConfig({}, { require: ["ENCRYPTION_KEY"] }))).toEqual(["ENCRYPTION_KEY"]);
  });

  it("never echoes a value in the message", () => {
    const secret = "demo-client-secret";
    const bad = "my-secret-but-not-a-key";
    const message = (() => {
      try {
        loadConfig({ ...deployment(), HYPERSKU_CLIENT_ID: "demo-client", ENCRYPTION_KEY: bad, PUBLIC_URL: "http://127.0.0.1" }, { deployment: true });
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toContain("ENCRYPTION_KEY");
    expect(message).not.toContain(bad);
    expect(message).toContain("HYPERSKU_CLIENT_ID"); // the demo id is named as such; the secret default is public too
    expect(message).not.toContain(secret);
  });
});

describe("mode-dependent defaults", () => {
  it("pass-through tokens and partner login: on by default, off in production, explicit values win", () => {
    expect(loadConfig({})).toMatchObject({ ALLOW_PASSTHROUGH_TOKENS: true, SUPERSHIP_PARTNER_LOGIN: true });
    expect(loadConfig({ NODE_ENV: "test", DEMO_MODE: "false" })).toMatchObject({ ALLOW_PASSTHROUGH_TOKENS: true });
    expect(loadConfig(deployment(), { deployment: true })).toMatchObject({ ALLOW_PASSTHROUGH_TOKENS: false, SUPERSHIP_PARTNER_LOGIN: false });
    expect(loadConfig({ ...deployment(), ALLOW_PASSTHROUGH_TOKENS: "true" }).ALLOW_PASSTHROUGH_TOKENS).toBe(true);
    expect(loadConfig({ ALLOW_PASSTHROUGH_TOKENS: "false" }).ALLOW_PASSTHROUGH_TOKENS).toBe(false);
  });

  it("demo mode is DEMO_MODE and not production", () => {
    expect(isDemoMode(loadConfig({}))).toBe(true);
    expect(isDemoMode(loadConfig({ DEMO_MODE: "false" }))).toBe(false);
    expect(isDemoMode(loadConfig({ NODE_ENV: "production", DEMO_MODE: "true" }))).toBe(false);
  });

  it("a bad ENCRYPTION_KEY is a ConfigError naming it, in every mode", () => {
    for (const key of ["short", generateKey().slice(0, 40), `${generateKey()}AAAA`, "é".repeat(44)]) {
      expect(problems(() => loadConfig({ ENCRYPTION_KEY: key }))).toEqual(["ENCRYPTION_KEY"]);
    }
    expect(loadConfig({ ENCRYPTION_KEY: generateKey() }).ENCRYPTION_KEY).toBeDefined();
  });

  it("ENCRYPTION_KEY_PREVIOUS: comma-separated keys, a bad entry named by position and never echoed", () => {
    const [k1, k2] = [generateKey(), generateKey()];
    expect(loadConfig({}).ENCRYPTION_KEY_PREVIOUS).toEqual([]);
    expect(loadConfig({ ENCRYPTION_KEY_PREVIOUS: ` ${k1} , ${k2},` }).ENCRYPTION_KEY_PREVIOUS).toEqual([k1, k2]);
    const bad = "my-old-secret-but-not-a-key";
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return e.message;
      }
      return "";
    };
    const one = message({ ENCRYPTION_KEY: generateKey(), ENCRYPTION_KEY_PREVIOUS: `${k1},${bad}` });
    expect(one).toBe(
      "Invalid configuration:\n  ENCRYPTION_KEY_PREVIOUS: entry 2 of 2 is not 32 bytes, base64-encoded (each comma-separated key must be, like ENCRYPTION_KEY)",
    );
    expect(message({ ENCRYPTION_KEY_PREVIOUS: `${bad},${k1},${k2.slice(0, 30)}` })).toMatch(/ENCRYPTION_KEY_PREVIOUS: entries 1, 3 of 3 are not 32 bytes/);
    for (const m of [one, message({ ENCRYPTION_KEY_PREVIOUS: `${bad},${k1},${k2.slice(0, 30)}` })]) {
      expect(m).not.toContain(bad);
      expect(m).not.toContain(k1);
      expect(m).not.toContain(k2.slice(0, 30));
    }
    // Named alongside every other problem, in production too.
    expect(problems(() => loadConfig({ ...deployment(), ENCRYPTION_KEY_PREVIOUS: bad }, { deployment: true }))).toEqual(["ENCRYPTION_KEY_PREVIOUS"]);
  });
});

describe("loadDotEnv", () => {
  it("loads .env from the directory if present, never overriding what is set; no file is no error", () => {
    const dir = mkdtempSync(join(tmpdir(), "fg-dotenv-"));
    const names = ["FG_DOTENV_TEST_A", "FG_DOTENV_TEST_B"] as const;
    try {
      expect(loadDotEnv(dir)).toBe(false);
      writeFileSync(join(dir, ".env"), "FG_DOTENV_TEST_A=from-file\nFG_DOTENV_TEST_B=from-file\n");
      process.env.FG_DOTENV_TEST_A = "from-shell";
      expect(loadDotEnv(dir)).toBe(true);
      expect(process.env.FG_DOTENV_TEST_A).toBe("from-shell");
      expect(process.env.FG_DOTENV_TEST_B).toBe("from-file");
    } finally {
      for (const n of names) delete process.env[n];
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("README", () => {
  it("lists every variable, the demo's too, in its configuration table", () => {
    const readme = readFileSync("README.md", "utf8");
    const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
    const listed = new Set(
      table
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .flatMap((l) => [...(l.split("|")[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((m) => m[1])),
    );
    expect(Object.keys(demoConfigSchema.shape).filter((k) => !listed.has(k))).toEqual([]);
  });
});
