import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, connectedTenant, startApi, useStack } from "../support/stack.js";

/**
 * Response headers (src/http/secure-headers.ts, docs/decisions/025-csp.md) on what a browser can
 * load from us: the GraphiQL page, the OAuth pages, /graphql answers and every 401.
 */

const SUBGRAPH_SECRET = "subgraph-secret-for-headers-test";
const stack = useStack({ env: { SUBGRAPH_SECRET, METRICS: "token", METRICS_TOKEN: "metrics-token-for-headers" } });

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: Response): Record<string, string[]> {
  const header = res.headers.get("content-security-policy") ?? "";
  return Object.fromEntries(
    header
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
}

/** Headers every answer carries, whatever it is. */
function expectBaseline(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(csp(res)["frame-ancestors"]).toEqual(["'none'"]);
  expect(csp(res)["default-src"]).toEqual(["'none'"]);
  // PUBLIC_URL is the loopback http URL here: no HSTS.
  expect(res.headers.get("strict-transport-security")).toBeNull();
}

describe("security headers", () => {
  it("POST /graphql: nosniff, DENY, no-referrer and a CSP that allows nothing", async () => {
    const { apiKey } = await connectedTenant(stack.api, "Headers", 0, { supership: false });
    const res = await fetch(`${stack.api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query: "{ viewer { tenant { id } } }" }),
    });
    expect(res.status).toBe(200);
    expectBaseline(res);
    expect(Object.keys(csp(res)).sort()).toEqual(["base-uri", "default-src", "form-action", "frame-ancestors"]);
  });

  it("GraphiQL: its inline script runs by a fresh nonce, never 'unsafe-inline' for scripts", async () => {
    const page = async () => {
      const res = await fetch(`${stack.api.url}/graphql`, { headers: { accept: "text/html" } });
      expect(res.status).toBe(200);
      expectBaseline(res);
      return { policy: csp(res), html: await res.text() };
    };
    const first = await page();
    const scriptSrc = first.policy["script-src"]!;
    expect(scriptSrc).toEqual([expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{16,}'$/)]);
    const nonce = scriptSrc[0]!.slice("'nonce-".length, -1);
    // Every <script> tag of the page (there is one) carries it.
    expect(first.html.match(/<script\b[^>]*>\s*function prepareBlob/g)).toEqual([`<script nonce="${nonce}">\n        function prepareBlob`]);
    // The one "<script" inside the bundle (React's "<script><\/script>" string) is left as it was.
    expect(first.html).toContain('"<script><\\/script>"');
    expect(scriptSrc.join(" ")).not.toContain("unsafe-inline");
    expect(first.policy["worker-src"]).toEqual(["blob:"]);
    expect(first.policy["connect-src"]).toEqual(["'self'"]);
    // A nonce is per response.
    const second = await page();
    expect(second.policy["script-src"]).not.toEqual(scriptSrc);
  });

  it("the OAuth pages allow their one inline style by hash and nothing else; their 401 says Bearer", async () => {
    const res = await fetch(`${stack.api.url}/auth/hypersku/start?link=not-a-link`);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    expectBaseline(res);
    const html = await res.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp(res)["style-src"]).toEqual([`'sha256-${createHash("sha256").update(style).digest("base64")}'`]);
    expect(csp(res)["script-src"]).toBeUndefined();
  });

  it.each([
    ["/graphql with a wrong API key", "/graphql", { "content-type": "application/json", authorization: "Bearer fg_wrong_key" }],
    ["/subgraph without its secret", "/subgraph", { "content-type": "application/json" }],
    ["/metrics without its token", "/metrics", {}],
  ])("%s: 401 with WWW-Authenticate: Bearer and the headers", async (_what, path, headers) => {
    const res = await fetch(`${stack.api.url}${path}`, {
      method: path === "/metrics" ? "GET" : "POST",
      headers,
      ...(path === "/metrics" ? {} : { body: JSON.stringify({ query: "{ __typename }" }) }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    expectBaseline(res);
  });
});

describe("HSTS", () => {
  let https: Api;
  beforeAll(async () => {
    https = await startApi({ urls: stack.sims.urls, env: { PUBLIC_URL: "https://graph.example.com" } });
  });
  afterAll(() => https.close());

  it("is sent when PUBLIC_URL is https", async () => {
    const res = await fetch(`${https.url}/healthz`);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });
});
