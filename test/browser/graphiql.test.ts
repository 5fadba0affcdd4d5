import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { GraphQLClient } from "graphql-request";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSdk } from "../../packages/sdk/src/generated.js";
import { createApp } from "../../src/app.js";
import { loadDemoConfig } from "../../src/demo/config.js";
import { ensureDemoTenant } from "../../src/demo/tenant.js";
import { createLogger } from "../../src/logger.js";
import type { AppDeps } from "../../src/resolvers/context.js";
import { createCipher, generateKey } from "../../src/store/crypto.js";
import { createSqliteStore } from "../../src/store/sqlite.js";
import { deliveryEvent } from "../support/delivery-event.js";
import { type Simulators, startSimulators } from "../support/stack.js";

/**
 * GraphiQL in a real browser, offline (docs/decisions/013-graphiql-offline.md): headless
 * Chromium, Debian's `chromium` package driven by playwright-core, loads the demo's GraphiQL
 * with every request to a host other than loopback refused. The page must still render, open on
 * the Dashboard query with the demo key in the headers tab, and Run must show orders. The
 * screenshot is left in test-artifacts/graphiql.png (also when a step fails, to show why). It
 * runs under the page's Content-Security-Policy, and no violation may appear.
 *
 * Not skipped without Chromium: it fails, naming the package. `.ci/run` installs it.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const root = resolve(import.meta.dirname, "../..");
const SCREENSHOT = join(root, "test-artifacts", "graphiql.png");
/** Waits for UI state, not assertions about speed: the page inlines 9 MB of GraphiQL, on two shared cores. */
const UI_TIMEOUT = 45_000;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

const dataDir = mkdtempSync(join(tmpdir(), "fg-browser-"));
let sims: Simulators;
let url: string;
let demoKey: string;
let appDeps: AppDeps;
let closeApi: () => Promise<void> = async () => {};
let browser: Browser | undefined;

/** The demo stack as `npm start` builds it (src/demo/index.ts), in this process, on a free loopback port. */
beforeAll(async () => {
  sims = await startSimulators();
  const encryptionKey = generateKey();
  const store = createSqliteStore({ file: ":memory:", cipher: createCipher(encryptionKey) });
  let key: string | undefined;
  let handler: (req: Request) => Response | Promise<Response> = () => new Response("starting", { status: 503 });
  const server = serve({ fetch: (req) => handler(req), port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((done) => server.once("listening", () => done()));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const config = loadDemoConfig({ DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: "warn", SIM_HYPERSKU_PORT: "0", SIM_SUPERSHIP_PORT: "0" });
  const { app, deps, stop } = createApp({ config, store, encryptionKey, urls: sims.urls, logger: createLogger({ level: "silent" }), graphiqlApiKey: () => key });
  handler = (req) => app.fetch(req);
  key = await ensureDemoTenant(deps);
  demoKey = key;
  appDeps = deps;
  closeApi = async () => {
    await new Promise<void>((done) => {
      if ("closeAllConnections" in server) server.closeAllConnections();
      server.close(() => done());
    });
    await stop();
    await store.close();
  };
});

afterAll(async () => {
  await browser?.close();
  await closeApi();
  await sims?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's "chromium" package ` +
        "(apt-get install -y --no-install-recommends chromium), as .ci/run does, or set CHROMIUM_PATH.",
    );
  }
  // --no-sandbox: CI and containers run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

/**
 * An editor's text as rendered: Monaco draws only the lines in view, one element each, with
 * spaces as no-break spaces. innerText keeps the line breaks that textContent would drop.
 */
async function editorText(page: Page, selector: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered lines are what a user sees; textContent runs them together
  const text = await page.locator(selector).first().innerText();
  return text.replace(/\u00a0/g, " ");
}

describe("GraphiQL in headless Chromium, offline", () => {
  it("opens on the Dashboard query with the demo key, and Run shows the tenant's orders", { timeout: 120_000 }, async () => {
    // What the page must show: the demo tenant's newest order, as the API answers it directly.
    const direct = await getSdk(new GraphQLClient(`${url}/graphql`, { headers: { authorization: `Bearer ${demoKey}` } })).Dashboard();
    const newest = direct.orders!.edges[0]!.node;

    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const blocked: string[] = [];
    await context.route("**/*", (route) => {
      const target = new URL(route.request().url());
      if ((target.protocol === "http:" || target.protocol === "https:") && !LOOPBACK.has(target.hostname)) {
        blocked.push(target.href);
        return route.abort("blockedbyclient");
      }
      return route.continue();
    });
    await context.routeWebSocket(/.*/, (ws) => {
      const target = new URL(ws.url());
      if (LOOPBACK.has(target.hostname)) ws.connectToServer();
      else {
        blocked.push(target.href);
        ws.close();
      }
    });
    // The page runs under its CSP (src/http/secure-headers.ts): a blocked script, style, worker,
    // font or request shows as a console message and a securitypolicyviolation event.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const cspMessages: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspMessages.push(m.text());
    });

    try {
      const res = await page.goto(`${url}/graphql`, { waitUntil: "load", timeout: UI_TIMEOUT });
      expect(res?.status()).toBe(200);
      expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'nonce-/);
      // Everything the page loads is in it or on our server: a CDN script or font would be here.
      expect(blocked, "requests to hosts other than loopback").toEqual([]);

      // The query editor shows the Dashboard operation.
      await expect.poll(() => editorText(page, ".graphiql-query-editor"), { timeout: UI_TIMEOUT }).toContain("query Dashboard($first: Int = 50) {");
      expect(await editorText(page, ".graphiql-query-editor")).toContain("orders(first: $first) {");

      // The headers tab holds the demo key.
      await page.getByRole("button", { name: "Headers" }).click();
      await expect.poll(() => editorText(page, ".graphiql-editor-tool:not(.hidden)"), { timeout: UI_TIMEOUT }).toContain(`Bearer ${demoKey}`);

      // Run: the result pane shows orders, and the request GraphiQL sent got them without errors.
      const answered = page.waitForResponse(
        (r) => r.url() === `${url}/graphql` && r.request().method() === "POST" && (r.request().postData() ?? "").includes("query Dashboard"),
        {
          timeout: UI_TIMEOUT,
        },
      );
      await page.locator(".graphiql-execute-button").click();
      const response = await answered;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { data?: { orders?: { edges: unknown[] } }; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      expect(body.data?.orders?.edges).toHaveLength(50);

      await expect.poll(() => editorText(page, ".graphiql-response"), { timeout: UI_TIMEOUT }).toContain(`"orderId": "${newest.orderId}"`);
      const result = await editorText(page, ".graphiql-response");
      expect(result).toContain('"orders": {');
      expect(result).toContain('"edges": [');
      expect(result).toContain(`"totalCount": ${direct.orders!.totalCount}`);

      // Nothing outside loopback was asked for, and nothing failed in the page.
      expect(blocked, "requests to hosts other than loopback").toEqual([]);
      expect(pageErrors).toEqual([]);
      // And the CSP blocked nothing the page needs.
      expect(cspMessages, "CSP messages in the console").toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), "CSP violations").toEqual([]);
    } finally {
      mkdirSync(join(root, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    }
  });

  it("runs a subscription over SSE: an event published for the demo tenant shows in the result pane", { timeout: 120_000 }, async () => {
    browser ??= await launch();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      const query = "subscription Live { deliveryUpdated { code status statusName } }";
      await page.goto(`${url}/graphql?query=${encodeURIComponent(query)}`, { waitUntil: "load", timeout: UI_TIMEOUT });
      await expect.poll(() => editorText(page, ".graphiql-query-editor"), { timeout: UI_TIMEOUT }).toContain("subscription Live");
      const streaming = page.waitForResponse((r) => r.url().startsWith(`${url}/graphql`) && (r.headers()["content-type"] ?? "").includes("text/event-stream"), {
        timeout: UI_TIMEOUT,
      });
      await page.locator(".graphiql-execute-button").click();
      expect((await streaming).status()).toBe(200);
      const tenantId = (await appDeps.store.listTenants()).find((t) => t.revokedAt === null)?.id ?? "";
      // The stream is open once the response arrived; publish until the page shows it (the first publish may race the subscribe).
      await expect
        .poll(
          async () => {
            appDeps.events.publish(deliveryEvent(tenantId, { code: "SGNS-LIVE.1", status: "12", statusName: "Đã Giao Hàng Toàn Bộ" }));
            return editorText(page, ".graphiql-response");
          },
          { timeout: UI_TIMEOUT },
        )
        .toContain('"code": "SGNS-LIVE.1"');
      expect(await editorText(page, ".graphiql-response")).toContain('"status": "DELIVERED"');
      expect(pageErrors).toEqual([]);
    } finally {
      mkdirSync(join(root, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: join(root, "test-artifacts", "graphiql-subscription.png") });
      await page.close();
    }
  });
});
