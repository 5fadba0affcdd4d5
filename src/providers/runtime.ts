import type { Logger } from "pino";
import type { Exchange } from "./exchange.js";
import { type CallEvent, createTransport, type Transport, type TransportOptions } from "./http.js";
import { createHyperskuClient, type HyperskuClient, type HyperskuClientOptions } from "./hypersku/client.js";
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

/** How the transports behave (the same for both providers) and how HyperSKU's contract is read: from config (src/app.ts). */
export interface ProviderSettings {
  transport: Pick<TransportOptions, "timeoutMs" | "retries" | "retryBaseMs" | "retryMaxMs" | "concurrency" | "queue" | "breakerThreshold" | "breakerHalfOpenMs">;
  hypersku: Required<Pick<HyperskuClientOptions, "authPrefix" | "successCodes" | "prefixes" | "idEncoding">> & Pick<HyperskuClientOptions, "tokenAuthorization">;
}

export function createProviderRuntime(
  settings: ProviderSettings,
  urls: ProviderUrls,
  { fetch, exchange, logger, onCall }: { fetch?: typeof globalThis.fetch; exchange?: Exchange; logger?: Logger; onCall?: (e: CallEvent) => void } = {},
): ProviderRuntime {
  const common = { fetch, exchange, logger, onCall, ...settings.transport };
  const transports = {
    hypersku: createTransport({ ...common, provider: "hypersku", baseUrl: urls.hyperskuBaseUrl }),
    supership: createTransport({ ...common, provider: "supership", baseUrl: urls.supershipBaseUrl }),
  };
  return {
    urls,
    transports,
    hypersku: (token) => createHyperskuClient({ transport: transports.hypersku, token, ...settings.hypersku }),
    supership: (token) => createSupershipClient({ transport: transports.supership, token, labelBaseUrl: urls.supershipLabelUrl }),
  };
}
