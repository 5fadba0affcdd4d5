import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { type Browser, createBrowser } from "../support/oauth.js";
import { createTenant, startApi, useStack } from "../support/stack.js";

/**
 * The OAuth code flow end to end through the simulator's consent page, and each bad state
 * rejected: unknown, reused, expired, from another browser (login CSRF, RFC 9700 §4.7), for a
 * revoked tenant; and connect links used once only.
 */

let clockOffset = 0;
const [merchant] = HYPERSKU_DEMO.accounts;

/** The API's clock: the wall clock shifted by `clockOffset`, or held at `frozenAt` when a test sets it. */
let frozenAt: number | null = null;
const stack = useStack({ now: () => frozenAt ?? Date.now() + clockOffset });
beforeEach(() => {
  clockOffset = 0;
  frozenAt = null;
});

const exchanges = () => stack.sims.hypersku.control.counts().byEndpoint.accessToken ?? 0;

/** Follows the connect link in `starter` and redirects to the consent page; returns HyperSKU's authorize URL. */
async function start(apiKey: string, starter: Browser): Promise<URL> {
  const { viewer } = await stack.api.as(apiKey).Viewer();
  const res = await starter.fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" });
  expect(res.status).toBe(302);
  const authorize = new URL(res.headers.get("location")!);
  expect(authorize.origin + authorize.pathname).toBe(stack.sims.urls.hyperskuAuthorizeUrl);
  expect(authorize.searchParams.get("scope")).toBe("oms");
  return authorize;
}

/** The merchant, in `browser`, opens the consent page and approves (or denies); returns the callback URL. */
async function approve(authorize: URL, browser: Browser, decision: "approve" | "deny" = "approve"): Promise<string> {
  const page = await browser.fetch(authorize);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("<form");
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), username: merchant.username, password: merchant.password, decision });
  const approved = await browser.fetch(new URL("/application/auth", authorize), { method: "POST", body: form, redirect: "manual" });
  expect(approved.status).toBe(302);
  return approved.headers.get("location")!;
}

/** The whole consent in one browser; returns the callback URL and that browser. */
async function consent(apiKey: string, decision: "approve" | "deny" = "approve") {
  const browser = createBrowser();
  return { callback: await approve(await start(apiKey, browser), browser, decision), browser };
}

describe("HyperSKU OAuth connect", () => {
  it("start → approve → callback stores the tokens; viewer shows HyperSKU connected", async () => {
    const { apiKey } = await createTenant(stack.api.store, "OAuth Shop");
    const { callback, browser } = await consent(apiKey);
    expect([...browser.cookies.keys()]).toEqual([expect.stringMatching(/^fg_oauth_[\w-]{16}$/)]);
    frozenAt = Date.now();
    const res = await browser.fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("HyperSKU connected");
    expect(browser.cookies.size).toBe(0); // the callback cleared the flow's cookie

    const { viewer } = await stack.api.as(apiKey).Viewer();
    expect(viewer.hypersku).toMatchObject({ state: "CONNECTED", method: "OAUTH", scope: "oms", accountId: merchant.accountId });
    // Stored at the callback as the API clock's now (held at frozenAt) + the simulator's expiresIn, 7200 s.
    expect(Date.parse(viewer.hypersku.expiresAt!)).toBe(frozenAt + 7_200_000);
  });

  it("rejects a tampered state with a 400 page and makes no token call", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Tampered");
    const flow = await consent(apiKey);
    const callback = new URL(flow.callback);
    const state = callback.searchParams.get("state")!;
    callback.searchParams.set("state", state.slice(0, -2) + (state.endsWith("AA") ? "BB" : "AA"));
    const before = exchanges();
    const res = await flow.browser.fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Start again");
    expect(exchanges()).toBe(before);
    expect((await stack.api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
  });

  it("rejects a replayed callback: the state is single-use", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Replay");
    const { callback, browser } = await consent(apiKey);
    const cookies = new Map(browser.cookies);
    expect((await browser.fetch(callback)).status).toBe(200);
    for (const [name, value] of cookies) browser.cookies.set(name, value); // even with the cookie put back
    const before = exchanges();
    expect((await browser.fetch(callback)).status).toBe(400);
    expect(exchanges()).toBe(before);
  });

  it("rejects an expired state", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Slow");
    const { callback, browser } = await consent(apiKey);
    clockOffset = 11 * 60_000;
    const before = exchanges();
    expect((await browser.fetch(callback)).status).toBe(400);
    expect(exchanges()).toBe(before);
  });

  it("a declined consent stores nothing", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Declined");
    const { callback, browser } = await consent(apiKey, "deny");
    expect(new URL(callback).searchParams.get("error")).toBe("access_denied");
    expect((await browser.fetch(callback)).status).toBe(400);
    expect((await stack.api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
  });

  it("start needs a valid signed link or API key", async () => {
    expect((await fetch(`${stack.api.url}/auth/hypersku/start`, { redirect: "manual" })).status).toBe(401);
    expect((await fetch(`${stack.api.url}/auth/hypersku/start?link=forged.link`, { redirect: "manual" })).status).toBe(401);
    const { apiKey } = await createTenant(stack.api.store, "Header");
    const res = await fetch(`${stack.api.url}/auth/hypersku/start`, { headers: { authorization: `Bearer ${apiKey}` }, redirect: "manual" });
    expect(res.status).toBe(302);
  });

  it("an expired connect link is refused", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Old link");
    const { viewer } = await stack.api.as(apiKey).Viewer();
    clockOffset = 11 * 60_000;
    expect((await fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" })).status).toBe(401);
  });
});

/** A Set-Cookie line as name=value, then its attributes in sorted order. */
const parts = (line: string | undefined) => {
  const [pair, ...attributes] = (line ?? "").split("; ");
  return [pair, ...attributes.sort()];
};

describe("login CSRF: the flow is bound to the browser that started it (RFC 9700 §4.7)", () => {
  it("a tenant's consent URL approved and completed in the merchant's browser: 400 page, no token call, not connected, state spent", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Attacker");
    const attacker = createBrowser();
    const authorize = await start(apiKey, attacker);
    const victim = createBrowser(); // the merchant, sent the consent URL
    const callback = await approve(authorize, victim);
    const before = exchanges();
    const res = await victim.fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("started in another browser");
    expect(exchanges()).toBe(before);
    expect((await stack.api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
    // The attacker, holding the cookie, gets the callback URL from the merchant: the state is spent.
    expect((await attacker.fetch(callback, { redirect: "manual" })).status).toBe(400);
    expect(exchanges()).toBe(before);
    expect((await stack.api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
  });

  it("a forged cookie value, or another flow's cookie, is refused the same way", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Attacker 2");
    const forged = createBrowser();
    const flow = await start(apiKey, createBrowser()).then((authorize) => approve(authorize, forged));
    const name = `fg_oauth_${new URL(flow).searchParams.get("state")!.slice(0, 16)}`;
    forged.cookies.set(name, "A".repeat(43));
    const other = createBrowser(); // a browser in the middle of its own flow, for its own tenant
    await start((await createTenant(stack.api.store, "Merchant's own")).apiKey, other);
    const flow2 = await approve(await start(apiKey, createBrowser()), other);
    expect(other.cookies.size).toBe(1);
    const before = exchanges();
    expect((await forged.fetch(flow, { redirect: "manual" })).status).toBe(400);
    expect((await other.fetch(flow2, { redirect: "manual" })).status).toBe(400);
    expect(exchanges()).toBe(before);
    expect((await stack.api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
  });

  it("two flows started in one browser both finish (one cookie per flow)", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Two tabs");
    const browser = createBrowser();
    const [first, second] = [await start(apiKey, browser), await start(apiKey, browser)];
    expect(browser.cookies.size).toBe(2);
    const callbacks = [await approve(first, browser), await approve(second, browser)];
    const before = exchanges();
    for (const callback of callbacks) expect((await browser.fetch(callback)).status).toBe(200);
    expect(exchanges()).toBe(before + 2);
    expect(browser.cookies.size).toBe(0);
  });

  it("the cookie is HttpOnly, SameSite=Lax, for /auth/hypersku, 10 minutes, not Secure on the loopback demo; the callback clears it", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Cookie");
    const res = await fetch(`${stack.api.url}/auth/hypersku/start`, { headers: { authorization: `Bearer ${apiKey}` }, redirect: "manual" });
    const [line, ...more] = res.headers.getSetCookie();
    expect(more).toEqual([]);
    expect(parts(line)).toEqual([expect.stringMatching(/^fg_oauth_[\w-]{16}=[\w-]{43}$/), "HttpOnly", "Max-Age=600", "Path=/auth/hypersku", "SameSite=Lax"]);
    const state = new URL(res.headers.get("location")!).searchParams.get("state")!;
    expect(line).toContain(`fg_oauth_${state.slice(0, 16)}=`);
    const cleared = await fetch(`${stack.api.url}/auth/hypersku/callback?state=${state}&code=x`, { headers: { cookie: line!.split(";")[0]! } });
    expect(cleared.headers.getSetCookie()).toEqual([expect.stringMatching(new RegExp(`^fg_oauth_${state.slice(0, 16)}=; Max-Age=0; `))]);
  });

  it("outside the loopback demo the cookie is Secure, with the __Host- prefix", async () => {
    const api = await startApi({ urls: stack.sims.urls, env: { PUBLIC_URL: "https://graph.example.com" } });
    try {
      const { apiKey } = await createTenant(api.store, "Secure");
      const res = await fetch(`${api.url}/auth/hypersku/start`, { headers: { authorization: `Bearer ${apiKey}` }, redirect: "manual" });
      expect(new URL(res.headers.get("location")!).searchParams.get("redirectUri")).toBe("https://graph.example.com/auth/hypersku/callback");
      expect(parts(res.headers.getSetCookie()[0])).toEqual([
        expect.stringMatching(/^__Host-fg_oauth_[\w-]{16}=[\w-]{43}$/),
        "HttpOnly",
        "Max-Age=600",
        "Path=/",
        "SameSite=Lax",
        "Secure",
      ]);
    } finally {
      await api.close();
    }
  });
});

describe("connect links are single-use and die with their tenant", () => {
  it("a replayed connect link is refused and starts nothing", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Replayed link");
    const { viewer } = await stack.api.as(apiKey).Viewer();
    const first = await fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" });
    expect(first.status).toBe(302);
    const again = await fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("already used");
    expect(again.headers.getSetCookie()).toEqual([]);
    // A fresh link from the graph works.
    expect((await fetch((await stack.api.as(apiKey).Viewer()).viewer.hyperskuConnectUrl!, { redirect: "manual" })).status).toBe(302);
  });

  it("a revoked tenant's link is refused within its 10 minutes, and a sign-in it had under way cannot complete", async () => {
    const { apiKey, tenantId } = await createTenant(stack.api.store, "Revoked");
    const link = (await stack.api.as(apiKey).Viewer()).viewer.hyperskuConnectUrl!;
    const pending = await consent(apiKey);
    await stack.api.store.revokeTenant(tenantId);
    const res = await fetch(link, { redirect: "manual" });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Sign-in link not valid");
    const before = exchanges();
    expect((await pending.browser.fetch(pending.callback, { redirect: "manual" })).status).toBe(400);
    expect(exchanges()).toBe(before);
    expect(await stack.api.store.getConnection(tenantId, "hypersku")).toBeNull();
  });

  it("a state stored after its tenant was revoked (a start racing the revocation) is refused at the callback", async () => {
    const { tenantId } = await createTenant(stack.api.store, "Raced");
    await stack.api.store.revokeTenant(tenantId);
    const cookie = "c".repeat(43);
    const state = "r".repeat(43);
    const browserHash = createHash("sha256").update(cookie).digest("base64url");
    const redirectUri = `${stack.api.url}/auth/hypersku/callback`;
    await stack.api.store.putOAuthState({ state, tenantId, provider: "hypersku", redirectUri, returnTo: null, expiresAt: Date.now() + 60_000, browserHash });
    const before = exchanges();
    const res = await fetch(`${redirectUri}?state=${state}&code=anything`, { headers: { cookie: `fg_oauth_${state.slice(0, 16)}=${cookie}` }, redirect: "manual" });
    expect(res.status).toBe(400);
    expect(exchanges()).toBe(before);
  });
});
