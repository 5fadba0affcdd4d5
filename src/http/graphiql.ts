import { readFileSync } from "node:fs";
import type { GraphiQLOptions } from "graphql-yoga";

/**
 * GraphiQL opens on the Dashboard query, the same operation the SDK and the tests run, so the
 * first thing a visitor sees is a query that works. It is read once at start from the file.
 *
 * CSRF prevention (src/http/yoga.ts) needs no help here: Yoga's GraphiQL sends its requests as
 * POST with `content-type: application/json`, which the plugin lets through. The
 * `x-graphql-yoga-csrf` header is added anyway, so a GET (e.g. `useGETForQueries`) works too.
 */

const DASHBOARD_FILE = new URL("../sdk/operations/dashboard.graphql", import.meta.url);

const INTRO = `# Fulfillment Graph: orders with their items, SKUs and products, across providers.
# Run with Ctrl-Enter. In demo mode the API key is already in the Headers tab.
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
  };
}
