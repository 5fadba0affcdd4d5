import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COUNTRIES } from "../../simulators/hypersku/countries.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { SUPERSHIP_PARTNER_ENV } from "../support/supership-inputs.js";

/** Every country the HyperSKU simulator serves (simulators/hypersku/countries.ts), sorted by code. */
const servedCountries = COUNTRIES.map((c) => c.code).sort();
const codes = (r: { countries?: ReadonlyArray<{ code: string }> | null }) => r.countries!.map((c) => c.code).sort();

/** Connecting and disconnecting providers through the GraphQL surface, and pass-through tokens. */

let sims: Simulators;
let api: Api;
const [merchant] = HYPERSKU_DEMO.accounts;
const [shop] = SUPERSHIP_DEMO.accounts;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({
    urls: sims.urls,
    env: SUPERSHIP_PARTNER_ENV,
  });
});
afterAll(async () => {
  await api.close();
  await sims.close();
});

const codeOf = (e: unknown) => (e as { response?: { errors?: Array<{ extensions?: { code?: string } }> } }).response?.errors?.[0]?.extensions?.code;

describe("provider connections", () => {
  it("connects HyperSKU with a password; a wrong password is a typed error and stores nothing", async () => {
    const { apiKey } = await createTenant(api.store, "Password");
    const sdk = api.as(apiKey);
    const bad = await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: "nope" });
    expect(bad.connectHyperskuWithPassword.__typename).toBe("ProviderRejectedError");
    expect((await sdk.Viewer()).viewer.hypersku.state).toBe("NOT_CONNECTED");

    const ok = await sdk.ConnectHyperskuWithPassword({ username: merchant.username, password: merchant.password });
    expect(ok.connectHyperskuWithPassword).toMatchObject({ __typename: "MutationConnectHyperskuWithPasswordSuccess", data: { state: "CONNECTED", method: "PASSWORD" } });
    expect(codes(await sdk.Countries())).toEqual(servedCountries);
  });

  it("connects SuperShip with a personal token, proven by a call; a bad token is rejected", async () => {
    const { apiKey } = await createTenant(api.store, "Token");
    const sdk = api.as(apiKey);
    const bad = await sdk.ConnectSupershipWithToken({ token: "not-a-real-token-000" });
    expect(bad.connectSupershipWithToken.__typename).toBe("ProviderCredentialsRejectedError");
    const ok = await sdk.ConnectSupershipWithToken({ token: shop.token });
    expect(ok.connectSupershipWithToken).toMatchObject({ data: { state: "CONNECTED", method: "PERSONAL_TOKEN" } });
  });

  it("connects SuperShip through the partner password grant", async () => {
    const { apiKey } = await createTenant(api.store, "Partner");
    const sdk = api.as(apiKey);
    const ok = await sdk.ConnectSupershipWithPartnerLogin({ email: shop.email, password: shop.password });
    expect(ok.connectSupershipWithPartnerLogin).toMatchObject({ data: { state: "CONNECTED", method: "PARTNER_LOGIN" } });
    const invalid = await sdk.ConnectSupershipWithPartnerLogin({ email: "not-an-email", password: "x" });
    expect(invalid.connectSupershipWithPartnerLogin).toMatchObject({ __typename: "InputValidationError", issues: [{ path: "email" }] });
  });

  it("disconnects a provider; disconnecting again says it is not connected", async () => {
    const { apiKey } = await createTenant(api.store, "Leaving");
    const sdk = api.as(apiKey);
    await sdk.ConnectSupershipWithToken({ token: shop.token });
    const gone = await sdk.DisconnectProvider({ provider: "SUPERSHIP" });
    expect(gone.disconnectProvider).toMatchObject({ data: { state: "NOT_CONNECTED" } });
    const again = await sdk.DisconnectProvider({ provider: "SUPERSHIP" });
    expect(again.disconnectProvider.__typename).toBe("ProviderNotConnectedError");
  });

  it("a field needing a provider the tenant has not connected answers PROVIDER_NOT_CONNECTED", async () => {
    const { apiKey } = await createTenant(api.store, "Empty");
    await expect(api.as(apiKey).Countries()).rejects.toSatisfy((e) => codeOf(e) === "PROVIDER_NOT_CONNECTED");
  });

  it("mutations need an API key; a bad or revoked key is a 401", async () => {
    await expect(api.sdk().DisconnectProvider({ provider: "HYPERSKU" })).rejects.toSatisfy((e) => codeOf(e) === "UNAUTHENTICATED");
    await expect(api.as("fg_notakey").Viewer()).rejects.toSatisfy((e) => codeOf(e) === "UNAUTHENTICATED");
    const { apiKey, tenantId } = await createTenant(api.store, "Revoked");
    await api.store.revokeTenant(tenantId);
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: "{ viewer { tenant { id } } }" }),
    });
    expect(res.status).toBe(401);
  });
});

describe("pass-through tokens", () => {
  it("a provider token in a header is used for the request without any tenant", async () => {
    const login = await fetch(`${sims.hypersku.url}/api/auth/admin/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: merchant.username, password: merchant.password }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const sdk = api.sdk({ "x-hypersku-token": data.token });
    expect(codes(await sdk.Countries())).toEqual(servedCountries);
    expect((await sdk.Viewer()).viewer).toMatchObject({ tenant: null, hypersku: { state: "PASSTHROUGH" } });
  });

  it("a rejected pass-through token is a typed error, not a crash", async () => {
    await expect(api.sdk({ "x-hypersku-token": "expired-or-bogus-token" }).Countries()).rejects.toSatisfy((e) => codeOf(e) === "REAUTHORIZATION_REQUIRED");
  });

  it("can be switched off", async () => {
    const strict = await startApi({ urls: sims.urls, env: { ALLOW_PASSTHROUGH_TOKENS: "false" } });
    try {
      await expect(strict.sdk({ "x-hypersku-token": "whatever-token" }).Countries()).rejects.toSatisfy((e) => codeOf(e) === "UNAUTHENTICATED");
    } finally {
      await strict.close();
    }
  });
});
