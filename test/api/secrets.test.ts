import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { generateKey } from "../../src/store/crypto.js";
import { connectHyperskuOAuth } from "../support/oauth.js";
import { type Api, createTenant, findSecrets, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Runs the paths where secrets travel — OAuth, refresh, password and token connects,
 * pass-through tokens, failing providers — with debug logging captured, then searches every
 * log line and every response body for every secret involved.
 */

let sims: Simulators;
let api: Api;
const encryptionKey = generateKey();
const bodies: string[] = [];
const secrets = new Set<string>([encryptionKey, "demo-client-secret", ...HYPERSKU_DEMO.accounts.map((a) => a.password)]);
for (const shop of SUPERSHIP_DEMO.accounts) secrets.add(shop.token).add(shop.password);
secrets.add(SUPERSHIP_DEMO.partner.clientSecret).add(SUPERSHIP_DEMO.partner.partnerCode);

beforeAll(async () => {
  sims = await startSimulators();
  const { clientSecret, partnerCode, clientId } = SUPERSHIP_DEMO.partner;
  api = await startApi({
    urls: sims.urls,
    encryptionKey,
    env: { SUPERSHIP_CLIENT_ID: clientId, SUPERSHIP_CLIENT_SECRET: clientSecret, SUPERSHIP_PARTNER_CODE: partnerCode },
  });
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

async function gql(headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  bodies.push(text);
  return text;
}

async function rememberTokens(tenantId: string) {
  for (const provider of ["hypersku", "supership"] as const) {
    const c = await api.store.getConnection(tenantId, provider);
    if (c) secrets.add(c.accessToken).add(c.refreshToken ?? "");
  }
}

describe("secrets never leave", () => {
  it("through logs or responses, whatever fails", async () => {
    const { apiKey, tenantId } = await createTenant(api.store, "Secretive");
    secrets.add(apiKey);
    const auth = { authorization: `Bearer ${apiKey}` };
    await connectHyperskuOAuth(api, apiKey);
    await rememberTokens(tenantId);

    await gql(auth, "{ countries { code } }");
    await fetch(`${sims.hypersku.url}/__sim/hypersku/tokens/expire`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await gql(auth, "{ countries { code } }"); // refresh on 40101
    await rememberTokens(tenantId);

    for (const kind of ["http500", "schema", "malformed", "reset"] as const) {
      sims.hypersku.control.addFault({ endpoint: "getCountryCode", kind, times: 3 });
      const text = await gql(auth, "{ countries { code } }");
      expect(text).toContain("errors");
      sims.hypersku.control.clearCounters();
    }

    const [merchant] = HYPERSKU_DEMO.accounts;
    const [shop] = SUPERSHIP_DEMO.accounts;
    await gql(auth, "mutation($u: String!, $p: String!) { connectHyperskuWithPassword(username: $u, password: $p) { __typename } }", {
      u: merchant.username,
      p: "wrong-password-123",
    });
    secrets.add("wrong-password-123");
    await gql(auth, "mutation($t: String!) { connectSupershipWithToken(token: $t) { __typename } }", { t: "bogus-supership-token-xyz" });
    secrets.add("bogus-supership-token-xyz");
    await gql(auth, "mutation($e: String!, $p: String!) { connectSupershipWithPartnerLogin(email: $e, password: $p) { __typename } }", { e: shop.email, p: shop.password });
    await rememberTokens(tenantId);
    await gql({ "x-hypersku-token": "passthrough-secret-token-1" }, "{ countries { code } }");
    secrets.add("passthrough-secret-token-1");
    await gql({ authorization: "Bearer fg_AAAAAAAAAAAA_forged-secret-part-0000000000000000000000000" }, "{ viewer { tenant { id } } }");
    secrets.add("forged-secret-part-0000000000000000000000000");

    const logs = api.logs.join("");
    expect(logs).toContain("provider call"); // debug logging of provider calls really was captured
    expect(logs).toContain("does not match the expected schema"); // and the failures
    expect(findSecrets(logs, secrets)).toEqual([]);
    expect(findSecrets(bodies.join("\n"), secrets)).toEqual([]);
  });
});
