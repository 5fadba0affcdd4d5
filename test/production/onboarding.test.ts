import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUPERSHIP_DEMO } from "../../simulators/supership/index.js";
import { type Api, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";
import { SUPERSHIP_PARTNER_ENV } from "../support/supership-inputs.js";

/**
 * What a new user meets first: a request with no credentials is UNAUTHENTICATED (there is no
 * tenant to connect); a tenant that has not connected a provider is told how to connect it;
 * partner login answers only where it is switched on.
 */

let sims: Simulators;
let api: Api;
let noPartner: Api;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls });
  noPartner = await startApi({
    urls: sims.urls,
    env: { ...SUPERSHIP_PARTNER_ENV, SUPERSHIP_PARTNER_LOGIN: "false" },
  });
});
afterAll(async () => {
  await Promise.all([api?.close(), noPartner?.close()]);
  await sims?.close();
});

type Answer = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
async function gql(target: Api, headers: Record<string, string>, query: string): Promise<Answer> {
  const res = await fetch(`${target.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
  return (await res.json()) as Answer;
}

describe("a request without credentials", () => {
  it("to a field that needs a tenant is UNAUTHENTICATED, not 'not connected'", async () => {
    for (const query of ["{ countries { code } }", "{ warehouses { id } }", "{ orders(first: 1) { totalCount } }"]) {
      const { errors } = await gql(api, {}, query);
      expect(errors?.[0]?.extensions?.code, query).toBe("UNAUTHENTICATED");
      expect(errors?.[0]?.message).toMatch(/needs an API key \(Authorization: Bearer <key>\)/);
      expect(errors?.[0]?.message).not.toMatch(/not connected/);
    }
  });

  it("still reads what needs no connection (SuperShip's areas)", async () => {
    const { data, errors } = await gql(api, {}, "{ provinces { code } }");
    expect(errors).toBeUndefined();
    expect((data?.provinces as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it("with pass-through headers where they are off: says so", async () => {
    const strict = await startApi({ urls: sims.urls, env: { ALLOW_PASSTHROUGH_TOKENS: "false" } });
    try {
      const { errors } = await gql(strict, { "x-hypersku-token": "a-token" }, "{ countries { code } }");
      expect(errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(errors?.[0]?.message).toMatch(/ALLOW_PASSTHROUGH_TOKENS/);
    } finally {
      await strict.close();
    }
  });
});

describe("'not connected' says how to connect", () => {
  it("for a tenant: names the mutation or the connect link", async () => {
    const { apiKey } = await createTenant(api.store, "Fresh");
    const auth = { authorization: `Bearer ${apiKey}` };
    const hypersku = await gql(api, auth, "{ countries { code } }");
    expect(hypersku.errors?.[0]?.extensions?.code).toBe("PROVIDER_NOT_CONNECTED");
    expect(hypersku.errors?.[0]?.message).toMatch(/hyperskuConnectUrl/);
    expect(hypersku.errors?.[0]?.message).toMatch(/connectHyperskuWithPassword/);
    const supership = await gql(api, auth, "{ warehouses { id } }");
    expect(supership.errors?.[0]?.extensions?.code).toBe("PROVIDER_NOT_CONNECTED");
    expect(supership.errors?.[0]?.message).toMatch(/connectSupershipWithToken/);
  });

  it("for a pass-through caller holding the other provider's token: names the header", async () => {
    const { errors } = await gql(api, { "x-supership-token": SUPERSHIP_DEMO.accounts[0].token }, "{ countries { code } }");
    expect(errors?.[0]?.extensions?.code).toBe("PROVIDER_NOT_CONNECTED");
    expect(errors?.[0]?.message).toMatch(/X-HyperSKU-Token/);
  });
});

describe("SUPERSHIP_PARTNER_LOGIN", () => {
  const connect = `mutation { connectSupershipWithPartnerLogin(email: "${SUPERSHIP_DEMO.accounts[0].email}", password: "${SUPERSHIP_DEMO.accounts[0].password}") {
    __typename ... on Error { message } ... on MutationConnectSupershipWithPartnerLoginSuccess { data { state } } } }`;

  it("off: the mutation is a typed refusal naming the switch, and no provider call is made", async () => {
    const { apiKey } = await createTenant(noPartner.store, "No partner");
    const before = sims.supership.control.counts().total;
    const { data } = await gql(noPartner, { authorization: `Bearer ${apiKey}` }, connect);
    expect(data?.connectSupershipWithPartnerLogin).toMatchObject({ __typename: "NotAllowedInCurrentStateError", message: expect.stringMatching(/SUPERSHIP_PARTNER_LOGIN/) });
    expect(sims.supership.control.counts().total).toBe(before);
  });

  it("on (the default outside production): connects", async () => {
    const on = await startApi({
      urls: sims.urls,
      env: SUPERSHIP_PARTNER_ENV,
    });
    try {
      const { apiKey } = await createTenant(on.store, "Partner");
      const { data } = await gql(on, { authorization: `Bearer ${apiKey}` }, connect);
      expect(data?.connectSupershipWithPartnerLogin).toMatchObject({ data: { state: "CONNECTED" } });
    } finally {
      await on.close();
    }
  });
});
