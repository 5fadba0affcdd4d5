import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO, startHyperskuSimulator } from "../../simulators/hypersku/index.js";
import { ProviderClientCredentialsError } from "../../src/domain/provider-errors.js";
import { createTransport } from "../../src/providers/http.js";
import { createHyperskuClient } from "../../src/providers/hypersku/client.js";
import { connectHyperskuOAuth } from "../support/oauth.js";
import { type Api, createTenant, findSecrets, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * HYPERSKU_TOKEN_AUTHORIZATION (addendum #1, #2): the app's API key as `Authorization` on the
 * three token endpoints, and nowhere else. The simulator, told to require it, refuses token
 * calls without it (HTTP 401, as the accessToken page lists) and accepts them with it.
 */

const API_KEY = "hs-app-key-0123456789";
const [merchant] = HYPERSKU_DEMO.accounts;
const app = HYPERSKU_DEMO.oauthApp;
const redirectUri = "http://127.0.0.1:4000/auth/hypersku/callback";

describe("token endpoints through the client", () => {
  let sim: Awaited<ReturnType<typeof startHyperskuSimulator>>;
  beforeAll(async () => {
    sim = await startHyperskuSimulator({ port: 0, requireTokenAuthorization: API_KEY });
  });
  afterAll(() => sim?.close());

  const client = (tokenAuthorization?: string, token?: string) =>
    createHyperskuClient({ transport: createTransport({ provider: "hypersku", baseUrl: sim.url, retries: 0 }), tokenAuthorization, token });
  const statuses = () => sim.control.log().map((r) => `${r.endpoint} ${r.status}`);

  it("are refused (HTTP 401) without the header or with a wrong one", async () => {
    sim.control.clearCounters();
    const login = { username: merchant.username, password: merchant.password };
    await expect(client().getToken(login)).rejects.toBeInstanceOf(ProviderClientCredentialsError);
    await expect(client("wrong-key-000000").getToken(login)).rejects.toBeInstanceOf(ProviderClientCredentialsError);
    const code = sim.state.auth.issueCode(merchant.accountId, app.clientId, redirectUri);
    await expect(client().accessToken({ clientId: app.clientId, clientSecret: app.clientSecret, code, redirectUri })).rejects.toBeInstanceOf(ProviderClientCredentialsError);
    await expect(client().refreshToken({ clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: "hsrt_x" })).rejects.toBeInstanceOf(
      ProviderClientCredentialsError,
    );
    expect(statuses()).toEqual(["getToken 401", "getToken 401", "accessToken 401", "refreshToken 401"]);
  });

  it("are accepted with it: getToken, accessToken and refreshToken; business calls still carry only the token", async () => {
    sim.control.clearCounters();
    const withKey = client(API_KEY);
    const login = await withKey.getToken({ username: merchant.username, password: merchant.password });
    const code = sim.state.auth.issueCode(merchant.accountId, app.clientId, redirectUri);
    const pair = await withKey.accessToken({ clientId: app.clientId, clientSecret: app.clientSecret, code, redirectUri });
    const next = await withKey.refreshToken({ clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: pair.refreshToken });
    expect(next.accessToken).not.toBe(pair.accessToken);
    // A business call with the key configured authenticates by the token (a key in its place would be 40101).
    expect((await client(API_KEY, login.accessToken).getCountryCode()).length).toBeGreaterThan(0);
    expect(statuses()).toEqual(["getToken 200", "accessToken 200", "refreshToken 200", "getCountryCode 200"]);
  });
});

describe("token endpoints through the API", () => {
  let sims: Simulators;
  let api: Api;
  let bare: Api;
  const requireKey = (value: string | null) =>
    fetch(`${sims.hypersku.url}/__sim/hypersku/token-authorization`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) });

  beforeAll(async () => {
    sims = await startSimulators();
    expect((await requireKey(API_KEY)).status).toBe(200);
    api = await startApi({ urls: sims.urls, env: { HYPERSKU_TOKEN_AUTHORIZATION: API_KEY } });
    bare = await startApi({ urls: sims.urls });
  });
  afterAll(async () => {
    await api?.close();
    await bare?.close();
    await sims?.close();
  });

  it("password connect and the OAuth callback succeed with HYPERSKU_TOKEN_AUTHORIZATION, and the refresh too", async () => {
    const { apiKey } = await createTenant(api.store, "Keyed");
    const res = await api.as(apiKey).ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
    expect(res.connectHyperskuWithPassword.__typename).toBe("MutationConnectHyperskuWithPasswordSuccess");

    const oauth = await createTenant(api.store, "Keyed OAuth");
    await connectHyperskuOAuth(api, oauth.apiKey);
    await fetch(`${sims.hypersku.url}/__sim/hypersku/tokens/expire`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    sims.hypersku.control.clearCounters();
    const { countries } = await api.as(oauth.apiKey).Countries();
    expect(countries?.length).toBeGreaterThan(0);
    expect(
      sims.hypersku.control
        .log()
        .filter((r) => r.endpoint === "refreshToken")
        .map((r) => r.status),
    ).toEqual([200]);
    expect(findSecrets(api.logs.join("\n"), [API_KEY])).toEqual([]);
  });

  it("without it, the simulator refuses the password connect and the OAuth callback", async () => {
    const { apiKey } = await createTenant(bare.store, "Keyless");
    sims.hypersku.control.clearCounters();
    const res = await bare.as(apiKey).ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
    expect(res.connectHyperskuWithPassword.__typename).toBe("ProviderRejectedError");
    const oauth = await createTenant(bare.store, "Keyless OAuth");
    await expect(connectHyperskuOAuth(bare, oauth.apiKey)).rejects.toThrow(/callback answered/);
    const tokenCalls = sims.hypersku.control.log().filter((r) => ["getToken", "accessToken", "refreshToken"].includes(r.endpoint));
    expect(tokenCalls.map((r) => `${r.endpoint} ${r.status}`)).toEqual(["getToken 401", "accessToken 401"]);
    const { viewer } = await bare.as(oauth.apiKey).Viewer();
    expect(viewer.hypersku.state).not.toBe("CONNECTED");
  });
});
