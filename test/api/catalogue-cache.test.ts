import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DashboardQuery } from "../../packages/sdk/src/generated.js";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { hyperskuEndpoints } from "../../src/providers/hypersku/endpoints.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The catalogue cache (src/loaders/catalogue-cache.ts, docs/decisions/036-catalogue-cache.md),
 * counted at the HyperSKU simulator: a warm Dashboard asks getPrivateProduct nothing; each
 * tenant, each HyperSKU account and each pass-through caller starts cold; TTL, bounds and
 * reconnects send the next read to HyperSKU again.
 */

const ON = { CATALOGUE_CACHE_TTL_MS: "60000" };
let sims: Simulators;
const apis: Api[] = [];
let offset = 0;
const now = () => Date.now() + offset;

const start = async (env: Record<string, string> = ON) => {
  const api = await startApi({ urls: sims.urls, env, now });
  apis.push(api);
  return api;
};

beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await sims.close();
});
beforeEach(() => {
  offset = 0;
  sims.hypersku.control.clearCounters();
});

const productCalls = () => sims.hypersku.control.counts().byEndpoint.getPrivateProduct ?? 0;
const products = (data: DashboardQuery) => new Set(data.orders!.edges.flatMap((e) => e.node.items.map((i) => i.sku!.product.id)));
const pages = (n: number) => Math.ceil(n / hyperskuEndpoints.getPrivateProduct.maxBatch);

/** Runs `fn` and returns how many getPrivateProduct calls it made. */
async function counted(fn: () => Promise<unknown>): Promise<number> {
  const before = productCalls();
  await fn();
  return productCalls() - before;
}

describe("the catalogue cache", () => {
  it("makes a warm Dashboard cost no getPrivateProduct call, a cold one ⌈n/50⌉", async () => {
    const api = await start();
    const { apiKey, tenantId } = await connectedTenant(api, "Warm");
    const sdk = api.as(apiKey);
    let cold: DashboardQuery | undefined;
    const coldCalls = await counted(async () => (cold = await sdk.Dashboard({ first: 50 })));
    const n = products(cold!).size;
    expect(pages(n)).toBeGreaterThan(1); // precondition: the misses really split into several calls
    expect(coldCalls).toBe(pages(n));
    let warm: DashboardQuery | undefined;
    expect(await counted(async () => (warm = await sdk.Dashboard({ first: 50 })))).toBe(0);
    expect(warm).toEqual(cold);
    expect(api.deps.catalogue!.stats().entries).toBe(n);

    // Part warm: only the misses are fetched, batched at 50.
    const kept = [...products(cold!)].slice(0, 3);
    api.deps.catalogue!.dropTenant(tenantId);
    expect(await counted(() => sdk.CatalogueNodes({ ids: kept }))).toBe(1);
    expect(await counted(() => sdk.Dashboard({ first: 50 }))).toBe(pages(n - kept.length));

    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/fulfillment_catalogue_cache_lookups_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/fulfillment_catalogue_cache_lookups_total\{result="miss"\} [1-9]/);
  });

  it("fills from the products listing, which is always asked, and serves product(productId)", async () => {
    const api = await start();
    const sdk = api.as((await connectedTenant(api, "Listing")).apiKey);
    const infoCalls = () => sims.hypersku.control.counts().byEndpoint.getProductInfo ?? 0;
    const listed = (await sdk.CatalogProducts({ first: 20 })).products!.edges.map((e) => e.node);
    expect(await counted(() => sdk.CatalogProducts({ first: 20 }))).toBe(1);
    expect(await counted(() => sdk.CatalogueNodes({ ids: listed.map((p) => p.id) }))).toBe(0);
    let before = infoCalls();
    expect((await sdk.CatalogProduct({ productId: listed[0]!.productId })).product?.title).toBe(listed[0]!.title);
    expect(infoCalls() - before).toBe(0);

    // A cold tenant: product(productId) asks getProductInfo once, then answers from the cache.
    const cold = api.as((await connectedTenant(api, "Lookup")).apiKey);
    before = infoCalls();
    await cold.CatalogProduct({ productId: listed[1]!.productId });
    await cold.CatalogProduct({ productId: listed[1]!.productId });
    expect(infoCalls() - before).toBe(1);
  });

  it("reads HyperSKU again once the TTL has passed", async () => {
    const api = await start();
    const sdk = api.as((await connectedTenant(api, "Ttl")).apiKey);
    const n = products(await sdk.Dashboard({ first: 50 })).size;
    offset = 59_000;
    expect(await counted(() => sdk.Dashboard({ first: 50 }))).toBe(0);
    offset = 60_001;
    expect(await counted(() => sdk.Dashboard({ first: 50 }))).toBe(pages(n));
  });

  it("never serves one tenant's entries to another, nor one HyperSKU account's to another", async () => {
    const api = await start();
    const a = api.as((await connectedTenant(api, "A")).apiKey);
    const sameAccount = api.as((await connectedTenant(api, "B same account")).apiKey);
    const other = await connectedTenant(api, "C other account", 1);
    const data = await a.Dashboard({ first: 50 });
    const ids = [...products(data)].slice(0, 100); // nodes(ids) takes at most 100
    expect(await counted(() => a.CatalogueNodes({ ids }))).toBe(0);
    // Another tenant on the same HyperSKU account: its own cold cache.
    expect(await counted(() => sameAccount.CatalogueNodes({ ids }))).toBe(pages(ids.length));
    // Another account: HyperSKU answers for it (none of these products is its own).
    const c = api.as(other.apiKey);
    let seen: Awaited<ReturnType<typeof c.CatalogueNodes>> | undefined;
    expect(await counted(async () => (seen = await c.CatalogueNodes({ ids: ids.slice(0, 5) }).catch(() => undefined)))).toBe(1);
    expect(seen?.nodes ?? []).not.toContainEqual(expect.objectContaining({ title: expect.any(String) }));
  });

  it("starts cold after the tenant reconnects HyperSKU, to another account or after a disconnect", async () => {
    const api = await start();
    const tenant = await connectedTenant(api, "Reconnect");
    const sdk = api.as(tenant.apiKey);
    const ids = [...products(await sdk.Dashboard({ first: 50 }))].slice(0, 5);
    expect(await counted(() => sdk.CatalogueNodes({ ids }))).toBe(0);

    const other = HYPERSKU_DEMO.accounts[1];
    await sdk.ConnectHyperskuWithPassword({ username: other.username, password: other.password });
    expect(api.deps.catalogue!.stats().entries).toBe(0);
    const asOther = await sdk.CatalogueNodes({ ids }).catch((e) => e);
    expect(JSON.stringify(asOther)).not.toMatch(/"title"/);

    await sdk.DisconnectProvider({ provider: "HYPERSKU" });
    await expect(sdk.CatalogueNodes({ ids })).rejects.toThrow(/not connected/i);
    const mine = HYPERSKU_DEMO.accounts[0];
    await sdk.ConnectHyperskuWithPassword({ username: mine.username, password: mine.password });
    expect(await counted(() => sdk.CatalogueNodes({ ids }))).toBe(1);
  });

  it("is bounded by entries and by bytes: past either, entries are evicted", async () => {
    const byEntries = await start({ ...ON, CATALOGUE_CACHE_MAX_ENTRIES: "20" });
    const e = byEntries.as((await connectedTenant(byEntries, "Entries")).apiKey);
    const n = products(await e.Dashboard({ first: 50 })).size;
    expect(byEntries.deps.catalogue!.stats().entries).toBe(20);
    expect(await counted(() => e.Dashboard({ first: 50 }))).toBe(pages(n - 20));

    const byBytes = await start({ ...ON, CATALOGUE_CACHE_MAX_BYTES: "20000" });
    const b = byBytes.as((await connectedTenant(byBytes, "Bytes")).apiKey);
    await b.Dashboard({ first: 50 });
    const { entries, bytes } = byBytes.deps.catalogue!.stats();
    expect(bytes).toBeLessThanOrEqual(20_000);
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBeLessThan(n);
  });

  it("does not cache pass-through callers", async () => {
    const api = await start();
    const merchant = HYPERSKU_DEMO.accounts[0];
    const login = await fetch(`${sims.hypersku.url}/api/auth/admin/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: merchant.username, password: merchant.password }),
    });
    const { data } = (await login.json()) as { data: { token: string } };
    const sdk = api.sdk({ "x-hypersku-token": data.token });
    const ids = [...products(await api.as((await connectedTenant(api, "Ids")).apiKey).Dashboard({ first: 50 }))].slice(0, 5);
    expect(await counted(() => sdk.CatalogueNodes({ ids }))).toBe(1);
    expect(await counted(() => sdk.CatalogueNodes({ ids }))).toBe(1);
  });

  it("with CATALOGUE_CACHE_TTL_MS=0 there is no cache: every Dashboard reads its products", async () => {
    const api = await start({ CATALOGUE_CACHE_TTL_MS: "0" });
    expect(api.deps.catalogue).toBeUndefined();
    const sdk = api.as((await connectedTenant(api, "Off")).apiKey);
    const n = products(await sdk.Dashboard({ first: 50 })).size;
    expect(await counted(() => sdk.Dashboard({ first: 50 }))).toBe(pages(n));
  });
});
