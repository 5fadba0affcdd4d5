import { beforeEach, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { createTenant, useStack } from "../support/stack.js";

/** The OAuth code flow end to end through the simulator's consent page, and each bad state rejected. */

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

/** Follows the connect link to the consent page and approves (or denies); returns the callback URL. */
async function consent(apiKey: string, decision: "approve" | "deny" = "approve"): Promise<string> {
  const { viewer } = await stack.api.as(apiKey).Viewer();
  const start = await fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin + authorize.pathname).toBe(stack.sims.urls.hyperskuAuthorizeUrl);
  expect(authorize.searchParams.get("scope")).toBe("oms");
  const page = await fetch(authorize);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("<form");
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), username: merchant.username, password: merchant.password, decision });
  const approved = await fetch(new URL("/application/auth", authorize), { method: "POST", body: form, redirect: "manual" });
  expect(approved.status).toBe(302);
  return approved.headers.get("location")!;
}

describe("HyperSKU OAuth connect", () => {
  it("start → approve → callback stores the tokens; viewer shows HyperSKU connected", async () => {
    const { apiKey } = await createTenant(stack.api.store, "OAuth Shop");
    const callback = await consent(apiKey);
    frozenAt = Date.now();
    const res = await fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("HyperSKU connected");

    const { viewer } = await stack.api.as(apiKey).Viewer();
    expect(viewer.hypersku).toMatchObject({ state: "CONNECTED", method: "OAUTH", scope: "oms", accountId: merchant.accountId });
    // Stored at the callback as the API clock's now (held at frozenAt) + the simulator's expiresIn, 7200 s.
    expect(Date.parse(viewer.hypersku.expiresAt!)).toBe(frozenAt + 7_200_000);
  });

  it("rejects a tampered state with a 400 page and makes no token call", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Tampered");
    const callback = new URL(await consent(apiKey));
    const state = callback.searchParams.get("state")!;
    callback.searchParams.set("state", state.slice(0, -2) + (state.endsWith("AA") ? "BB" : "AA"));
    const before = exchanges();
    const res = await fetch(callback, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Start again");
    expect(exchanges()).toBe(before);
    expect((await stack.api.as(apiKey).Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");
  });

  it("rejects a replayed callback: the state is single-use", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Replay");
    const callback = await consent(apiKey);
    expect((await fetch(callback)).status).toBe(200);
    const before = exchanges();
    expect((await fetch(callback)).status).toBe(400);
    expect(exchanges()).toBe(before);
  });

  it("rejects an expired state", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Slow");
    const callback = await consent(apiKey);
    clockOffset = 11 * 60_000;
    const before = exchanges();
    expect((await fetch(callback)).status).toBe(400);
    expect(exchanges()).toBe(before);
  });

  it("a declined consent stores nothing", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Declined");
    const callback = await consent(apiKey, "deny");
    expect(new URL(callback).searchParams.get("error")).toBe("access_denied");
    expect((await fetch(callback)).status).toBe(400);
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
