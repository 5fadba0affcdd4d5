import type { ZodError } from "zod";
import { type ProviderName, PublicError } from "./errors.js";

/**
 * One small class per way a provider call can fail. Each carries where it failed
 * (provider, endpoint, method, a redacted URL) and never a token, secret or password:
 * the URL is redacted before it reaches the constructor, and `toJSON` lists only safe fields.
 *
 * Three of them are GraphQL types (their names are the types' names): ProviderRejectedError,
 * ProviderCredentialsRejectedError, and ProviderOverloadedError, which every transient or
 * unexpected failure below extends (HTTP, network, timeout, schema, overloaded).
 */

export interface CallInfo {
  provider: ProviderName;
  endpoint: string;
  method: string;
  /** Already redacted by `redactUrl`. */
  url: string;
}

/** The base class: any failure of a provider call. Catch this to handle them all. */
export abstract class ProviderError extends PublicError {
  /** Whether repeating the same call may succeed (drives retries of safe calls). */
  readonly retryable: boolean = false;
  readonly provider: ProviderName;
  readonly endpoint: string;
  readonly method: string;
  readonly url: string;

  constructor(call: CallInfo, message: string, options?: { cause?: unknown }) {
    super(`${call.provider} ${call.endpoint}: ${message}`, options);
    this.provider = call.provider;
    this.endpoint = call.endpoint;
    this.method = call.method;
    this.url = call.url;
  }

  override extensions(): Record<string, unknown> {
    return { provider: this.provider, endpoint: this.endpoint, retryable: this.retryable };
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      endpoint: this.endpoint,
      method: this.method,
      url: this.url,
      ...this.details(),
    };
  }

  protected details(): Record<string, unknown> {
    return {};
  }
}

/** The provider could not be reached or answered with a failure; `retryable` says whether trying again may help. */
export class ProviderUnavailableError extends ProviderError {
  readonly code: string = "PROVIDER_UNAVAILABLE";
}

/** Raised when the provider answers with an HTTP status the client does not map to a business meaning (5xx, 429, unexpected 4xx). */
export class ProviderHttpError extends ProviderUnavailableError {
  override readonly code = "PROVIDER_HTTP_ERROR";
  override readonly retryable: boolean;
  constructor(
    call: CallInfo,
    readonly status: number,
    /** Milliseconds the provider asked us to wait (Retry-After), when it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(call, `HTTP ${status}`);
    this.retryable = status === 429 || status >= 500;
  }
  protected override details() {
    return { status: this.status, retryAfterMs: this.retryAfterMs };
  }
}

/** Raised when no HTTP answer arrived: connection refused or reset, DNS failure, socket closed mid-body. */
export class ProviderNetworkError extends ProviderUnavailableError {
  override readonly code = "PROVIDER_NETWORK_ERROR";
  override readonly retryable = true;
  constructor(
    call: CallInfo,
    message: string,
    /** The socket error's code (ECONNREFUSED, ECONNRESET, …) when there was one: ECONNREFUSED means the request was never sent. */
    readonly causeCode: string | null = null,
  ) {
    super(call, message);
  }
}

/**
 * Raised when the provider did not answer within the call's timeout: the provider timeout (or
 * the half-open probe's), or what was left of the API request's time budget when that was
 * shorter (`limitedBy: "budget"`; `timeoutMs: 0` when too little of it was left to make the call,
 * which then was never made). docs/decisions/019-deadlines-and-breaker.md
 */
export class ProviderTimeoutError extends ProviderUnavailableError {
  override readonly code = "PROVIDER_TIMEOUT";
  override readonly retryable = true;
  constructor(
    call: CallInfo,
    readonly timeoutMs: number,
    readonly limitedBy: "provider" | "budget" = "provider",
  ) {
    super(
      call,
      limitedBy === "provider"
        ? `no answer within ${timeoutMs} ms`
        : timeoutMs > 0
          ? `no answer within ${timeoutMs} ms, the rest of the request's time budget`
          : "the request's time budget was spent before the call could be made",
    );
  }
  protected override details() {
    return { timeoutMs: this.timeoutMs, limitedBy: this.limitedBy };
  }
}

/**
 * Raised when a body is not JSON or does not match the endpoint's zod schema. Only the first is
 * `retryable`: a success status with a body that is not JSON is a truncated or garbled answer
 * (a proxy, a dropped connection) that a second read may not repeat; a body that parses but does
 * not match is the contract, and asking again gets the same.
 */
export class ProviderSchemaError extends ProviderUnavailableError {
  override readonly code = "PROVIDER_SCHEMA_ERROR";
  override readonly retryable: boolean;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(call: CallInfo, message: string, zodError?: ZodError, { retryable = false }: { retryable?: boolean } = {}) {
    super(call, message);
    this.retryable = retryable;
    this.issues = zodIssues(zodError);
  }
  protected override details() {
    return { issues: this.issues };
  }
}

/** Raised when the envelope says the call failed (HyperSKU `status` not a success code, SuperShip `status: "Error"`). */
export class ProviderRejectedError extends ProviderError {
  readonly code: string = "PROVIDER_BUSINESS_ERROR";
  constructor(
    call: CallInfo,
    /** The provider's own code: HyperSKU envelope `status`, SuperShip HTTP status. */
    readonly providerCode: string,
    readonly providerMessage: string,
    /** Field-level details when the provider gives them (SuperShip `errors`). */
    readonly fieldErrors: Readonly<Record<string, string[]>> = {},
  ) {
    super(call, `${providerCode} ${providerMessage}`.trim());
  }
  protected override details() {
    return { providerCode: this.providerCode, providerMessage: this.providerMessage, fieldErrors: this.fieldErrors };
  }
}

/**
 * Raised when a token endpoint (HyperSKU getToken, accessToken, refreshToken) rejects OUR app's
 * own credentials (client id and secret, or the API key sent to it): HTTP 401/403 there, or
 * "client invalid". A configuration problem of this deployment: the merchant's connection is
 * fine and re-authorizing would not help, so the token manager leaves it connected.
 */
export class ProviderClientCredentialsError extends ProviderRejectedError {
  override readonly code = "PROVIDER_CLIENT_CREDENTIALS_REJECTED";
  constructor(call: CallInfo, providerCode: string, providerMessage: string, advice: string) {
    super(call, providerCode, providerMessage);
    this.message = `${this.message}: ${advice}`;
  }
}

/** Raised when the provider rejects the credentials (HyperSKU 40101/40102, SuperShip HTTP 401): refresh or reconnect. */
export class ProviderCredentialsRejectedError extends ProviderError {
  readonly code = "REAUTHORIZATION_REQUIRED";
}

/** Raised without calling the provider: its circuit is open (or half-open, its probe running) or its queue is full. */
export class ProviderOverloadedError extends ProviderUnavailableError {
  override readonly retryable = true;
}

/** Raised when a write failed in a way that may still have written (timeout, network, 5xx, unreadable answer). */
export class WriteOutcomeUnknownError extends ProviderUnavailableError {
  override readonly code: string;
  constructor(cause: unknown, fallback: CallInfo, code: string, advice: string) {
    super(cause instanceof ProviderError ? cause : fallback, advice, { cause });
    this.code = code;
  }
}

/**
 * Raised when a write failed in a way that proves nothing was written (HTTP 429, connection
 * refused, circuit open, queue full): the cause's code and retryability, and advice to retry.
 */
export class WriteNotPerformedError extends ProviderUnavailableError {
  override readonly code: string;
  override readonly retryable = true;
  constructor(cause: ProviderError, advice: string) {
    super(cause, `${cause.message.slice(`${cause.provider} ${cause.endpoint}: `.length)}; ${advice}`, { cause });
    this.code = cause.code;
  }
}

/**
 * Raised before any call when a client method's input fails its zod schema: the request
 * would be malformed, so it is never sent. Issues carry paths and messages only, never the
 * offending values (an input may be a password or a token).
 */
export class InvalidProviderInputError extends PublicError {
  readonly code = "INVALID_PROVIDER_INPUT";

  constructor(
    readonly provider: ProviderName,
    readonly endpoint: string,
    readonly issues: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(`${provider} ${endpoint}: invalid input (${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")})`);
  }

  static fromZod(provider: ProviderName, endpoint: string, error: ZodError): InvalidProviderInputError {
    return new InvalidProviderInputError(provider, endpoint, zodIssues(error));
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, provider: this.provider, endpoint: this.endpoint, issues: this.issues };
  }
}

/** A zod error's first issues as paths and messages: never the values, which may be secrets or personal data. */
export function zodIssues(error: ZodError | undefined): { path: string; message: string }[] {
  return (error?.issues ?? []).slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
