import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, connectedTenant, startApi, useStack } from "../support/stack.js";

/**
 * Error hygiene (src/http/mask-errors.ts, src/http/unsupported-media-type.ts): no part of a
 * request body comes back in an error, in development or production mode; every 4xx is a JSON
 * GraphQL error with a code; client errors are never logged at error level. /graphql and the
 * federation subgraph behave the same.
 */

const SUBGRAPH_SECRET = "subgraph-secret-for-hygiene-test";
/** Looks like a credential someone pasted into a request by mistake. */
const MARKER = "sk_live_MARKER_9f8e7d6c5b4a";

const stack = useStack({ env: { SUBGRAPH_SECRET } });
let production: Api;
let apiKey: string;

beforeAll(async () => {
  ({ apiKey } = await connectedTenant(stack.api, "Hygiene", 0, { supership: false }));
  production = await startApi({ urls: stack.sims.urls, store: stack.api.store, env: { NODE_ENV: "production", SUBGRAPH_SECRET } });
});
afterAll(() => production?.close());

type Body = { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown };

/** POSTs `body` as is to /graphql or the subgraph of `api`. */
async function send(api: Api, route: "/graphql" | "/subgraph", body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}`, "x-subgraph-secret": SUBGRAPH_SECRET, ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, json: (text ? JSON.parse(text) : {}) as Body };
}

const ERROR = 50;
const errorLines = (api: Api) => api.logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= ERROR);

describe.each([
  ["/graphql", "development"],
  ["/subgraph", "development"],
  ["/graphql", "production"],
  ["/subgraph", "production"],
] as const)("%s (%s mode)", (route, mode) => {
  const api = () => (mode === "production" ? production : stack.api);

  it("invalid JSON: 400 BAD_REQUEST, and nothing of the body in the answer or the logs", async () => {
    const logsBefore = api().logs.length;
    const r = await send(api(), route, `{"query": "{ viewer { tenant { id } } }", "variables": {"password": "${MARKER}"`);
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/json/);
    expect(r.json.errors).toEqual([{ message: "POST body sent invalid JSON.", extensions: { code: "BAD_REQUEST" } }]);
    expect(r.text).not.toContain("MARKER");
    expect(api().logs.slice(logsBefore).join("\n")).not.toContain("MARKER");
  });

  it("an unsupported content type: 415 with a JSON error UNSUPPORTED_MEDIA_TYPE", async () => {
    const r = await send(api(), route, `<query>${MARKER}</query>`, { "content-type": "application/xml", "x-graphql-yoga-csrf": "1" });
    expect(r.status).toBe(415);
    expect(r.type).toMatch(/json/);
    expect(r.json.errors).toEqual([{ message: expect.any(String), extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } }]);
    expect(r.text).not.toContain("MARKER");
  });

  it("no query: 400 with a code, also when the client accepts only application/json", async () => {
    for (const accept of ["application/json", "application/graphql-response+json", "*/*"]) {
      const r = await send(api(), route, JSON.stringify({ variables: { token: MARKER } }), { accept });
      expect(r.status, accept).toBe(400);
      // /graphql also takes a persisted document's id (PERSISTED_DOCUMENTS=allow, the default); the subgraph does not.
      const message = route === "/graphql" ? "Must provide a query string or a documentId." : "Must provide query string.";
      expect(r.json.errors).toEqual([{ message, extensions: { code: "BAD_REQUEST" } }]);
    }
  });

  it("a variable of the wrong type: its value is not echoed", async () => {
    const query = "query ($first: Int) { products(first: $first) { totalCount } }";
    const r = await send(api(), route, JSON.stringify({ query, variables: { first: MARKER } }));
    expect(r.json.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(r.json.errors?.[0]?.message).toBe('Variable "$first" got an invalid value for its type.');
    expect(r.text).not.toContain("MARKER");
  });
});

describe("other methods", () => {
  it.each([
    ["PUT", "/graphql"],
    ["DELETE", "/graphql"],
    ["GET", "/subgraph"],
    ["PUT", "/subgraph"],
  ])("%s %s: 405 with Allow and a JSON error with a code", async (method, route) => {
    const res = await fetch(`${stack.api.url}${route}`, { method, headers: { "content-type": "application/json", "x-subgraph-secret": SUBGRAPH_SECRET } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toMatch(/POST/);
    const body = (await res.json()) as Body;
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: expect.any(String) } }]);
  });
});

describe("invalid global ids", () => {
  it.each([
    ["not base64 at all", `%%${MARKER}`],
    ["base64 of no type", Buffer.from(MARKER).toString("base64")],
  ])("%s: BAD_USER_INPUT at its path, the id not echoed", async (_what, id) => {
    const r = await send(stack.api, "/graphql", JSON.stringify({ query: `{ node(id: "${id}") { id } }` }));
    expect(r.status).toBe(200);
    expect(r.json.errors).toEqual([
      { message: expect.stringMatching(/^Invalid global ID/), locations: expect.any(Array), path: ["node"], extensions: { code: "BAD_USER_INPUT" } },
    ]);
    expect(r.text).not.toContain("MARKER");
  });
});

/** Malformed requests of every kind a fuzzer sends: broken documents, wrong shapes, wrong types. */
function malformed(): { body: string; headers?: Record<string, string> }[] {
  const docs = [
    "{",
    "}",
    "query {",
    "{ viewer { ",
    "{ nope }",
    "{ viewer { nope } }",
    "{ orders(first: -1) { edges { cursor } } }",
    '{ orders(first: "x") { totalCount } }',
    `{ orders(first: "${MARKER}") { totalCount } }`,
    `{ products(first: 5, after: "${MARKER}") { totalCount } }`,
    `{ viewer { tenant { id } } } # ${MARKER}`,
    `{ ${MARKER}: viewer { tenant { id } } }`,
    "{ orders(first: 5) }",
    "query Q { __typename } query Q { __typename }",
    "fragment F on Order { orderId }",
    "{ ...F }",
    "{ node(id: 5) { id } }",
    '{ node(id: "") { id } }',
    `{ node(id: "${MARKER}") { id } }`,
    '{ product(productId: "") { title } }',
    '{ order(orderId: "1", storeOrderId: "2") { orderId } }',
    "mutation { nope }",
    "subscription { nope }",
    "{ __type(name: 5) { name } }",
    "{ viewer @nope { tenant { id } } }",
    "{ viewer { tenant { id(x: 1) } } }",
    "query ($a: Int!) { __typename }",
    "query ($a: Nope) { __typename }",
    `{ "${MARKER}" }`,
    "{ a: __typename a: viewer { tenant { id } } }",
    "{ __typename @skip }",
    "query { ... on Mutation { __typename } }",
    "\u0000",
    "#".repeat(100),
  ];
  return [
    ...docs.map((query) => ({ body: JSON.stringify({ query }) })),
    { body: JSON.stringify({ query: "query ($a: Int!) { __typename }", variables: { a: MARKER } }) },
    { body: JSON.stringify({ query: "{ __typename }", variables: [MARKER] }) },
    { body: JSON.stringify({ query: "{ __typename }", variables: MARKER }) },
    { body: JSON.stringify({ query: "{ __typename }", extensions: MARKER }) },
    { body: JSON.stringify({ query: "{ __typename }", operationName: 5 }) },
    { body: JSON.stringify({ query: "{ __typename }", [MARKER]: 1 }) },
    { body: JSON.stringify({ query: 5 }) },
    { body: JSON.stringify({ query: null }) },
    { body: JSON.stringify({ query: ["{ __typename }"] }) },
    { body: JSON.stringify([]) },
    { body: JSON.stringify(MARKER) },
    { body: "null" },
    { body: "5" },
    { body: "" },
    { body: `{"query": "${MARKER}` },
    { body: `{${MARKER}}` },
    { body: "\u0000\u0001" },
    { body: `query=${MARKER}`, headers: { "content-type": "text/plain" } },
    { body: MARKER, headers: { "content-type": "application/octet-stream", "x-graphql-yoga-csrf": "1" } },
    { body: "{ __typename }", headers: { "content-type": "application/graphql", "x-graphql-yoga-csrf": "1" } },
  ];
}

describe("a burst of malformed requests", () => {
  it("~50 of them: each a 4xx or 200 JSON GraphQL error with a code, the marker never echoed, zero error-level log lines", async () => {
    const requests = malformed();
    expect(requests.length).toBeGreaterThanOrEqual(50);
    for (const api of [stack.api, production]) {
      api.logs.length = 0;
      for (const route of ["/graphql", "/subgraph"] as const) {
        for (const { body, headers } of requests) {
          const r = await send(api, route, body, headers);
          const where = `${route} ${body.slice(0, 60)}`;
          expect(r.status, where).toBeLessThan(500);
          if (r.status === 200 && !r.json.errors) continue; // a document that is valid after all (an alias is answered as sent)
          expect(JSON.stringify(r.json.errors), where).not.toContain("MARKER");
          expect(r.type, where).toMatch(/json/);
          expect(r.json.errors?.length, where).toBeGreaterThan(0);
          for (const e of r.json.errors ?? []) expect(e.extensions?.code, `${where}: ${e.message}`).toEqual(expect.any(String));
          expect(
            r.json.errors?.map((e) => e.extensions?.code),
            where,
          ).not.toContain("INTERNAL_SERVER_ERROR");
        }
      }
      expect(errorLines(api)).toEqual([]);
      expect(api.logs.join("\n")).not.toContain('"stack"');
    }
  });
});
