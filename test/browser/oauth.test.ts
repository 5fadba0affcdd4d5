import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { simCount } from "../support/oauth.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The HyperSKU connect flow in a real browser (headless Chromium, as test/browser/graphiql.test.ts
 * drives it): the cookie `/auth/hypersku/start` sets on the loopback demo is one Chromium keeps
 * and sends back to the callback, so the flow finishes in the browser that started it; a
 * second browser profile (another cookie jar) approving the same consent URL gets the 400 page
 * and no token call (docs/decisions/022-oauth-browser-binding.md).
 *
 * Not skipped without Chromium: it fails, naming the package.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const UI_TIMEOUT = 30_000;
const [merchant] = HYPERSKU_DEMO.accounts;

let sims: Simulators;
let api: Api;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (apt-get install -y --no-install-recommends chromium), or set CHROMIUM_PATH.`);
  }
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  // --no-sandbox: CI and containers run as root, where Chromium's sandbox refuses to start.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await sims?.close();
});

const exchanges = () => simCount(sims, "hypersku", "accessToken");

/** A tenant's connect link, opened in `page`: it lands on the simulator's consent page. */
async function openConnectLink(page: Page, apiKey: string): Promise<string> {
  const link = (await api.as(apiKey).Viewer()).viewer.hyperskuConnectUrl!;
  await page.goto(link, { timeout: UI_TIMEOUT });
  expect(page.url().startsWith(sims.urls.hyperskuAuthorizeUrl)).toBe(true);
  return page.url();
}

/** The merchant approves on the consent page in `page`; returns the callback's status and text. */
async function approve(page: Page): Promise<{ status: number | undefined; text: string }> {
  await page.fill("#username", merchant.username);
  await page.fill("#password", merchant.password);
  const callback = page.waitForResponse((r) => r.url().startsWith(`${api.url}/auth/hypersku/callback`), { timeout: UI_TIMEOUT });
  await page.click('button[value="approve"]');
  const res = await callback;
  await page.waitForLoadState("load");
  return { status: res.status(), text: (await page.locator("body").textContent()) ?? "" };
}

describe("HyperSKU connect in headless Chromium", () => {
  it("the browser that opened the link finishes the flow; its cookie is HttpOnly, Lax, not Secure on loopback, and gone after", { timeout: 60_000 }, async () => {
    const { apiKey } = await createTenant(api.store, "Browser shop");
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      await openConnectLink(page, apiKey);
      const cookies = await context.cookies(`${api.url}/auth/hypersku/callback`);
      expect(cookies).toEqual([
        expect.objectContaining({ name: expect.stringMatching(/^fg_oauth_/), httpOnly: true, sameSite: "Lax", secure: false, path: "/auth/hypersku" }),
      ]);
      const before = exchanges();
      const { status, text } = await approve(page);
      expect(status).toBe(200);
      expect(text).toContain("HyperSKU connected");
      expect(exchanges()).toBe(before + 1);
      expect(await context.cookies(`${api.url}/auth/hypersku/callback`)).toEqual([]);
      expect((await api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("CONNECTED");
    } finally {
      await context.close();
    }
  });

  it("login CSRF: another browser approving the tenant's consent URL gets the 400 page, no token call, no connection", { timeout: 60_000 }, async () => {
    const { apiKey } = await createTenant(api.store, "Attacker");
    const [attacker, victim] = [await browser!.newContext(), await browser!.newContext()];
    try {
      const authorizeUrl = await openConnectLink(await attacker.newPage(), apiKey);
      const page = await victim.newPage();
      await page.goto(authorizeUrl, { timeout: UI_TIMEOUT });
      const before = exchanges();
      const { status, text } = await approve(page);
      expect(status).toBe(400);
      expect(text).toContain("started in another browser");
      expect(exchanges()).toBe(before);
      expect((await api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
    } finally {
      await attacker.close();
      await victim.close();
    }
  });
});
