import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphiQLOptions } from "graphql-yoga";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HYPERSKU_DEMO } from "../../simulators/hypersku/index.js";
import { SUPERSHIP_DEMO, shippedStoreOrderIds } from "../../simulators/supership/index.js";
import { loadConfig } from "../../src/config.js";
import { ensureDemoTenant } from "../../src/demo/tenant.js";
import { readDashboardQuery } from "../../src/http/graphiql.js";
import { createGraphQLServer } from "../../src/http/yoga.js";
import { type Api, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Server hardening (docs/decisions/006-hardening.md): graphql-armor limits, introspection,
 * CSRF prevention, CORS and GraphiQL. Abusive documents and browser-style requests cannot be
 * SDK operations, so those go over raw HTTP; the ordinary traffic goes through the SDK.
 */

let sims: Simulators;
let api: Api; // defaults, one allowed CORS origin, the demo tenant
let locked: Api; // introspection and GraphiQL off, CORS open to any origin
let production: Api; // NODE_ENV=production and nothing else set
let demoKey: string;
const shipped = new Set(shippedStoreOrderIds(SUPERSHIP_DEMO.accounts[0].shopCode));
const dataDir = mkdtempSync(join(tmpdir(), "fg-hardening-"));
const DASHBOARD_ORIGIN = "https://dash.example.com";

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { CORS_ORIGINS: DASHBOARD_ORIGIN, DATA_DIR: dataDir } });
  locked = await startApi({ urls: sims.urls, env: { GRAPHQL_INTROSPECTION: "false", GRAPHIQL: "false", CORS_ORIGINS: "*" } });
  production = await startApi({ urls: sims.urls, env: { NODE_ENV: "production" } });
  // The same tenant `npm start` creates: connected to both simulators as the demo accounts.
  demoKey = await ensureDemoTenant(api.deps);
});
afterAll(async () => {
  await Promise.all([api?.close(), locked?.close(), production?.close()]);
  await sims?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type GraphQLAnswer = { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
const codes = (body: GraphQLAnswer) => (body.errors ?? []).map((e) => e.extensions?.code);

/** A POST as any GraphQL client sends it, for documents that have no place in the SDK; as the demo tenant on `api`. */
async function post(target: Api, query: string, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = target === api ? { authorization: `Bearer ${demoKey}` } : {};
  const res = await fetch(`${target.url}/graphql`, {
    method: "POST",
    // As graphql-request and other GraphQL-over-HTTP clients ask: validation failures are then HTTP 400.
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...auth, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLAnswer };
}

const messages = (body: GraphQLAnswer) => (body.errors ?? []).map((e) => e.message).join("\n");
/** `skus { product { … } }` nested n times around a leaf selection: two levels of depth each. */
const nestSkus = (n: number, leaf: string): string => (n === 0 ? leaf : `skus { product { ${nestSkus(n - 1, leaf)} } }`);
const viewerAliases = (n: number) => Array.from({ length: n }, (_, i) => `v${i}: viewer { tenant { id } }`).join(" ");

describe("the Dashboard query", () => {
  it("returns 50 orders with items, SKUs, stock, products, shipments and deliveries for the demo tenant, through the SDK", async () => {
    const { orders } = await api.as(demoKey).Dashboard();
    expect(orders!.edges).toHaveLength(50);
    // The demo tenant is demo merchant 10001: its seeded orders, as the simulator holds them (520).
    const seeded = sims.hypersku.state.account(HYPERSKU_DEMO.accounts[0].accountId).orders;
    expect(orders!.totalCount).toBe(seeded.size);
    const nodes = orders!.edges.map((e) => e.node);
    const skus = nodes.flatMap((o) => o.items.map((i) => i.sku));
    // One SKU per seeded order item of the page.
    expect(skus).toHaveLength(nodes.reduce((n, o) => n + seeded.get(o.orderId)!.items.length, 0));
    const account = sims.hypersku.state.account(HYPERSKU_DEMO.accounts[0].accountId);
    // Every SKU carries its seeded product's title, and stock exactly where the seed stocks it.
    expect(skus.map((s) => s!.product.title)).toEqual(skus.map((s) => account.products.get(account.skus.get(s!.skuId)!.productId)!.title));
    expect(skus.map((s) => s!.inventory?.available ?? null)).toEqual(skus.map((s) => account.inventory.get(s!.skuId)?.availableQty ?? null));
    // Parcels and their tracking events as seeded on the HyperSKU side.
    expect(nodes.map((o) => o.shipments!.map((p) => p.events.length))).toEqual(nodes.map((o) => seeded.get(o.orderId)!.parcels.map((p) => p.events.length)));
    // A SuperShip delivery, in VND, for exactly the page's shipped orders: the 50 newest of 520, 2 in 5 shipped = 20.
    const delivered = nodes.filter((o) => o.delivery);
    expect(delivered.map((o) => o.storeOrderId)).toEqual(nodes.filter((o) => shipped.has(o.storeOrderId)).map((o) => o.storeOrderId));
    expect(delivered).toHaveLength(20);
    expect(delivered.every((o) => o.delivery!.fees.shipment.currency === "VND")).toBe(true);
  });

  it("stays within the default cost limit with the page size written inline (the cost rule ignores variables)", async () => {
    const inline = readDashboardQuery().replace("($first: Int = 50)", "").replace("orders(first: $first)", "orders(first: 50)");
    const { status, body } = await post(api, inline);
    expect(messages(body)).toBe("");
    expect(status).toBe(200);
  });
});

describe("graphql-armor limits", () => {
  it("depth: 12 levels pass, 13 are refused before anything runs", async () => {
    const ok = await post(api, `{ products(first: 1) { edges { node { ${nestSkus(4, "id")} } } } }`);
    expect(ok.body.errors).toBeUndefined();
    const deep = await post(api, `{ products(first: 1) { edges { node { ${nestSkus(4, "skus { id }")} } } } }`);
    expect(deep.status).toBe(400);
    expect(messages(deep.body)).toBe("Query depth limit of 12 exceeded, found 13.");
    expect(codes(deep.body)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(deep.body.data).toBeUndefined();
  });

  it("aliases: 15 pass, 16 are refused", async () => {
    const ok = await post(api, `{ ${viewerAliases(15)} }`);
    expect(ok.body.errors).toBeUndefined();
    const many = await post(api, `{ ${viewerAliases(16)} }`);
    expect(many.status).toBe(400);
    expect(messages(many.body)).toMatch(/Aliases limit of 15 exceeded, found 16/);
  });

  it("cost: a wide fan-out within the depth and alias limits is refused, naming the budget", async () => {
    sims.hypersku.control.clearCounters();
    const leaf = "id title images skus { skuId code weightGrams price { amount currency } attributes { name value } }";
    const res = await post(api, `{ products(first: 100) { edges { node { ${nestSkus(3, leaf)} } } } }`);
    expect(res.status).toBe(400);
    expect(messages(res.body)).toMatch(/Cost limit of 50000 exceeded, found \d+/);
    expect(sims.hypersku.control.counts().total).toBe(0);
  });

  it("tokens: a document over 5000 tokens is refused while parsing", async () => {
    const huge = await post(api, `{ viewer { tenant { ${"id ".repeat(5_000)} } } }`);
    expect(huge.status).toBe(400);
    expect(messages(huge.body)).toMatch(/Token limit of 5000 exceeded/);
    expect(codes(huge.body)).toEqual(["GRAPHQL_PARSE_FAILED"]);
  });

  it("directives: more than 50 are refused", async () => {
    const res = await post(api, `{ viewer { tenant { id ${"@include(if: true) ".repeat(51)} } } }`);
    expect(res.status).toBe(400);
    expect(messages(res.body)).toMatch(/Directives limit of 50 exceeded, found 51/);
  });

  it("each limit is a config variable", async () => {
    const env = { GRAPHQL_MAX_DEPTH: "3", GRAPHQL_MAX_ALIASES: "1", GRAPHQL_MAX_COST: "10", GRAPHQL_MAX_TOKENS: "20", GRAPHQL_MAX_DIRECTIVES: "1" };
    const strict = await startApi({ urls: sims.urls, env });
    try {
      // `{ viewer { tenant { id × n } } }`: depth 3, cost 2 + 1.5 × (2 + 1.5 × n), 8 + n tokens.
      const tenantIds = (n: number) => `{ viewer { tenant { ${"id ".repeat(n)} } } }`;
      expect(messages((await post(strict, tenantIds(2))).body)).toBe("");
      expect(messages((await post(strict, "{ viewer { tenant { id } hypersku { provider } } }")).body)).toBe("Query Cost limit of 10 exceeded, found 12.5.");
      expect(messages((await post(strict, "{ products(first: 1) { edges { node { id } } } }")).body)).toMatch(/depth limit of 3 exceeded, found 4/);
      expect(messages((await post(strict, `{ v: viewer { tenant { id } } }`)).body)).toBe("");
      expect(messages((await post(strict, `{ ${viewerAliases(2)} }`)).body)).toMatch(/Aliases limit of 1 exceeded, found 2/);
      expect(messages((await post(strict, "{ __typename @skip(if: false) __typename @include(if: true) }")).body)).toMatch(/Directives limit of 1 exceeded, found 2/);
      expect(messages((await post(strict, tenantIds(12))).body)).not.toMatch(/Token limit/);
      expect(messages((await post(strict, tenantIds(13))).body)).toMatch(/Token limit of 20 exceeded/);
    } finally {
      await strict.close();
    }
  });
});

describe("introspection and field suggestions", () => {
  it("answers introspection by default, and refuses __schema and __type when switched off (__typename still works)", async () => {
    expect((await post(api, "{ __schema { queryType { name } } }")).body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    const off = await post(locked, "{ __schema { queryType { name } } }");
    expect(off.status).toBe(400);
    expect(messages(off.body)).toMatch(/introspection has been disabled/);
    expect(messages((await post(locked, '{ __type(name: "Order") { name } }')).body)).toMatch(/introspection has been disabled/);
    expect((await post(locked, "{ __typename }")).body).toEqual({ data: { __typename: "Query" } });
  });

  it("production switches off introspection, GraphiQL and field suggestions unless set explicitly", async () => {
    expect(loadConfig({ NODE_ENV: "production" })).toMatchObject({ GRAPHIQL: false, GRAPHQL_INTROSPECTION: false });
    expect(loadConfig({ NODE_ENV: "production", GRAPHIQL: "true", GRAPHQL_INTROSPECTION: "true" })).toMatchObject({ GRAPHIQL: true, GRAPHQL_INTROSPECTION: true });
    expect(loadConfig({})).toMatchObject({ GRAPHIQL: true, GRAPHQL_INTROSPECTION: true });

    expect(messages((await post(api, "{ viewr { tenant { id } } }")).body)).toMatch(/Did you mean "viewer"\?/);
    const typo = messages((await post(production, "{ viewr { tenant { id } } }")).body);
    expect(typo).toMatch(/Cannot query field "viewr"/);
    expect(typo).not.toMatch(/viewer/);
    expect(messages((await post(production, "{ __schema { queryType { name } } }")).body)).toMatch(/introspection has been disabled/);
  });
});

describe("CSRF prevention", () => {
  const getQuery = (target: Api, headers: Record<string, string> = {}) =>
    fetch(`${target.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/json", ...headers } });

  it("refuses a browser-style simple GET without the x-graphql-yoga-csrf header", async () => {
    const res = await getQuery(api);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/CSRF/);
    const withHeader = await getQuery(api, { "x-graphql-yoga-csrf": "1" });
    expect(withHeader.status).toBe(200);
    expect(await withHeader.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("refuses a simple POST (text/plain, as an HTML form can send), while JSON POSTs, as the SDK sends them, work", async () => {
    const form = await fetch(`${api.url}/graphql`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(form.status).toBe(403);
    expect((await api.as(demoKey).Viewer()).viewer.tenant?.name).toBe("Demo Merchant");
  });
});

describe("CORS", () => {
  const preflight = (target: Api, origin: string) =>
    fetch(`${target.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });

  it("answers an allowed origin's preflight and requests with access-control-allow-origin", async () => {
    const pre = await preflight(api, DASHBOARD_ORIGIN);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(DASHBOARD_ORIGIN);
    expect(pre.headers.get("access-control-allow-headers")?.split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "x-hypersku-token", "x-supership-token", "x-graphql-yoga-csrf"]),
    );
    const res = await post(api, "{ __typename }", { origin: DASHBOARD_ORIGIN });
    expect(res.headers.get("access-control-allow-origin")).toBe(DASHBOARD_ORIGIN);
    expect(res.headers.get("vary")).toMatch(/origin/i);
  });

  it("gives another origin no access-control-allow-origin; `*` allows any", async () => {
    expect((await preflight(api, "https://evil.example.net")).headers.get("access-control-allow-origin")).toBeNull();
    expect((await post(api, "{ __typename }", { origin: "https://evil.example.net" })).headers.get("access-control-allow-origin")).toBeNull();
    expect((await post(production, "{ __typename }", { origin: DASHBOARD_ORIGIN })).headers.get("access-control-allow-origin")).toBeNull();
    expect((await post(locked, "{ __typename }", { origin: "https://anyone.example.org" })).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("rejects a CORS_ORIGINS entry that is not an origin", () => {
    expect(() => loadConfig({ CORS_ORIGINS: "https://dash.example.com/" })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: "https://a.example.com, http://localhost:3000" }).CORS_ORIGINS).toEqual(["https://a.example.com", "http://localhost:3000"]);
  });
});

describe("GraphiQL", () => {
  const page = (target: Api) => fetch(`${target.url}/graphql`, { headers: { accept: "text/html" } });
  /** The page as the app serves it with a key to pre-fill (what the demo entry passes); `graphiql` overrides config.GRAPHIQL. */
  const pageWithKey = async (target: Api, graphiql?: boolean) => {
    const yoga = createGraphQLServer(target.deps, { graphiqlApiKey: () => demoKey, graphiql });
    return (await yoga.fetch(new Request(`${target.url}/graphql`, { headers: { accept: "text/html" } }))).text();
  };
  /**
   * The options the page hands GraphiQL: the package embeds them as JSON in its inline script,
   * after 9 MB of GraphiQL itself, so assertions look at them (and at booleans), never at the page.
   */
  const optionsIn = (html: string): GraphiQLOptions => {
    const start = html.lastIndexOf("document.querySelector('#root'),");
    const end = html.indexOf("</script>", start);
    if (start < 0 || end < 0) throw new Error("no renderYogaGraphiQL(…) call in the page");
    const json = html.slice(start + "document.querySelector('#root'),".length, end).replace(/,\s*\);\s*$/, "");
    return JSON.parse(json) as GraphiQLOptions;
  };
  const demoHeaders = () => JSON.stringify({ Authorization: `Bearer ${demoKey}` }, null, 2);

  it("opens with the Dashboard query", async () => {
    const res = await page(api);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const { defaultQuery, title } = optionsIn(await res.text());
    expect(defaultQuery).toContain(readDashboardQuery());
    expect(defaultQuery).toContain("query Dashboard($first: Int = 50)");
    expect(title).toBe("Fulfillment Graph");
  });

  it("is served whole from our server: no script, stylesheet, font or icon from another host", async () => {
    const html = await (await page(api)).text();
    // The package inlines GraphiQL's scripts, styles, fonts and workers; Yoga's own page loads them from unpkg.
    const external = /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|@import\s+(?:url\()?["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\//gi;
    expect([...html.matchAll(external)].map((m) => html.slice(m.index, m.index + 80))).toEqual([]);
    expect(html.match(/unpkg\.com|jsdelivr|cdnjs/g)).toBeNull();
    expect(html.includes("YogaGraphiQL.renderYogaGraphiQL(")).toBe(true);
  });

  it("pre-fills the demo key in the headers tab, and never in production, even with GraphiQL switched on", async () => {
    expect(optionsIn(await pageWithKey(api)).headers).toBe(demoHeaders());
    const prod = await pageWithKey(production, true);
    expect(optionsIn(prod).defaultQuery).toContain("query Dashboard($first: Int = 50)");
    expect(optionsIn(prod).headers).toBeUndefined();
    expect(prod.includes(demoKey), "the demo key is in the production page").toBe(false);
    expect(prod.match(/Bearer fg_/g)).toBeNull();
    // No key to pre-fill (the production entry passes none): nothing pre-filled either.
    expect(optionsIn(await (await page(api)).text()).headers).toBeUndefined();
  });

  it("is absent when GRAPHIQL=false and in production by default", async () => {
    for (const target of [locked, production]) {
      const res = await page(target);
      expect(res.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
      expect(await res.text()).not.toContain("query Dashboard");
    }
  });
});
