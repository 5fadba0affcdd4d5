/**
 * The one way the harness talks GraphQL outside autocannon: POST JSON with the tenant's API
 * key, and one rule for what counts as a failed answer (used for the load runs too).
 */

export interface GraphqlAnswer {
  status: number;
  json: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[] }> } | null;
  text: string;
}

export function graphqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

export function authHeaders(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "application/json" };
}

export type Fetch = typeof globalThis.fetch;

/** `fetch` is injectable: the in-process measurement passes `app.fetch` (no socket). */
export async function postGraphql(url: string, apiKey: string, query: string, variables: Record<string, unknown> = {}, { fetch = globalThis.fetch, timeoutMs = 60_000 }: { fetch?: Fetch; timeoutMs?: number } = {}): Promise<GraphqlAnswer> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: authHeaders(apiKey), body: graphqlBody(query, variables), signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let json: GraphqlAnswer["json"] = null;
  try {
    json = JSON.parse(text) as GraphqlAnswer["json"];
  } catch {
    // Not JSON: `problem` reports it.
  }
  return { status: res.status, json, text };
}

/**
 * Why an answer counts as an error, or null when it is a success: a non-2xx status, a body
 * that is not JSON, any entry in `errors`, or a mutation result (a field at `resultPaths`)
 * whose `__typename` is one of the typed errors rather than the success type.
 */
export function problem(answer: Pick<GraphqlAnswer, "status" | "json">, resultPaths: readonly string[] = []): string | null {
  if (answer.status < 200 || answer.status > 299) return `HTTP ${answer.status}`;
  if (!answer.json) return "response is not JSON";
  const first = answer.json.errors?.[0];
  if (first) return `GraphQL error at ${(first.path ?? []).join(".") || "(document)"}: ${first.message}`;
  for (const path of resultPaths) {
    const result = answer.json.data?.[path] as { __typename?: string; message?: string } | undefined;
    if (!result?.__typename) return `no ${path} result`;
    if (!result.__typename.endsWith("Success")) return `${path} answered ${result.__typename}: ${result.message ?? ""}`;
  }
  return null;
}
