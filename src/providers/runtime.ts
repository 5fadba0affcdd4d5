import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Exchange } from "./exchange.js";
import { createTransport, type CallEvent, type Transport } from "./http.js";
import { createHyperskuClient, type HyperskuClient } from "./hypersku/client.js";
import { createSupershipClient, type SupershipClient } from "./supership/client.js";

/**
 * The process-wide half of the provider layer: one transport per provider (its concurrency
 * cap and circuit breaker are shared by all tenants), and factories for clients bound to a
 * token. Clients are cheap and built per request; transports are not.
 */

export type TokenSource = string | (() => Promise<string>);

export interface ProviderRuntime {
  urls: ProviderUrls;
  transports: { hypersku: Transport; supership: Transport };
  hypersku(token?: TokenSource): HyperskuClient;
  supership(token?: TokenSource): SupershipClient;
}

export interface ProviderUrls {
  hyperskuBaseUrl: string;
  /** HyperSKU's OAuth consent page (docs: https://app.hypersku.com/application/auth). */
  hyperskuAuthorizeUrl: string;
  supershipBaseUrl: string;
  supershipLabelUrl: string;
}

export function createProviderRuntime(
  config: Config,
  urls: ProviderUrls,
  { fetch, exchange, logger, onCall }: { fetch?: typeof globalThis.fetch; exchange?: Exchange; logger?: Logger; onCall?: (e: CallEvent) => void } = {},
): ProviderRuntime {
  const common = {
    fetch,
    exchange,
    logger,
    onCall,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    retries: config.PROVIDER_RETRIES,
    retryBaseMs: config.PROVIDER_RETRY_BASE_MS,
    retryMaxMs: config.PROVIDER_RETRY_MAX_MS,
    concurrency: config.PROVIDER_CONCURRENCY,
    queue: config.PROVIDER_QUEUE,
    breakerThreshold: config.PROVIDER_BREAKER_THRESHOLD,
    breakerHalfOpenMs: config.PROVIDER_BREAKER_HALF_OPEN_MS,
  };
  const transports = {
    hypersku: createTransport({ ...common, provider: "hypersku", baseUrl: urls.hyperskuBaseUrl }),
    supership: createTransport({ ...common, provider: "supership", baseUrl: urls.supershipBaseUrl }),
  };
  return {
    urls,
    transports,
    hypersku: (token) =>
      createHyperskuClient({
        transport: transports.hypersku,
        token,
        authPrefix: config.HYPERSKU_AUTH_PREFIX,
        successCodes: config.HYPERSKU_SUCCESS_CODES,
        prefixes: { auth: config.HYPERSKU_AUTH_PREFIX_PATH, customer: config.HYPERSKU_CUSTOMER_PREFIX_PATH },
      }),
    supership: (token) => createSupershipClient({ transport: transports.supership, token, labelBaseUrl: urls.supershipLabelUrl }),
  };
}
