import type { z } from "zod";
import { ProviderCredentialsRejectedError, InvalidProviderInputError } from "../../domain/provider-errors.js";
import { withHeaders, type HttpRequest, type Transport } from "../http.js";
import { parseProviderInput } from "../input-error.js";
import { redactUrl } from "../../domain/redact.js";
import { unwrapEnvelope } from "./envelope.js";
import { hyperskuEndpoints, resolveRoute, type HyperskuEndpoint, type PathPrefixes } from "./endpoints.js";

/**
 * The one way a HyperSKU endpoint is called: route from the endpoint table, the token added
 * by a wrapper around `send` for `auth: true` endpoints only, retry policy from the table's
 * `idempotent`, and the envelope unwrapped into the endpoint's data schema.
 */

/** A token, or a function the token manager supplies (read per call, so a refreshed token is picked up). */
export type TokenSource = string | (() => string | Promise<string>);

export interface CallerOptions {
  transport: Transport;
  token?: TokenSource | undefined;
  authPrefix: string;
  successCodes: readonly number[];
  prefixes: PathPrefixes;
}

export interface CallSpec<S extends z.ZodType> {
  params?: Record<string, string>;
  query?: HttpRequest["query"];
  body?: unknown;
  /** Schema of the envelope's `data` on success. */
  data: S;
  /** Top-level fields that mark a bare (un-enveloped) answer; see envelope.ts. */
  bareWhen?: readonly string[];
}

export type Caller = <S extends z.ZodType>(name: HyperskuEndpoint, spec: CallSpec<S>) => Promise<z.output<S>>;

export function createCaller({ transport, token, authPrefix, successCodes, prefixes }: CallerOptions): Caller {
  const authed = withHeaders(transport.send, async () => ({
    authorization: authPrefix + (typeof token === "function" ? await token() : (token ?? "")),
  }));
  return async (name, { params, query, body, data, bareWhen }) => {
    const { auth, idempotent } = hyperskuEndpoints[name];
    const { method, path } = resolveRoute(name, prefixes, params);
    if (auth && (token === undefined || token === "")) {
      const call = { provider: "hypersku" as const, endpoint: name, method, url: redactUrl(transport.baseUrl + path) };
      throw new ProviderCredentialsRejectedError(call, "no token: connect the HyperSKU account first");
    }
    const res = await (auth ? authed : transport.send)({ endpoint: name, method, path, query, body, idempotent });
    return unwrapEnvelope(res, data, { successCodes, bareWhen });
  };
}

/**
 * Validates a method's input before any HTTP call. Besides the schema, every key list (and a
 * page `limit`) of a batch endpoint is held to the table's `maxBatch` (callers split larger
 * batches), and may not be empty.
 */
export function parseInput<S extends z.ZodType>(endpoint: HyperskuEndpoint | "authorizeUrl", schema: S, value: unknown): z.output<S> {
  const data = parseProviderInput("hypersku", endpoint, schema, value);
  const max = endpoint === "authorizeUrl" ? undefined : (hyperskuEndpoints[endpoint] as { maxBatch?: number }).maxBatch;
  if (max !== undefined) {
    const issues = batchIssues(data, max);
    if (issues.length > 0) throw new InvalidProviderInputError("hypersku", endpoint, issues);
  }
  return data;
}

function batchIssues(value: unknown, max: number): { path: string; message: string }[] {
  const tooMany = (n: number) => `${n} keys, at most ${max} per call: split the batch`;
  if (Array.isArray(value)) return value.length > max ? [{ path: "", message: tooMany(value.length) }] : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([path, v]) => {
    if (Array.isArray(v) && v.length > max) return [{ path, message: tooMany(v.length) }];
    // The simulator (and, we fear, the real API) reads an empty id filter as "no filter": all rows.
    if (Array.isArray(v) && v.length === 0) return [{ path, message: "empty key list: omit the filter to list everything" }];
    if (path === "limit" && typeof v === "number" && v > max) return [{ path, message: `at most ${max} rows per page` }];
    return [];
  });
}
