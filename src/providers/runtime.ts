import type { Logger } from "pino";
import { createTransport, type Transport, type TransportOptions } from "./http.js";
import { createHyperskuClient, type HyperskuClient, type HyperskuClientOptions } from "./hypersku/client.js";
import { createSupershipClient, type SupershipClient } from "./supership/client.js";

/**
 * The process-wide half of the provider layer: one transport per provider (its concurrency
 * limit and circuit breaker are shared by all tenants; its queue has a lane per tenant), and
 * factories for clients bound to a token. Clients are cheap and built per request; transports are not.
 */

export type TokenSource = string | (() => Promise<string>);

/** The request a client is built for: its id goes to the provider as `x-request-id`; its tenant picks the calls' queue lane; its deadline bounds each call (HttpRequest.deadline). */
export interface ClientRequest {
  requestId?: string | undefined;
  tenantId?: string | undefined;
  /** Absolute `performance.now()` ms: the API request's time budget ends here. */
  deadline?: number | undefined;
  /** The API request's logger: the calls' lines (provider call, failures) carry its bindings. */
  log?: Logger | undefined;
}

export interface ProviderRuntime {
  urls: ProviderUrls;
  transports: { hypersku: Transport; supership: Transport };
  hypersku(token?: TokenSource, request?: ClientRequest): HyperskuClient;
  supership(token?: TokenSource, request?: ClientRequest): SupershipClient;
}

export interface ProviderUrls {
  hyperskuBaseUrl: string;
  /** HyperSKU's OAuth consent page (docs: https://app.hypersku.com/application/auth). */
  hyperskuAuthorizeUrl: string;
  supershipBaseUrl: string;
  supershipLabelUrl: string;
}

/** The concurrency limiter's knobs (limiter.ts). */
type LimiterSettings = "concurrency" | "concurrencyMin" | "concurrencyMax" | "queue" | "tenantQueue";

/** How the transports behave (the same for both providers) and how HyperSKU's contract is read: from config (src/app.ts). */
export interface ProviderSettings {
  transport: Pick<
    TransportOptions,
    | "timeoutMs"
    | "retries"
    | "retryBaseMs"
    | "retryMaxMs"
    | LimiterSettings
    | "breakerFailureRate"
    | "breakerWindowMs"
    | "breakerMinCalls"
    | "breakerHalfOpenMs"
    | "probeTimeoutMs"
  >;
  hypersku: Required<Pick<HyperskuClientOptions, "authPrefix" | "successCodes" | "prefixes" | "idEncoding">> & Pick<HyperskuClientOptions, "tokenAuthorization">;
}

export function createProviderRuntime(
  settings: ProviderSettings,
  urls: ProviderUrls,
  { fetch, exchange, logger, onCall, onRetry, onFailure }: Pick<TransportOptions, "fetch" | "exchange" | "logger" | "onCall" | "onRetry" | "onFailure"> = {},
): ProviderRuntime {
  const common = { fetch, exchange, logger, onCall, onRetry, onFailure, ...settings.transport };
  const transports = {
    hypersku: createTransport({ ...common, provider: "hypersku", baseUrl: urls.hyperskuBaseUrl }),
    supership: createTransport({ ...common, provider: "supership", baseUrl: urls.supershipBaseUrl }),
  };
  return {
    urls,
    transports,
    hypersku: (token, request) => createHyperskuClient({ transport: forRequest(transports.hypersku, request), token, ...settings.hypersku }),
    supership: (token, request) => createSupershipClient({ transport: forRequest(transports.supership, request), token, labelBaseUrl: urls.supershipLabelUrl }),
  };

  /**
   * The shared transport as one request's clients see it: every call carries the request id,
   * tenant (none: the shared anonymous lane), deadline and logger. A client built without a
   * request (the process's reference data, a background job's first call) has none of them.
   */
  function forRequest(transport: Transport, request: ClientRequest | undefined): Transport {
    if (!request) return transport;
    const { requestId, tenantId, deadline, log } = request;
    return { ...transport, send: (req) => transport.send({ ...req, requestId, tenantId, deadline, log }), failed: (e) => transport.failed(e, log) };
  }
}
