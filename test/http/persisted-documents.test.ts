import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentIds } from "../../packages/sdk/src/generated.js";
import { createClient } from "../../packages/sdk/src/index.js";
import { readPersistedDocuments } from "../../src/http/persisted-documents.js";
import { createSchema } from "../../src/schema/index.js";
import { postSubgraph, SUBGRAPH_HEADER, SUBGRAPH_SECRET } from "../federation/tenants.js";
import { type Api, connectedTenant, createTenant, type Simulators, startApi, startSimulators } from "../support/stack.js";

/**
 * Trusted documents on /graphql (docs/decisions/033-trusted-documents.md), one server per
 * PERSISTED_DOCUMENTS mode over the same simulators: the SDK's `persisted: true` sends ids,
 * `allow` takes ids and text, `require` only ids, `off` no ids; /subgraph takes free documents.
 */

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> } };

let sims: Simulators;
const apis: Record<"allow" | "require" | "off", Api | undefined> = { allow: undefined, require: undefined, off: undefined };
const keys: Record<string, string> = {};

beforeAll(async () => {
  sims = await startSimulators();
  for (const mode of ["allow", "require", "off"] as const) {
    const api = await startApi({ urls: sims.urls, env: { PERSISTED_DOCUMENTS: mode, SUBGRAPH_SECRET } });
    apis[mode] = api;
    // Connecting sends the SDK's connect mutations as text: on the require server, by id.
    keys[mode] = mode === "require" ? await connectById(api) : (await connectedTenant(api, `Tenant ${mode}`)).apiKey;
  }
}, 60_000);
afterAll(async () => {
  for (const api of Object.values(apis)) await api?.close();
  await sims?.close();
});

function api(mode: keyof typeof apis): Api {
  const server = apis[mode];
  if (!server) throw new Error(`no ${mode} server`);
  return server;
}
const auth = (mode: keyof typeof apis) => ({ authorization: `Bearer ${keys[mode]}` });
const providerCalls = () => sims.hypersku.control.counts().total + sims.supership.control.counts().total;

async function connectById(server: Api): Promise<string> {
  const { apiKey } = await createTenant(server.store, "Tenant require");
  const sdk = createClient(`${server.url}/graphql`, { headers: { authorization: `Bearer ${apiKey}` }, persisted: true });
  const h = await sdk.ConnectHyperskuWithPassword({ username: "demo-merchant-1", password: "demo-password-1" });
  const s = await sdk.ConnectSupershipWithToken({ token: "ss_pat_demo_shop1_0000000000000000000000" });
  expect([h.connectHyperskuWithPassword.__typename, s.connectSupershipWithToken.__typename]).toEqual([
    "MutationConnectHyperskuWithPasswordSuccess",
    "MutationConnectSupershipWithTokenSuccess",
  ]);
  return apiKey;
}

async function post(mode: keyof typeof apis, body: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${api(mode).url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...auth(mode) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

/** The SDK with `persisted: true`, recording each request body it sends. */
function persistedClient(mode: keyof typeof apis) {
  const bodies: Array<Record<string, unknown>> = [];
  const sdk = createClient(`${api(mode).url}/graphql`, {
    headers: auth(mode),
    persisted: true,
    fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fetch(url, init);
    },
  });
  return { sdk, bodies };
}

describe("the manifest", () => {
  it("holds exactly the SDK's operations, each keyed by the sha256 of its text, each valid against the schema", () => {
    const documents = readPersistedDocuments();
    expect([...documents.keys()].sort()).toEqual(Object.values(documentIds).sort());
    const schema = createSchema();
    for (const [id, text] of documents) {
      expect(createHash("sha256").update(text).digest("hex")).toBe(id);
      expect(validate(schema, parse(text)), text.slice(0, 40)).toEqual([]);
    }
    // The package ships the same file the server reads.
    expect(readFileSync("packages/sdk/persisted-documents.json", "utf8")).toBe(readFileSync("src/http/persisted-documents.json", "utf8"));
  });
});

describe("PERSISTED_DOCUMENTS=allow (the default)", () => {
  it("answers a known documentId (the SDK sends no query text) exactly as the free query", async () => {
    const { sdk, bodies } = persistedClient("allow");
    const byId = await sdk.Dashboard({ first: 5 });
    expect(bodies).toEqual([{ documentId: documentIds.Dashboard, operationName: "Dashboard", variables: { first: 5 } }]);
    const byText = await api("allow").as(keys.allow!).Dashboard({ first: 5 });
    expect(byId).toEqual(byText);
    expect(byId.orders?.edges).toHaveLength(5);
  });

  it("refuses an unknown documentId with a typed error, before any provider call", async () => {
    const before = providerCalls();
    const res = await post("allow", { documentId: "0".repeat(64), variables: { first: 5 } });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["PERSISTED_DOCUMENT_NOT_FOUND"]);
    expect(res.body.data).toBeUndefined();
    expect(providerCalls()).toBe(before);
  });

  it("refuses a request with neither a query nor a documentId", async () => {
    const res = await post("allow", { variables: {} });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_REQUEST"]);
  });
});

describe("PERSISTED_DOCUMENTS=require", () => {
  it("refuses free query text with PERSISTED_DOCUMENT_REQUIRED, before any provider call", async () => {
    const before = providerCalls();
    const res = await post("require", { query: "{ countries { code } }" });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["PERSISTED_DOCUMENT_REQUIRED"]);
    expect(res.body.errors?.[0]?.message).toMatch(/documentId/);
    expect(providerCalls()).toBe(before);
    // The SDK without `persisted` sends text: refused the same way, as a ClientError.
    await expect(api("require").as(keys.require!).Countries()).rejects.toThrow(/trusted documents only/);
  });

  it("answers known ids, by POST body and by GET query string", async () => {
    const { sdk } = persistedClient("require");
    const { orders } = await sdk.Dashboard({ first: 3 });
    expect(orders?.edges).toHaveLength(3);
    const url = new URL(`${api("require").url}/graphql`);
    url.searchParams.set("documentId", documentIds.Countries);
    const res = await fetch(url, { headers: { ...auth("require"), "x-graphql-yoga-csrf": "1" } });
    const body = (await res.json()) as Answer["body"];
    expect(res.status).toBe(200);
    expect(body.data?.countries).toEqual(expect.arrayContaining([expect.objectContaining({ code: expect.any(String) })]));
  });

  it("leaves /subgraph alone: a router's free document is answered", async () => {
    const res = await postSubgraph(api("require"), { query: "{ _service { sdl } }" }, { [SUBGRAPH_HEADER]: SUBGRAPH_SECRET, ...auth("require") });
    expect(res.status).toBe(200);
    expect(res.body?.errors).toBeUndefined();
    expect(res.body?.data?._service).toEqual({ sdl: expect.stringContaining("type Order") });
  });
});

describe("PERSISTED_DOCUMENTS=off", () => {
  it("takes free text and refuses a documentId as an unexpected parameter", async () => {
    expect((await post("off", { query: "{ countries { code } }" })).status).toBe(200);
    const res = await post("off", { documentId: documentIds.Countries });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_REQUEST"]);
  });
});
