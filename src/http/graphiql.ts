import { readFileSync } from "node:fs";
import type { GraphiQLOptions } from "graphql-yoga";

/**
 * GraphiQL opens on the Dashboard query, the same operation the SDK and the tests run, so the
 * first thing a visitor sees is a query that works. It is read once at start from the file, whole:
 * a fragment the operation uses belongs in that file and comes along. The page itself is
 * @graphql-yoga/render-graphiql with everything inlined, so it works offline
 * (src/http/yoga.ts, docs/decisions/013-graphiql-offline.md; test/browser/graphiql.test.ts runs it
 * in Chromium). The API key is pre-filled only when the caller passes one: the demo entry does,
 * and src/http/yoga.ts drops it under NODE_ENV=production.
 *
 * CSRF prevention (src/http/yoga.ts) needs no help here: GraphiQL sends its requests as
 * POST with `content-type: application/json`, which the plugin lets through. The
 * `x-graphql-yoga-csrf` header is added anyway, so a GET (e.g. `useGETForQueries`) works too.
 */

const DASHBOARD_FILE = new URL("../sdk/operations/dashboard.graphql", import.meta.url);

// Short lines: they fit the editor of a laptop-sized window.
const INTRO = `# Fulfillment Graph: the merchant dashboard across both providers.
# Run with Ctrl-Enter or ▶. In demo mode the key is in Headers.
`;

/** The operation text without the file's leading comment (which is for developers). */
export function readDashboardQuery(file: URL = DASHBOARD_FILE): string {
  return `${readFileSync(file, "utf8")
    .replace(/^(\s*#.*\n)+/, "")
    .trim()}\n`;
}

export function graphiqlOptions(dashboardQuery: string, apiKey: string | undefined): GraphiQLOptions {
  return {
    title: "Fulfillment Graph",
    defaultQuery: INTRO + dashboardQuery,
    headers: apiKey ? JSON.stringify({ Authorization: `Bearer ${apiKey}` }, null, 2) : undefined,
    additionalHeaders: { "x-graphql-yoga-csrf": "graphiql" },
    // Subscriptions over the same /graphql (docs/decisions/027-subscriptions.md): Yoga's SSE
    // protocol, sent with fetch so the headers (the API key) go along; no WebSocket is served.
    subscriptionsProtocol: "SSE",
  };
}
