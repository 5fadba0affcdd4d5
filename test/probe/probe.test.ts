import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HYPERSKU_REAL_BASE_URL, probeHypersku } from "../../scripts/probe/hypersku.js";
import { readEndpoints } from "../../scripts/probe/run.js";
import { probeSupership, SUPERSHIP_REAL_BASE_URL } from "../../scripts/probe/supership.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { parseRoute } from "../../src/providers/call.js";
import { type Exchange, fetchExchange } from "../../src/providers/exchange.js";
import { hyperskuEndpoints } from "../../src/providers/hypersku/endpoints.js";
import { supershipEndpoints } from "../../src/providers/supership/endpoints.js";

/**
 * The first-contact probes (scripts/probe/) against the in-process simulators: every read
 * endpoint answers and parses, no write is called, and an answer with a renamed field is
 * reported by its paths, without a single value of any answer in the output.
 */

interface Sent {
  method: string;
  path: string;
  answer: string;
}

/** A real HTTP exchange that logs each request and answer, and lets `edit` rewrite an answer's text. */
function logging(log: Sent[], edit: (path: string, text: string) => string = (_, t) => t): Exchange {
  const real = fetchExchange(fetch, 10_000);
  return async (url, init) => {
    const res = await real(url, init);
    const path = new URL(url).pathname;
    const answer = edit(path, await res.text());
    log.push({ method: init.method, path, answer });
    return { status: res.status, headers: res.headers, text: async () => answer };
  };
}

/** Every string and long-number leaf of the answers: none may appear in the probe's output. */
function leaves(log: Sent[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string" && v.length >= 5) out.add(v);
    else if (typeof v === "number" && String(v).length >= 5) out.add(String(v));
    else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  for (const { answer } of log) walk(answer === "" ? undefined : JSON.parse(answer));
  return [...out];
}

const simulators = { argv: ["--against-simulators"], env: {} };

describe("probe:hypersku against the simulator", () => {
  it("calls every read endpoint once, and each answer parses", async () => {
    const log: Sent[] = [];
    let text = "";
    const result = await probeHypersku({ ...simulators, exchange: logging(log), write: (t) => (text += t) });
    expect(result.rows.map((r) => r.endpoint)).toEqual(["getToken", ...readEndpoints(hyperskuEndpoints)]);
    expect(result.rows.filter((r) => r.parses !== "yes")).toEqual([]);
    expect(result.rows.every((r) => r.status === 200)).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(log).toHaveLength(result.rows.length);
    // No write: the only non-read route called is the login.
    const writes = Object.entries(hyperskuEndpoints).filter(([name, def]) => !def.idempotent && name !== "getToken");
    const writePaths = writes.map(([, def]) => parseRoute(def.route).path.replace("{auth}", "/api/auth").replace("{customer}", "/api/customer"));
    expect(log.filter((s) => writePaths.includes(s.path))).toEqual([]);
    expect(text).toContain("| getOrderInfos");
    expect(text).not.toContain(HYPERSKU_DEMO.accounts[0].password);
    for (const value of leaves(log)) expect(text, "a value of an answer in the output").not.toContain(value);
  });

  it("reports a renamed field by its paths, exits non-zero, and prints no value", async () => {
    const log: Sent[] = [];
    let text = "";
    const rename = (path: string, t: string) => (path.endsWith("/getOrderInfos") ? t.replaceAll('"storeOrderId":', '"storeOrderNo":') : t);
    const result = await probeHypersku({ ...simulators, exchange: logging(log, rename), write: (t) => (text += t) });
    const row = result.rows.find((r) => r.endpoint === "getOrderInfos")!;
    expect(row.parses).toBe("no");
    expect(row.problems).toEqual(["missing: data.rows[].orderBaseInfo.storeOrderId"]);
    expect(row.unknown).toContain("data.rows[].orderBaseInfo.storeOrderNo");
    // What needs an order from that page is not called, and says why.
    for (const name of ["internationalLogisticsInfo", "getInventoryHistoryByOrderId", "getOrdersStatus"]) {
      expect(result.rows.find((r) => r.endpoint === name)).toMatchObject({ parses: "skipped", note: "needs getOrderInfos, which failed" });
    }
    expect(result.exitCode).toBe(1);
    expect(text).toContain("missing: data.rows[].orderBaseInfo.storeOrderId");
    for (const value of leaves(log)) expect(text, "a value of an answer in the output").not.toContain(value);
  });

  it("without credentials for the real API, says which variables to set and calls nothing", async () => {
    const log: Sent[] = [];
    let text = "";
    const result = await probeHypersku({ argv: [], env: {}, exchange: logging(log), write: (t) => (text += t) });
    expect(result).toEqual({ rows: [], exitCode: 2 });
    expect(log).toEqual([]);
    expect(text).toContain("HYPERSKU_PROBE_TOKEN");
  });
});

describe("probe:supership against the simulator", () => {
  it("calls every read endpoint once (GETs only), and each answer parses", async () => {
    const log: Sent[] = [];
    let text = "";
    const result = await probeSupership({ ...simulators, exchange: logging(log), write: (t) => (text += t) });
    expect(result.rows.map((r) => r.endpoint)).toEqual(readEndpoints(supershipEndpoints));
    expect(result.rows.filter((r) => r.parses !== "yes")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(log.map((s) => s.method)).toEqual(result.rows.map(() => "GET"));
    expect(text).not.toContain(SUPERSHIP_DEMO.accounts[0].token);
    for (const value of leaves(log)) expect(text, "a value of an answer in the output").not.toContain(value);
  });

  it("reports a field of the wrong type as invalid", async () => {
    const retype = (path: string, t: string) => (path.endsWith("/warehouses") ? t.replaceAll(/"name":"[^"]*"/g, '"name":7') : t);
    const result = await probeSupership({ ...simulators, exchange: logging([], retype), write: () => undefined });
    expect(result.rows.find((r) => r.endpoint === "listWarehouses")).toMatchObject({ parses: "no", problems: ["invalid: results[].name"] });
    expect(result.exitCode).toBe(1);
  });
});

it("defaults to the production entry's real base URLs", () => {
  const server = readFileSync(new URL("../../src/server.ts", import.meta.url), "utf8");
  expect(server).toContain(`hyperskuBaseUrl: "${HYPERSKU_REAL_BASE_URL}"`);
  expect(server).toContain(`supershipBaseUrl: "${SUPERSHIP_REAL_BASE_URL}"`);
});
