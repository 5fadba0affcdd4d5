import type { z } from "zod";
import { type Caller, createCaller, parseInput as parseCallInput, type Route, type TokenSource } from "../call.js";
import type { Transport } from "../http.js";
import { type HyperskuEndpoint, hyperskuEndpoints, type PathPrefixes } from "./endpoints.js";
import { unwrapEnvelope } from "./envelope.js";

/**
 * HyperSKU on the shared client skeleton (../call.ts): the endpoint table, the token in the
 * Authorization header (with the configured prefix) for `auth: true` endpoints only, the
 * configured token-endpoint Authorization (the app's API key, raw) for `appAuth` ones, the
 * service prefixes expanded, and every answer unwrapped by the AG-Admin envelope decoder.
 */

export interface HyperskuCallOptions {
  transport: Transport;
  token?: TokenSource | undefined;
  authPrefix: string;
  successCodes: readonly number[];
  prefixes: PathPrefixes;
  /** Sent as `Authorization` on the token endpoints (`appAuth` rows) when set: the app's API key (addendum #1, #2). */
  tokenAuthorization?: string | undefined;
}

/** Top-level fields that mark a bare (un-enveloped) answer; see envelope.ts. */
export interface EnvelopeHints {
  bareWhen?: readonly string[];
}

export type HyperskuCaller = Caller<HyperskuEndpoint, EnvelopeHints>;

export function createHyperskuCaller({ transport, token, authPrefix, successCodes, prefixes, tokenAuthorization }: HyperskuCallOptions): HyperskuCaller {
  return createCaller({
    provider: "hypersku",
    transport,
    endpoints: hyperskuEndpoints,
    token,
    authorize: (value) => ({ authorization: authPrefix + value }),
    appHeaders: tokenAuthorization ? { authorization: tokenAuthorization } : undefined,
    decode: (res, schema, { bareWhen }) => unwrapEnvelope(res, schema, { successCodes, bareWhen }),
    expand: (route) => route.replace("{auth}", prefixes.auth).replace("{customer}", prefixes.customer) as Route,
    requireToken: true,
    defaultExtra: {} as EnvelopeHints,
  });
}

/** A HyperSKU method's input, checked against its schema and the endpoint's batch maximum before any call. */
export function parseInput<S extends z.ZodType>(endpoint: HyperskuEndpoint | "authorizeUrl", schema: S, value: unknown): z.output<S> {
  return parseCallInput("hypersku", endpoint, endpoint === "authorizeUrl" ? undefined : hyperskuEndpoints[endpoint], schema, value);
}
