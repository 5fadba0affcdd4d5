import { readdirSync, readFileSync } from "node:fs";
import { type DefinitionNode, Kind, parse, print, visit } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Queries run compiled (graphql-jit, src/http/compiled-queries.ts, ADR 039): the same request to
 * an API with GRAPHQL_COMPILE_QUERIES on (the default) and to one with it off answers the same,
 * data and errors alike (paths, locations, codes), and /metrics says which engine ran.
 */

const DASHBOARD = readFileSync(new URL("../../packages/sdk/operations/dashboard.graphql", import.meta.url), "utf8");
const QUOTE_DOCUMENT = /* GraphQL */ `
  query Quote($input: DeliveryQuoteInput!) {
    deliveryQuote(input: $input) {
      service
      fee {
        amount
        currency
      }
    }
  }
`;
const ROUTE = { senderProvince: "Hồ Chí Minh", senderDistrict: "Quận 1", receiverProvince: "Hà Nội", receiverDistrict: "Ba Đình", weightGrams: 500 };

let sims: Simulators;
const apis: Record<"compiled" | "interpreted", { api: Api; key: string; tenantId: string }> = {} as never;

beforeAll(async () => {
  sims = await startSimulators();
  for (const [name, env] of [
    ["compiled", {}],
    ["interpreted", { GRAPHQL_COMPILE_QUERIES: "false" }],
  ] as const) {
    // No retries: a provider fault below fails its call once, the same on both.
    const api = await startApi({ urls: sims.urls, env: { ...env, PROVIDER_RETRIES: "0" } });
    const { apiKey, tenantId } = await connectedTenant(api, `Engine ${name}`);
    apis[name] = { api, key: apiKey, tenantId };
  }
});
afterAll(async () => {
  await Promise.all(Object.values(apis).map(({ api }) => api.close()));
  await sims.close();
});

async function post(name: keyof typeof apis, query: string, variables: Record<string, unknown> = {}) {
  const { api, key } = apis[name];
  const res = await fetch(`${api.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; path?: unknown[]; locations?: unknown[]; extensions?: { code?: string } }> },
  };
}
async function executions(name: keyof typeof apis): Promise<Record<string, number>> {
  const text = await (await fetch(`${apis[name].api.url}/metrics`)).text();
  return Object.fromEntries([...text.matchAll(/^fulfillment_graphql_executions_total\{engine="([^"]+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
}
/** What the request added to each engine's count on that API. */
async function counted(name: keyof typeof apis, request: () => Promise<unknown>) {
  const before = await executions(name);
  await request();
  const after = await executions(name);
  return Object.fromEntries(
    Object.entries(after)
      .map(([engine, n]) => [engine, n - (before[engine] ?? 0)])
      .filter(([, n]) => n !== 0),
  );
}

/**
 * One request's answers from both APIs, the compiled one's after a first run of the same request
 * (a document's first run is interpreted), with the engines that answer ran on.
 */
async function both(query: string, variables?: Record<string, unknown>) {
  await post("compiled", query, variables);
  let compiled: Awaited<ReturnType<typeof post>> | undefined;
  const engines = await counted("compiled", async () => void (compiled = await post("compiled", query, variables)));
  return { compiled: compiled!, interpreted: await post("interpreted", query, variables), engines };
}

describe("compiled queries", () => {
  it("the Dashboard answers the same as on graphql-js, and runs compiled", async () => {
    // Its first run is interpreted (a one-off document is not worth compiling), the next ones compiled.
    expect(await counted("compiled", () => post("compiled", DASHBOARD, { first: 50 }))).toEqual({ "graphql-js": 1 });
    expect(await counted("compiled", () => post("compiled", DASHBOARD, { first: 50 }))).toEqual({ compiled: 1 });
    expect(await counted("interpreted", () => post("interpreted", DASHBOARD, { first: 50 }))).toEqual({ "graphql-js": 1 });
    const { compiled, interpreted, engines } = await both(DASHBOARD, { first: 50 });
    expect(engines).toEqual({ compiled: 1 });
    expect(compiled.body.errors).toBeUndefined();
    expect((compiled.body.data as { orders: { edges: unknown[] } }).orders.edges).toHaveLength(50);
    expect(compiled).toEqual(interpreted);
  });

  it("errors at fields carry the same message, path, locations and code", async () => {
    sims.supership.control.addFault({ endpoint: "orderInfo", kind: "http500", rate: 1 });
    try {
      const { compiled, interpreted, engines } = await both(DASHBOARD, { first: 20 });
      expect(engines).toEqual({ compiled: 1 });
      const errors = compiled.body.errors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.path).toEqual(["orders", "edges", expect.any(Number), "node", "delivery"]);
        expect(e.locations).toEqual([{ line: expect.any(Number), column: expect.any(Number) }]);
        expect(e.extensions?.code).toMatch(/^PROVIDER_/);
      }
      const byPath = (r: typeof compiled) => ({
        ...r,
        body: { ...r.body, errors: [...(r.body.errors ?? [])].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))) },
      });
      expect(byPath(compiled)).toEqual(byPath(interpreted));
    } finally {
      await fetch(`${sims.supership.url}/__sim/faults`, { method: "DELETE" });
    }
    // A typed error the resolver raises on purpose, located by it (a bad district).
    const { compiled, interpreted, engines } = await both(QUOTE_DOCUMENT, { input: { ...ROUTE, receiverDistrict: "Quận 99", value: 0 } });
    expect(engines).toEqual({ compiled: 1 });
    expect(compiled.body.errors?.[0]).toMatchObject({ path: ["deliveryQuote"], locations: [{ line: 3, column: 5 }], extensions: { code: "BAD_USER_INPUT" } });
    expect(compiled).toEqual(interpreted);
    expect(JSON.stringify(compiled.body)).toBe(JSON.stringify(interpreted.body));
  });

  it("variables graphql-jit refuses run on graphql-js: an omitted input field with a default, and bad input", async () => {
    // A document of this test's own (the parse cache would hand the earlier one back). With `value` given, it runs compiled from its second run.
    const QUOTE = QUOTE_DOCUMENT.replace("query Quote", "query QuoteDefaults");
    const given = () => post("compiled", QUOTE, { input: { ...ROUTE, value: 0 } });
    expect(await counted("compiled", async () => (await given(), await given()))).toEqual({ "graphql-js": 1, compiled: 1 });
    // `value: Int! = 0` omitted: graphql-js applies the default; graphql-jit 0.8.9 refuses it.
    expect(await counted("compiled", () => post("compiled", QUOTE, { input: ROUTE }))).toEqual({ "graphql-js": 1 });
    const { compiled, interpreted, engines } = await both(QUOTE, { input: ROUTE });
    expect(engines).toEqual({ "graphql-js": 1 });
    expect(compiled.body.errors).toBeUndefined();
    expect(compiled).toEqual(interpreted);
    // Bad input: graphql-js' own refusal, word for word.
    const bad = await both(QUOTE, { input: { ...ROUTE, weightGrams: "heavy" } });
    expect(bad.engines).toEqual({ "graphql-js": 1 });
    expect(bad.compiled.body.errors?.[0]?.message).toMatch(/^Variable "\$input" got an invalid value/);
    expect(bad.compiled).toEqual(bad.interpreted);
  });

  it("fragments, @skip/@include from variables, aliases and abstract types answer the same", async () => {
    const query = /* GraphQL */ `
      query Shapes($withItems: Boolean!, $skipTotal: Boolean!, $ids: [ID!]!) {
        first: orders(first: 3) {
          edges {
            node {
              ...OrderCard
              items @include(if: $withItems) {
                ... on OrderItem {
                  quantity
                  sku {
                    ...SkuBits @skip(if: $skipTotal)
                  }
                }
              }
            }
          }
        }
        again: orders(first: 2) {
          totalCount @skip(if: $skipTotal)
          edges {
            cursor
            node {
              __typename
              ...OrderCard @include(if: $withItems)
              ... @include(if: $skipTotal) {
                createdAt
                storeOrderId @skip(if: true)
              }
            }
          }
        }
        nodes(ids: $ids) {
          __typename
          id
          ... on Order {
            storeOrderId
          }
          ...SkuBits
        }
      }
      fragment OrderCard on Order {
        id
        status
        total @skip(if: $skipTotal) {
          amount
        }
      }
      fragment SkuBits on Sku {
        skuId
        price {
          amount
          currency
        }
      }
    `;
    const page = await post("interpreted", "{ orders(first: 2) { edges { node { id items { sku { id } } } } } }");
    const orders = (page.body.data as { orders: { edges: Array<{ node: { id: string; items: Array<{ sku: { id: string } | null }> } }> } }).orders.edges;
    const ids = [orders[0]!.node.id, orders[1]!.node.items[0]!.sku!.id];
    for (const [withItems, skipTotal] of [
      [true, false],
      [false, true],
      [true, true],
      [false, false],
    ]) {
      const { compiled, interpreted, engines } = await both(query, { withItems, skipTotal, ids });
      expect(engines).toEqual({ compiled: 1 });
      expect(compiled.body.data).toBeTruthy();
      expect(compiled).toEqual(interpreted);
      // Key order too: graphql-js writes `errors` first when there are any.
      expect(JSON.stringify(compiled.body)).toBe(JSON.stringify(interpreted.body));
    }
  });

  it("every query of the SDK answers the same on both engines", async () => {
    // Ids from the data itself: an order with a delivery, its SKU and product.
    type Node = {
      id: string;
      orderId: string;
      storeOrderId: string;
      delivery: { code: string } | null;
      items: Array<{ sku: { id: string; skuId: string; product: { productId: string } } | null }>;
    };
    const page = await post(
      "interpreted",
      "{ orders(first: 50) { edges { node { id orderId storeOrderId delivery { code } items { sku { id skuId product { productId } } } } } } }",
    );
    const orders = (page.body.data as { orders: { edges: Array<{ node: Node }> } }).orders.edges.map((e) => e.node);
    const order = orders.find((o) => o.delivery && o.items[0]?.sku)!;
    const sku = order.items[0]!.sku!;
    const shared: Record<string, unknown> = {
      first: 5,
      orderId: order.orderId,
      storeOrderId: order.storeOrderId,
      productId: sku.product.productId,
      id: order.id,
      ids: [order.id, sku.id],
      code: order.delivery!.code,
      countryCode: "US",
      quantity: 2,
      items: [{ skuId: sku.skuId, quantity: 1 }],
      live: false,
      input: { ...ROUTE, value: 100_000 },
    };
    const perOperation: Record<string, Record<string, unknown>> = { CatalogCountry: { code: "US" }, Isolation: { first: 3 } };
    // Each query with the fragments it spreads, from every operations file (fragments are shared across files).
    const definitions = ["packages/sdk/operations", "test/support/operations"].flatMap((dir) =>
      readdirSync(new URL(`../../${dir}/`, import.meta.url))
        .filter((f) => f.endsWith(".graphql"))
        .flatMap((f) => parse(readFileSync(new URL(`../../${dir}/${f}`, import.meta.url), "utf8")).definitions),
    );
    const fragments = new Map(definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
    const documentOf = (operation: DefinitionNode) => {
      const used = new Set<string>();
      const collect = (node: DefinitionNode) =>
        visit(node, {
          FragmentSpread: (spread) => {
            if (used.has(spread.name.value)) return;
            used.add(spread.name.value);
            collect(fragments.get(spread.name.value)!);
          },
        });
      collect(operation);
      return [operation, ...[...used].map((name) => fragments.get(name)!)].map((d) => print(d)).join("\n");
    };
    // Errors by path; each API's own tenant as one name; a label URL's one-time token differs each time it is asked.
    const sorted = (r: Awaited<ReturnType<typeof post>>, engine: keyof typeof apis) =>
      JSON.parse(
        JSON.stringify({
          ...r,
          body: { ...r.body, errors: r.body.errors && [...r.body.errors].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))) },
        })
          .replaceAll(apis[engine].tenantId, "<tenant>")
          .replace(/([?&]token=)[\w-]+/g, "$1…"),
      );
    const asked: string[] = [];
    for (const definition of definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== "query" || !definition.name) continue;
      const name = definition.name.value;
      // Every required variable given: a missing one would test only the fallback.
      const missing = (definition.variableDefinitions ?? []).filter(
        (v) => v.type.kind === Kind.NON_NULL_TYPE && (perOperation[name]?.[v.variable.name.value] ?? shared[v.variable.name.value]) === undefined,
      );
      expect({ name, missing: missing.map((v) => v.variable.name.value) }).toEqual({ name, missing: [] });
      const variables = Object.fromEntries(
        (definition.variableDefinitions ?? []).map((v) => [v.variable.name.value, perOperation[name]?.[v.variable.name.value] ?? shared[v.variable.name.value]]),
      );
      const { compiled, interpreted, engines } = await both(documentOf(definition), variables);
      expect({ name, engines }).toEqual({ name, engines: { compiled: 1 } });
      // The viewer is each API's own tenant, with its own links: the same fields, other values.
      if (name === "Viewer")
        expect({ name, errors: compiled.body.errors, status: compiled.status }).toEqual({ name, errors: interpreted.body.errors, status: interpreted.status });
      else expect({ name, ...sorted(compiled, "compiled") }).toEqual({ name, ...sorted(interpreted, "interpreted") });
      asked.push(name);
    }
    // Every file was read and its queries asked (39 when this was written).
    expect(asked.length).toBeGreaterThanOrEqual(39);
    expect(asked).toEqual(expect.arrayContaining(["Dashboard", "CatalogNodes", "OrderNode", "DeliveryQuote", "KnownDeliveries", "Isolation"]));
  });

  it("mutations run on graphql-js", async () => {
    const mutation = `mutation { rotateSupershipWebhookToken { __typename } }`;
    expect(await counted("compiled", () => post("compiled", mutation))).toEqual({ "graphql-js": 1 });
  });
});
