import type { z } from "zod";
import type { ProviderName } from "../domain/errors.js";
import { InvalidProviderInputError, ProviderCredentialsRejectedError, ProviderSchemaError, ProviderUnavailableError } from "../domain/provider-errors.js";
import { redactUrl } from "../domain/redact.js";
import { type HttpRequest, type HttpResponse, type Transport, withHeaders } from "./http.js";
import { parseProviderInput } from "./input-error.js";

/**
 * The one client skeleton both providers use: an endpoint table of `EndpointDef`s, routes
 * parsed by `parseRoute`, and `createCaller`, which adds credentials to `auth` endpoints,
 * takes the retry policy from `idempotent`, and hands each answer to the provider's envelope
 * decoder. A provider module supplies only its table, its schemas, its decoder and how its
 * token goes in a header.
 */

export type Route = `${"GET" | "POST"} ${string}`;

export interface EndpointDef {
  /** "METHOD /path" as the provider's docs write it; `{name}` placeholders are filled per call. */
  readonly route: Route;
  /** Needs the account's token. */
  readonly auth: boolean;
  /**
   * Carries the app's own credential instead of a token (`CallerOptions.appHeaders`), when one
   * is configured: HyperSKU's token endpoints. Never together with `auth`.
   */
  readonly appAuth?: boolean;
  /** Safe to repeat: retried on transient failures. Writes never are. */
  readonly idempotent: boolean;
  /** Most keys one call accepts (batch endpoints) or most rows per page (paged endpoints). */
  readonly maxBatch?: number;
  /** Where the fact comes from: DOC (provider docs), 3P (third-party code), INF (our inference). */
  readonly evidence?: string;
}

/** A token, or a function the token manager supplies (read per call, so a refreshed token is picked up). */
export type TokenSource = string | (() => string | Promise<string>);

/** Method and path of a route, `{name}` placeholders replaced (URL-encoded) from `params`. */
export function parseRoute(route: Route, params: Record<string, string> = {}): { method: "GET" | "POST"; path: string } {
  const space = route.indexOf(" ");
  const template = route.slice(space + 1);
  const path = template.includes("{") ? template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? "")) : template;
  return { method: route.slice(0, space) as "GET" | "POST", path };
}

/** Turns a transport response into the endpoint's typed result, or throws the typed error it means. */
export type Decoder<Extra> = <S extends z.ZodType>(res: HttpResponse, schema: S, extra: Extra) => z.output<S>;

export interface CallSpec<S extends z.ZodType, Extra> {
  params?: Record<string, string>;
  query?: HttpRequest["query"];
  body?: unknown;
  /** Schema of the answer's payload (what the decoder unwraps). */
  data: S;
  /** Provider-specific decoding hints. */
  extra?: Extra;
}

export interface CallerOptions<E extends string, Extra> {
  provider: ProviderName;
  transport: Transport;
  endpoints: Readonly<Record<E, EndpointDef>>;
  token?: TokenSource | undefined;
  /** The header(s) that carry a token. */
  authorize: (token: string) => Record<string, string>;
  /** The header(s) `appAuth` endpoints carry (the app's credential); none when absent or empty. */
  appHeaders?: Record<string, string> | undefined;
  decode: Decoder<Extra>;
  /** Rewrites a route before parsing (HyperSKU's configurable path prefixes). */
  expand?: (route: Route) => Route;
  /** true: an `auth` call without a token fails before any HTTP; false: it goes out bare and the provider answers. */
  requireToken: boolean;
  defaultExtra: Extra;
}

export type Caller<E extends string, Extra> = <S extends z.ZodType>(endpoint: E, spec: CallSpec<S, Extra>) => Promise<z.output<S>>;

export function createCaller<E extends string, Extra>(options: CallerOptions<E, Extra>): Caller<E, Extra> {
  const { provider, transport, endpoints, token, authorize, appHeaders, decode, expand = (r) => r, requireToken, defaultExtra } = options;
  const authed = withHeaders(transport.send, async () => {
    const value = typeof token === "function" ? await token() : token;
    return value ? authorize(value) : {};
  });
  const appAuthed = appHeaders && Object.keys(appHeaders).length > 0 ? withHeaders(transport.send, () => appHeaders) : transport.send;
  return async (endpoint, { params, query, body, data, extra = defaultExtra }) => {
    const def = endpoints[endpoint];
    const { method, path } = parseRoute(expand(def.route), params);
    if (def.auth && requireToken && (token === undefined || token === "")) {
      const call = { provider, endpoint, method, url: redactUrl(transport.baseUrl + path) };
      throw new ProviderCredentialsRejectedError(call, `no token: connect the ${provider} account first`);
    }
    const send = def.auth ? authed : def.appAuth ? appAuthed : transport.send;
    const request = { endpoint, method, path, query, body, idempotent: def.idempotent };
    try {
      const res = await send(request);
      try {
        return decode(res, data, extra);
      } catch (e) {
        // A read whose answer does not match is read once more: a garbled answer is seldom
        // repeated, while a changed contract fails again (and the warn line names its fields).
        if (!(def.idempotent && e instanceof ProviderSchemaError)) throw e;
        return decode(await send(request), data, extra);
      }
    } catch (e) {
      // The one place both the transport's failures and the decoder's (schema) pass: reported once.
      if (e instanceof ProviderUnavailableError) transport.failed(e);
      throw e;
    }
  };
}

/**
 * Validates a method's input before any HTTP call. Besides the schema, every key list (and a
 * page `limit`) of a batch endpoint is held to the table's `maxBatch` (callers split larger
 * batches), and may not be empty.
 */
export function parseInput<S extends z.ZodType>(provider: ProviderName, endpoint: string, def: EndpointDef | undefined, schema: S, value: unknown): z.output<S> {
  const data = parseProviderInput(provider, endpoint, schema, value);
  if (def?.maxBatch !== undefined) {
    const issues = batchIssues(data, def.maxBatch);
    if (issues.length > 0) throw new InvalidProviderInputError(provider, endpoint, issues);
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
