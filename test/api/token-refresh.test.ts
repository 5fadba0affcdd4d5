import { beforeEach, describe, expect, it } from "vitest";
import { COUNTRIES } from "../../simulators/hypersku/countries.js";
import { connectHyperskuOAuth, simCount } from "../support/oauth.js";
import { createTenant, useStack } from "../support/stack.js";

/** Every country the HyperSKU simulator serves (simulators/hypersku/countries.ts), sorted by code. */
const servedCountries = COUNTRIES.map((c) => c.code).sort();
const codes = (r: { countries?: ReadonlyArray<{ code: string }> | null }) => r.countries!.map((c) => c.code).sort();

/** Refresh ahead of expiry and on a rejected token: once per tenant however many requests ask. */

let clockOffset = 0;

const stack = useStack({ now: () => Date.now() + clockOffset });
beforeEach(() => {
  clockOffset = 0;
});

const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("token refresh", () => {
  it("50 concurrent requests with an expired token (our clock) make exactly one refresh call", async () => {
    const { apiKey, tenantId } = await createTenant(stack.api.store, "Expiring");
    await connectHyperskuOAuth(stack.api, apiKey);
    const before = await stack.api.store.getConnection(tenantId, "hypersku");
    clockOffset = before!.expiresAt! - Date.now() + 1_000; // past the stored expiry
    const refreshes = simCount(stack.sims, "hypersku", "refreshToken");

    const results = await Promise.all(Array.from({ length: 50 }, () => stack.api.as(apiKey).Countries()));

    for (const r of results) expect(codes(r)).toEqual(servedCountries);
    expect(simCount(stack.sims, "hypersku", "refreshToken") - refreshes).toBe(1);
    const after = await stack.api.store.getConnection(tenantId, "hypersku");
    expect(after!.accessToken).not.toBe(before!.accessToken);
    expect(after!.refreshToken).not.toBe(before!.refreshToken); // rotation stored
  });

  it("50 concurrent requests whose token the provider rejects (40101) make exactly one refresh call", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Revoked");
    await connectHyperskuOAuth(stack.api, apiKey);
    await post(`${stack.sims.hypersku.url}/__sim/hypersku/tokens/expire`, {});
    const refreshes = simCount(stack.sims, "hypersku", "refreshToken");

    const results = await Promise.all(Array.from({ length: 50 }, () => stack.api.as(apiKey).Countries()));

    for (const r of results) expect(codes(r)).toEqual(servedCountries);
    expect(simCount(stack.sims, "hypersku", "refreshToken") - refreshes).toBe(1);
  });

  it("a refresh the provider refuses marks the connection for re-authorization and answers a typed error", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Stale");
    await connectHyperskuOAuth(stack.api, apiKey);
    await post(`${stack.sims.hypersku.url}/__sim/hypersku/tokens/expire`, {});
    await post(`${stack.sims.hypersku.url}/__sim/clock`, { advanceMs: 31 * 24 * 3600_000 }); // refresh token expired too
    try {
      const error = await stack.api
        .as(apiKey)
        .Countries()
        .then(
          () => null,
          (e: { response?: { errors?: Array<{ extensions?: { code?: string } }> } }) => e.response?.errors?.[0],
        );
      expect(error?.extensions?.code).toBe("REAUTHORIZATION_REQUIRED");
      const { hypersku } = (await stack.api.as(apiKey).Viewer()).viewer;
      expect(hypersku.state).toBe("REAUTHORIZATION_REQUIRED");
      expect(hypersku.reauthorizationReason).toBe("REFRESH_REJECTED");
    } finally {
      await post(`${stack.sims.hypersku.url}/__sim/clock`, { advanceMs: -31 * 24 * 3600_000 });
    }
  });

  it("a transient failure during refresh leaves the connection usable", async () => {
    const { apiKey, tenantId } = await createTenant(stack.api.store, "Flaky");
    await connectHyperskuOAuth(stack.api, apiKey);
    await post(`${stack.sims.hypersku.url}/__sim/hypersku/tokens/expire`, {});
    stack.sims.hypersku.control.addFault({ endpoint: "refreshToken", kind: "http503", times: 1, retryAfterSeconds: 0 });
    await expect(stack.api.as(apiKey).Countries()).rejects.toThrow();
    expect((await stack.api.store.getConnection(tenantId, "hypersku"))!.status).toBe("connected");
    expect(codes(await stack.api.as(apiKey).Countries())).toEqual(servedCountries);
  });

  it("an unreadable refresh answer is asked for once more at once: the second answer is used", async () => {
    const { apiKey, tenantId } = await createTenant(stack.api.store, "Garbled once");
    await connectHyperskuOAuth(stack.api, apiKey);
    await post(`${stack.sims.hypersku.url}/__sim/hypersku/tokens/expire`, {});
    stack.sims.hypersku.control.addFault({ endpoint: "refreshToken", kind: "malformed", times: 1 });
    const refreshes = simCount(stack.sims, "hypersku", "refreshToken");

    expect(codes(await stack.api.as(apiKey).Countries())).toEqual(servedCountries);

    expect(simCount(stack.sims, "hypersku", "refreshToken") - refreshes).toBe(2);
    expect((await stack.api.store.getConnection(tenantId, "hypersku"))!.status).toBe("connected");
    const { hypersku } = (await stack.api.as(apiKey).Viewer()).viewer;
    expect(hypersku.state).toBe("CONNECTED");
    expect(hypersku.reauthorizationReason).toBeNull();
  });

  it("two unreadable refresh answers in a row mark the connection, and viewer.hypersku says why", async () => {
    const { apiKey } = await createTenant(stack.api.store, "Garbled twice");
    await connectHyperskuOAuth(stack.api, apiKey);
    await post(`${stack.sims.hypersku.url}/__sim/hypersku/tokens/expire`, {});
    stack.sims.hypersku.control.addFault({ endpoint: "refreshToken", kind: "malformed", times: 2 });
    const refreshes = simCount(stack.sims, "hypersku", "refreshToken");

    const error = await stack.api
      .as(apiKey)
      .Countries()
      .then(
        () => null,
        (e: { response?: { errors?: Array<{ extensions?: { code?: string; reason?: string } }> } }) => e.response?.errors?.[0],
      );

    expect(error?.extensions).toMatchObject({ code: "REAUTHORIZATION_REQUIRED", reason: "REFRESH_ANSWER_UNREADABLE" });
    expect(simCount(stack.sims, "hypersku", "refreshToken") - refreshes).toBe(2);
    const { hypersku } = (await stack.api.as(apiKey).Viewer()).viewer;
    expect(hypersku.state).toBe("REAUTHORIZATION_REQUIRED");
    expect(hypersku.reauthorizationReason).toBe("REFRESH_ANSWER_UNREADABLE");
    // Marked for good: later requests make no refresh call until the merchant connects again.
    await expect(stack.api.as(apiKey).Countries()).rejects.toThrow();
    expect(simCount(stack.sims, "hypersku", "refreshToken") - refreshes).toBe(2);
  });
});
