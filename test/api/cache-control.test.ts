import { describe, expect, it } from "vitest";
import { connectedTenant, useStack } from "../support/stack.js";

/**
 * Every answer says `Cache-Control: private, no-store` (src/http/cache-control.ts,
 * docs/decisions/029-cache-scope.md): GraphQL answers on /graphql (POST and GET) and the
 * subgraph, the GraphiQL and OAuth pages, the probes and /metrics, refusals included. All over
 * real HTTP, since the header-copy pitfall of @hono/node-server only shows there.
 */

const SUBGRAPH_SECRET = "subgraph-secret-for-cache-control";
const stack = useStack({ env: { SUBGRAPH_SECRET, METRICS: "on" } });

const POST_JSON = { "content-type": "application/json" };

async function expectNoStore(path: string, init: RequestInit = {}, status = 200): Promise<Response> {
  const res = await fetch(`${stack.api.url}${path}`, init);
  expect(res.status).toBe(status);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  return res;
}

describe("Cache-Control: private, no-store", () => {
  it("POST /graphql: a tenant's answer, and a refused key", async () => {
    const { apiKey, tenantId } = await connectedTenant(stack.api, "Cache A", 0, { supership: false });
    const body = JSON.stringify({ query: "{ viewer { tenant { id } } }" });
    const res = await expectNoStore("/graphql", { method: "POST", headers: { ...POST_JSON, authorization: `Bearer ${apiKey}` }, body });
    expect(((await res.json()) as { data: { viewer: { tenant: { id: string } } } }).data.viewer.tenant.id).toContain(tenantId);
    await expectNoStore("/graphql", { method: "POST", headers: { ...POST_JSON, authorization: "Bearer fg_wrong_key" }, body }, 401);
  });

  it("GET /graphql: a query answered as JSON, and the GraphiQL page", async () => {
    const { apiKey } = await connectedTenant(stack.api, "Cache B", 1, { supership: false });
    const query = encodeURIComponent("{ viewer { tenant { name } } }");
    const res = await expectNoStore(`/graphql?query=${query}`, {
      headers: { accept: "application/json", authorization: `Bearer ${apiKey}`, "x-graphql-yoga-csrf": "1" },
    });
    expect(await res.json()).toEqual({ data: { viewer: { tenant: { name: "Cache B" } } } });

    const page = await expectNoStore("/graphql", { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    // The page's own policy survived beside it (the nonce rewrite replaces the response).
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'nonce-/);
  });

  it("the subgraph: an answer for the router, and its refusals", async () => {
    const body = JSON.stringify({ query: "{ _service { sdl } }" });
    const res = await expectNoStore("/subgraph", { method: "POST", headers: { ...POST_JSON, "x-subgraph-secret": SUBGRAPH_SECRET }, body });
    expect(((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl).toContain("@cacheControl(scope: PRIVATE)");
    await expectNoStore("/subgraph", { method: "POST", headers: POST_JSON, body }, 401);
    await expectNoStore("/subgraph", { headers: { "x-subgraph-secret": SUBGRAPH_SECRET } }, 405);
  });

  it("the OAuth page, /readyz, /healthz, /metrics and a 404", async () => {
    const page = await expectNoStore("/auth/hypersku/start?link=not-a-link", {}, 401);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await (await expectNoStore("/readyz")).json()).toMatchObject({ status: "ready" });
    await expectNoStore("/healthz");
    expect(await (await expectNoStore("/metrics")).text()).toContain("fulfillment_http_requests_total");
    await expectNoStore("/no-such-path", {}, 404);
  });
});
