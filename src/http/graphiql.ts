import type { GraphiQLOptions } from "graphql-yoga";
import { readPersistedDocuments } from "./persisted-documents.js";

/**
 * GraphiQL opens on the Dashboard query, the same operation the SDK and the tests run, so the
 * first thing a visitor sees is a query that works. It is read once at start from the trusted
 * documents (src/http/persisted-documents.json, generated from packages/sdk/operations/
 * dashboard.graphql with the fragments it uses), which the production build ships; the SDK
 * package itself is not part of the server. The page itself is
 * @graphql-yoga/render-graphiql with everything inlined, so it works offline
 * (src/http/yoga.ts, docs/decisions/013-graphiql-offline.md; test/browser/graphiql.test.ts runs it
 * in Chromium). The API key is pre-filled only when the caller passes one: the demo entry does,
 * and src/http/yoga.ts drops it under NODE_ENV=production.
 *
 * CSRF prevention (src/http/yoga.ts) needs no help here: GraphiQL sends its requests as
 * POST with `content-type: application/json`, which the plugin lets through. The
 * `x-graphql-yoga-csrf` header is added anyway, so a GET (e.g. `useGETForQueries`) works too.
 */

// Short lines: they fit the editor of a laptop-sized window.
const INTRO = `# Fulfillment Graph: the merchant dashboard across both providers.
# Run with Ctrl-Enter or ▶. In demo mode the key is in Headers.
`;

/** The Dashboard operation's trusted document, as graphql-js prints it (no comments). */
export function readDashboardQuery(documents: ReadonlyMap<string, string> = readPersistedDocuments()): string {
  const text = [...documents.values()].find((d) => /^query Dashboard\b/.test(d));
  if (!text) throw new Error("no Dashboard operation in src/http/persisted-documents.json: run `npm run codegen`");
  return `${text}\n`;
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
