import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import type { Api, Simulators } from "./stack.js";

/**
 * A browser, as far as the OAuth flow needs one: a cookie jar that keeps what Set-Cookie sets
 * (Max-Age=0 removes) and sends it back on every request. Everything here is 127.0.0.1, and a
 * browser does not tell ports apart for cookies, so neither does this jar; paths and the Secure
 * flag are not enforced either (tests assert those attributes on the Set-Cookie lines).
 */
export interface Browser {
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  readonly cookies: Map<string, string>;
}

export function createBrowser(): Browser {
  const cookies = new Map<string, string>();
  return {
    cookies,
    async fetch(url, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size > 0) headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
      const res = await fetch(url, { ...init, headers });
      for (const line of res.headers.getSetCookie()) {
        const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
        const eq = pair.indexOf("=");
        const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
        if (attributes.some((a) => /^max-age=0$/i.test(a))) cookies.delete(name);
        else cookies.set(name, value);
      }
      return res;
    },
  };
}

/**
 * Drives the HyperSKU consent page as a browser would: follows the tenant's connect link,
 * submits the simulator's form, and returns the callback URL it redirects to, with the browser
 * that started the flow (only it can finish it: the callback checks its cookie).
 */
export async function consentUrl(
  api: Api,
  apiKey: string,
  { account = HYPERSKU_DEMO.accounts[0], decision = "approve", browser = createBrowser() } = {},
): Promise<{ callback: string; browser: Browser }> {
  const { viewer } = await api.as(apiKey).Viewer();
  const start = await browser.fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" });
  if (start.status !== 302) throw new Error(`connect link answered ${start.status}`);
  const authorize = new URL(start.headers.get("location")!);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), username: account.username, password: account.password, decision });
  const approved = await browser.fetch(new URL("/application/auth", authorize), { method: "POST", body: form, redirect: "manual" });
  if (approved.status !== 302) throw new Error(`consent page answered ${approved.status}`);
  return { callback: approved.headers.get("location")!, browser };
}

/** The whole flow in one browser: consent, then the callback; the tenant ends up connected with OAuth tokens. */
export async function connectHyperskuOAuth(api: Api, apiKey: string, account = HYPERSKU_DEMO.accounts[0]): Promise<void> {
  const { callback, browser } = await consentUrl(api, apiKey, { account });
  const res = await browser.fetch(callback);
  if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
}

export const simCount = (sims: Simulators, provider: "hypersku" | "supership", endpoint: string) => sims[provider].control.counts().byEndpoint[endpoint] ?? 0;
