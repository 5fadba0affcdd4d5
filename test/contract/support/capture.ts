import { readFileSync } from "node:fs";

/**
 * The two ends a contract test puts around a client: a fetch that answers a recorded fixture,
 * and a fetch that forwards to a running simulator. Both record what the client sent, so the
 * request can be held to the simulator's table, and what came back.
 */

export interface Exchange {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** The response's parsed JSON. */
  answer: unknown;
}

export type Fetch = typeof globalThis.fetch;

export const readFixture = (provider: "hypersku" | "supership", name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${provider}/${name}.json`, import.meta.url), "utf8"));

function requestOf(url: string, init: RequestInit | undefined): Omit<Exchange, "answer"> {
  const u = new URL(url);
  const text = typeof init?.body === "string" ? init.body : undefined;
  return {
    method: init?.method ?? "GET",
    path: u.pathname,
    query: Object.fromEntries(u.searchParams),
    headers: Object.fromEntries(new Headers(init?.headers).entries()),
    body: text === undefined || text === "" ? undefined : (JSON.parse(text) as unknown),
  };
}

/** Answers every request with `answer` (HTTP `status`), recording the requests into `log`. */
export function answering(answer: unknown, log: Exchange[] = [], status = 200): Fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    log.push({ ...requestOf(String(input), init), answer });
    return new Response(JSON.stringify(answer), { status, headers: { "content-type": "application/json" } });
  }) as Fetch;
}

/** Forwards to the real server over HTTP and records request and answer into `log`. */
export function forwarding(log: Exchange[]): Fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    log.push({ ...requestOf(String(input), init), answer: text === "" ? undefined : (JSON.parse(text) as unknown) });
    return res;
  }) as Fetch;
}

/** Every key path of a JSON value ("shippingAddress.firstName", "skuItems[].num"). */
export function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, `${prefix}[]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...keyPaths(v, path)];
  });
}

/** A zod failure as one line per issue, so a failing contract test names the field. */
export function issues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * Rethrows a client's schema failure with its field issues in the message (a
 * ProviderSchemaError's own message says only "does not match"); other errors pass as they are.
 */
export function explained(name: string): (e: unknown) => never {
  return (e) => {
    const found = (e as { code?: string; issues?: Array<{ path: string; message: string }> }).issues;
    if ((e as { code?: string }).code !== "PROVIDER_SCHEMA_ERROR" || !found) throw e;
    throw new Error(`${name}: the client rejects the answer: ${found.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  };
}
