import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import type { Api, Simulators } from "./stack.js";

/**
 * Drives the HyperSKU consent page as a browser would: follows the tenant's connect link,
 * submits the simulator's form, and returns the callback URL it redirects to.
 */
export async function consentUrl(api: Api, apiKey: string, { account = HYPERSKU_DEMO.accounts[0], decision = "approve" } = {}): Promise<string> {
  const { viewer } = await api.as(apiKey).Viewer();
  const start = await fetch(viewer.hyperskuConnectUrl!, { redirect: "manual" });
  if (start.status !== 302) throw new Error(`connect link answered ${start.status}`);
  const authorize = new URL(start.headers.get("location")!);
  const form = new URLSearchParams({ ...Object.fromEntries(authorize.searchParams), username: account.username, password: account.password, decision });
  const approved = await fetch(new URL("/application/auth", authorize), { method: "POST", body: form, redirect: "manual" });
  if (approved.status !== 302) throw new Error(`consent page answered ${approved.status}`);
  return approved.headers.get("location")!;
}

/** The whole flow: consent, then the callback; the tenant ends up connected with OAuth tokens. */
export async function connectHyperskuOAuth(api: Api, apiKey: string, account = HYPERSKU_DEMO.accounts[0]): Promise<void> {
  const res = await fetch(await consentUrl(api, apiKey, { account }));
  if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
}

export const simCount = (sims: Simulators, provider: "hypersku" | "supership", endpoint: string) => sims[provider].control.counts().byEndpoint[endpoint] ?? 0;
