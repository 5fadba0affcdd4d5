import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { getOperationAST, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDashboardQuery } from "../../src/http/graphiql.js";
import { operationCost } from "../../src/http/input-limits.js";
import { createSchema } from "../../src/schema/index.js";
import { SUBGRAPH_HEADER, SUBGRAPH_SECRET } from "../federation/tenants.js";
import { US_ADDRESS } from "../support/order-inputs.js";
import { type Api, connectedTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * The input limits (docs/decisions/006-hardening.md, "Input limits"): list lengths and string
 * lengths of argument values, the cost with the variables' values, and the request body size.
 * Every refusal must come before any provider call: the simulators' counters prove it.
 */

let sims: Simulators;
let api: Api; // defaults, the subgraph on
let strict: Api; // GRAPHQL_MAX_COST=500 and small list, string and body limits
let apiKey: string;
let strictKey: string;

beforeAll(async () => {
  sims = await startSimulators();
  api = await startApi({ urls: sims.urls, env: { SUBGRAPH_SECRET } });
  strict = await startApi({ urls: sims.urls, env: { GRAPHQL_MAX_COST: "500", GRAPHQL_MAX_LIST: "5", GRAPHQL_MAX_STRING: "64", GRAPHQL_MAX_BODY_BYTES: "2000" } });
  apiKey = (await connectedTenant(api, "Limits")).apiKey;
  strictKey = (await connectedTenant(strict, "Strict")).apiKey;
});
afterAll(async () => {
  await Promise.all([api?.close(), strict?.close()]);
  await sims?.close();
});

type Answer = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** A POST as graphql-request sends it (so a request error is HTTP 400), as the tenant of `target`. */
async function post(target: Api, query: string, variables?: Record<string, unknown>, path = "/graphql", headers: Record<string, string> = {}) {
  const res = await fetch(`${target.url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      authorization: `Bearer ${target === api ? apiKey : strictKey}`,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

const messages = (body: Answer) => (body.errors ?? []).map((e) => e.message);
/** The answer's data, or a failure showing its errors. */
const dataOf = (body: Answer): Record<string, unknown> => {
  if (!body.data) throw new Error(`no data: ${messages(body).join("; ")}`);
  return body.data;
};
const codes = (body: Answer) => (body.errors ?? []).map((e) => e.extensions?.code);
const providerCalls = () => sims.hypersku.control.counts().total + sims.supership.control.counts().total;
const clearCalls = () => {
  sims.hypersku.control.clearCounters();
  sims.supership.control.clearCounters();
};

const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { orderId status } } }`;
/** Orders with their lines, SKUs, stock and parcels: about 194 per id. */
const WIDE = `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { orderId
  items { title quantity unitPrice { amount currency } sku { skuId price { amount currency } attributes { name value } product { id title } inventory { available reserved inTransit } } }
  shipments { carrier trackingNumber status events { occurredAt description location } } } } }`;

/** `n` real order node ids of the tenant, read through the API in pages of 50 (HyperSKU's largest). */
async function orderIds(n: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  while (ids.length < n) {
    const { body } = await post(api, "query ($first: Int!, $after: String) { orders(first: $first, after: $after) { edges { cursor node { id } } } }", {
      first: Math.min(50, n - ids.length),
      after,
    });
    const edges = (dataOf(body).orders as { edges: Array<{ cursor: string; node: { id: string } }> }).edges;
    if (edges.length === 0) throw new Error(`the tenant has only ${ids.length} orders`);
    ids.push(...edges.map((e) => e.node.id));
    after = edges.at(-1)!.cursor;
  }
  return ids;
}

describe("list arguments", () => {
  it("nodes with 101 ids, as a variable or written inline, is refused before any provider call; 100 are served", async () => {
    const ids = await orderIds(100);
    const tooMany = [...ids, ids[0]!];

    clearCalls();
    const asVariable = await post(api, NODES, { ids: tooMany });
    expect(asVariable.status).toBe(400);
    expect(messages(asVariable.body)).toEqual(['List limit of 100 exceeded by argument "ids" of Query.nodes, found 101.']);
    expect(codes(asVariable.body)).toEqual(["BAD_USER_INPUT"]);
    expect(asVariable.body.data).toBeUndefined();

    const inline = await post(api, `{ nodes(ids: ${JSON.stringify(tooMany)}) { id } }`);
    expect(inline.status).toBe(400);
    expect(messages(inline.body)).toEqual(['List limit of 100 exceeded by argument "ids" of Query.nodes, found 101.']);
    expect(providerCalls()).toBe(0);

    const served = await post(api, NODES, { ids });
    expect(served.body.errors).toBeUndefined();
    expect((dataOf(served.body).nodes as Array<{ id: string }>).map((n) => n.id)).toEqual(ids);
    expect(sims.hypersku.control.counts().byEndpoint.getOrderInfos).toBeGreaterThan(0);
  });

  it("a list inside an input object (createOrder items) over the limit is refused, naming its path", async () => {
    clearCalls();
    const input = {
      idempotencyKey: randomUUID(),
      storeOrderId: `WEB-${randomUUID().slice(0, 8)}`,
      shippingOptionId: "1",
      shippingAddress: US_ADDRESS,
      items: Array.from({ length: 101 }, (_, i) => ({ skuId: String(i + 1), quantity: 1 })),
    };
    const res = await post(api, "mutation ($input: CreateOrderInput!) { createOrder(input: $input) { __typename } }", { input });
    expect(res.status).toBe(400);
    expect(messages(res.body)).toEqual(['List limit of 100 exceeded by argument "input.items" of Mutation.createOrder, found 101.']);
    expect(res.body.data).toBeUndefined();
    expect(providerCalls()).toBe(0);
  });

  it("every list is checked: SuperShip label codes, and `_entities` representations on the subgraph", async () => {
    clearCalls();
    const codesList = Array.from({ length: 101 }, (_, i) => `X.${i}`);
    const labels = await post(api, "mutation ($c: [String!]!) { createShippingLabels(codes: $c, size: A5) { __typename } }", { c: codesList });
    expect(messages(labels.body)).toEqual(['List limit of 100 exceeded by argument "codes" of Mutation.createShippingLabels, found 101.']);
    const representations = Array.from({ length: 101 }, (_, i) => ({ __typename: "Delivery", code: `SGNS${i}` }));
    const entities = await post(api, "query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }", { r: representations }, "/subgraph", {
      [SUBGRAPH_HEADER]: SUBGRAPH_SECRET,
    });
    expect(entities.status).toBe(400);
    expect(messages(entities.body)).toEqual(['List limit of 100 exceeded by argument "representations" of Query._entities, found 101.']);
    expect(providerCalls()).toBe(0);
  });

  it("the maximum is GRAPHQL_MAX_LIST", async () => {
    clearCalls();
    const ids = Array.from({ length: 6 }, (_, i) => `id-${i}`);
    expect(messages((await post(strict, NODES, { ids })).body)).toEqual(['List limit of 5 exceeded by argument "ids" of Query.nodes, found 6.']);
    expect(providerCalls()).toBe(0);
  });
});

describe("string arguments", () => {
  it("a string longer than GRAPHQL_MAX_STRING characters is refused, in an argument or deep in an input object", async () => {
    clearCalls();
    const long = "x".repeat(10_001);
    const product = await post(api, "query ($p: String!) { product(productId: $p) { id } }", { p: long });
    expect(product.status).toBe(400);
    expect(messages(product.body)).toEqual(['String length limit of 10000 exceeded by argument "productId" of Query.product, found 10001.']);
    expect(codes(product.body)).toEqual(["BAD_USER_INPUT"]);
    const inline = await post(api, `{ product(productId: "${long}") { id } }`);
    expect(messages(inline.body)).toEqual(['String length limit of 10000 exceeded by argument "productId" of Query.product, found 10001.']);
    const input = {
      idempotencyKey: randomUUID(),
      storeOrderId: "WEB-1",
      shippingOptionId: "1",
      shippingAddress: US_ADDRESS,
      items: [
        { skuId: "1", quantity: 1 },
        { skuId: long, quantity: 1 },
      ],
    };
    const order = await post(api, "mutation ($input: CreateOrderInput!) { createOrder(input: $input) { __typename } }", { input });
    expect(messages(order.body)).toEqual(['String length limit of 10000 exceeded by argument "input.items[1].skuId" of Mutation.createOrder, found 10001.']);
    expect(providerCalls()).toBe(0);
  });

  it("counts characters, not UTF-16 units; the configured length itself passes", async () => {
    clearCalls();
    // 64 emoji are 128 UTF-16 units but 64 characters: within GRAPHQL_MAX_STRING=64.
    const at = await post(strict, "query ($p: String!) { product(productId: $p) { id } }", { p: "📦".repeat(64) });
    expect(messages(at.body).filter((m) => m.includes("limit of"))).toEqual([]);
    const over = await post(strict, "query ($p: String!) { product(productId: $p) { id } }", { p: "📦".repeat(65) });
    expect(messages(over.body)).toEqual(['String length limit of 64 exceeded by argument "productId" of Query.product, found 65.']);
  });
});

describe("cost with the variables' values", () => {
  const schema = createSchema();
  const cost = (query: string, variables: Record<string, unknown>) => {
    const document = parse(query);
    return operationCost(schema, document, getOperationAST(document)!, variables);
  };

  it("equals armor's estimate for the same values written inline, and scales with a list variable's length", () => {
    // ADR 006: the Dashboard costs 22 297.66 with orders(first: 50) inline; with the variable's default it now costs the same.
    expect(cost(readDashboardQuery(), { first: 50 })).toBe(22_297.65625);
    expect(cost(readDashboardQuery(), { first: 2 })).toBe(cost(readDashboardQuery(), { first: 1 }) * 2);
    const one = cost(NODES, { ids: ["a"] });
    expect(cost(NODES, { ids: Array(100).fill("a") })).toBe(one * 100);
  });

  it("a document under the cost limit with a small list variable is refused with a large one, before any provider call", async () => {
    const ids = await orderIds(20);
    // Armor alone (a variable counts as 1) lets WIDE through: it costs 194.09 with one id.
    expect(cost(WIDE, { ids: ids.slice(0, 1) })).toBeLessThan(500);
    const two = await post(strict, WIDE, { ids: ids.slice(0, 2) });
    expect(two.body.errors).toBeUndefined();
    expect(two.body.data?.nodes).toHaveLength(2);
    clearCalls();
    const three = await post(strict, WIDE, { ids: ids.slice(0, 3) });
    expect(three.status).toBe(400);
    expect(messages(three.body)).toEqual([`Query Cost limit of 500 exceeded, found ${cost(WIDE, { ids: ids.slice(0, 3) })}.`]);
    expect(codes(three.body)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    // Over GRAPHQL_MAX_LIST=5 as well: the list limit is what is reported.
    expect(messages((await post(strict, WIDE, { ids })).body)).toEqual(['List limit of 5 exceeded by argument "ids" of Query.nodes, found 20.']);
    expect(providerCalls()).toBe(0);
  });

  it("counts `first` given by a variable: the Dashboard's page size decides", async () => {
    const dashboard = readDashboardQuery();
    expect(cost(dashboard, { first: 1 })).toBeLessThan(500);
    expect(cost(dashboard, { first: 2 })).toBeGreaterThan(500);
    const one = await post(strict, dashboard, { first: 1 });
    expect(one.body.errors).toBeUndefined();
    expect((dataOf(one.body).orders as { edges: unknown[] }).edges).toHaveLength(1);
    clearCalls();
    const two = await post(strict, dashboard, { first: 2 });
    expect(messages(two.body)).toEqual([`Query Cost limit of 500 exceeded, found ${cost(dashboard, { first: 2 })}.`]);
    // No variable: its default (50) counts, as if written inline.
    expect(messages((await post(strict, dashboard)).body)).toEqual([`Query Cost limit of 500 exceeded, found ${cost(dashboard, { first: 50 })}.`]);
    expect(providerCalls()).toBe(0);
  });

  it("the Dashboard as the SDK sends it (page size 50 by variable) stays within the default limit", async () => {
    const { body } = await post(api, readDashboardQuery());
    expect(messages(body)).toEqual([]);
    expect((dataOf(body).orders as { edges: unknown[] }).edges).toHaveLength(50);
  });
});

describe("request body size", () => {
  /** `{ __typename }` padded, in an unused variable, to exactly `bytes` bytes of JSON. */
  const padded = (bytes: number) => {
    const empty = JSON.stringify({ query: "{ __typename }", variables: { pad: "" } });
    return JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(bytes - empty.length) } });
  };
  const send = async (target: Api, body: string, path = "/graphql", headers: Record<string, string> = {}) => {
    const res = await fetch(`${target.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Answer };
  };
  const TOO_LARGE = { errors: [{ message: "The request body is larger than 1048576 bytes.", extensions: { code: "REQUEST_TOO_LARGE" } }] };

  it("1 MB passes; 1 MB + 1 byte is a 413 with a JSON GraphQL error, on /graphql and the subgraph", async () => {
    expect(padded(1_048_576)).toHaveLength(1_048_576);
    const ok = await send(api, padded(1_048_576));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: { __typename: "Query" } });
    const over = await send(api, padded(1_048_577));
    expect(over.status).toBe(413);
    expect(over.type).toMatch(/^application\/json/);
    expect(over.body).toEqual(TOO_LARGE);
    // The refused body is drained, not left to stall: the next request (on the same keep-alive connection) is served.
    expect((await send(api, padded(100))).status).toBe(200);
    const subgraph = await send(api, padded(1_048_577), "/subgraph", { [SUBGRAPH_HEADER]: SUBGRAPH_SECRET });
    expect(subgraph.status).toBe(413);
    expect(subgraph.body).toEqual(TOO_LARGE);
    expect((await send(api, padded(100))).status).toBe(200);
    // Without the secret the answer is the 401, before the body matters.
    expect((await send(api, padded(1_048_577), "/subgraph")).status).toBe(401);
    expect((await send(api, padded(100))).status).toBe(200);
  });

  /** A chunked POST (no Content-Length) of `chunks`; resolves with the answer, whether or not the body was ended. */
  const chunked = (target: Api, chunks: string[], end: boolean) =>
    new Promise<{ status: number; body: Answer }>((resolve, reject) => {
      const req = httpRequest(`${target.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer });
        });
      });
      req.on("error", reject);
      for (const c of chunks) req.write(c);
      if (end) req.end();
    });

  it("a chunked body is read up to the limit only: refused without waiting for its end; a small one is served", async () => {
    const body = padded(1_048_577);
    const pieces = Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.slice(i * 65_536, (i + 1) * 65_536));
    // The request is never ended: an answer at all shows the server stopped reading at the limit.
    const over = await chunked(api, pieces, false);
    expect(over.status).toBe(413);
    expect(over.body).toEqual(TOO_LARGE);
    const small = await chunked(api, ['{"query":', '"{ __typename }"}'], true);
    expect(small).toEqual({ status: 200, body: { data: { __typename: "Query" } } });
  });

  it("the limit is GRAPHQL_MAX_BODY_BYTES", async () => {
    expect((await send(strict, padded(2000))).status).toBe(200);
    const over = await send(strict, padded(2001));
    expect(over.status).toBe(413);
    expect(over.body.errors?.[0]?.message).toBe("The request body is larger than 2000 bytes.");
  });
});
