import type { ProviderName } from "../store/types.js";

/** Raised when a field needs a provider the caller's tenant has not connected (and no pass-through token was sent). */
export class ProviderNotConnectedError extends Error {
  override name = "ProviderNotConnectedError";
  readonly code = "PROVIDER_NOT_CONNECTED";
  constructor(readonly provider: ProviderName) {
    super(`${provider} is not connected for this tenant`);
  }
}

/** Raised when a stored connection can no longer be refreshed: the merchant must connect the provider again. */
export class ConnectionNeedsReauthorizationError extends Error {
  override name = "ConnectionNeedsReauthorizationError";
  readonly code = "REAUTHORIZATION_REQUIRED";
  constructor(readonly provider: ProviderName) {
    super(`${provider} connection must be authorized again`);
  }
}

/** Raised when a request carries no usable credentials (missing, malformed, unknown or revoked API key). */
export class UnauthenticatedError extends Error {
  override name = "UnauthenticatedError";
  readonly code = "UNAUTHENTICATED";
}
