import type { AppOptions } from "../src/app.js";
import { generateApiKey } from "../src/auth/api-keys.js";

/**
 * The one way the harness talks GraphQL outside autocannon (POST JSON with the tenant's API
 * key), and one rule for what counts as a failed answer, load runs included: GraphQL answers
 * errors with HTTP 200, so the status alone says little.
 */

export type Fetch = typeof globalThis.fetch;
// biome-ignore lint/suspicious/noExplicitAny: answers are read defensively
export type Answer = { status: number; json: { data?: Record<string, any> | null; errors?: Array<{ message: string; path?: unknown[] }> } | null };

export const graphqlBody = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
export const authHeaders = (apiKey: string) => ({ authorization: `Bearer ${apiKey}`, "content-type": "application/json", accept: "application/json" });

/** `fetch` is injectable: the in-process measurement passes `app.fetch` (no socket). */
export async function postGraphql(
  url: string,
  apiKey: string,
  query: string,
  variables: Record<string, unknown> = {},
  { fetch = globalThis.fetch }: { fetch?: Fetch } = {},
): Promise<Answer> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: authHeaders(apiKey), body: graphqlBody(query, variables), signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { status: res.status, json: parseJson(text) };
}

export function parseJson(text: string): Answer["json"] {
  try {
    return JSON.parse(text) as Answer["json"];
  } catch {
    return null; // `problem` reports it.
  }
}

/**
 * Why an answer is an error, or null: a non-2xx status, a body that is not JSON, any entry in
 * `errors`, or a mutation result (field `resultPath`) whose `__typename` is a typed error.
 */
export function problem(answer: Answer, resultPath?: string): string | null {
  if (answer.status < 200 || answer.status > 299) return `HTTP ${answer.status}`;
  if (!answer.json) return "response is not JSON";
  const first = answer.json.errors?.[0];
  if (first) return `GraphQL error at ${(first.path ?? []).join(".") || "(document)"}: ${first.message}`;
  const result = resultPath ? (answer.json.data?.[resultPath] as { __typename?: string; message?: string } | undefined) : undefined;
  if (resultPath && !result?.__typename?.endsWith("Success")) return `${resultPath} answered ${result?.__typename ?? "nothing"}: ${result?.message ?? ""}`;
  return null;
}

/** A tenant and its API key, straight through the store (what the tenant CLI does). */
export async function createApiKey(store: AppOptions["store"]): Promise<string> {
  const tenant = await store.createTenant("bench");
  const key = generateApiKey();
  await store.putApiKey({ keyId: key.keyId, tenantId: tenant.id, hash: key.hash });
  return key.key;
}
