import type { ZodError } from "zod";

/**
 * One small class per way a provider call can fail. Each carries where it failed
 * (provider, endpoint, method, a redacted URL) and never a token, secret or password:
 * the URL is redacted before it reaches the constructor, and `toJSON` lists only safe fields.
 */

export type ProviderId = "hypersku" | "supership";

export interface CallInfo {
  provider: ProviderId;
  endpoint: string;
  method: string;
  /** Already redacted by `redactUrl`. */
  url: string;
}

/** The base class: any failure of a provider call. Catch this to handle them all. */
export class ProviderError extends Error {
  readonly code: string = "PROVIDER_ERROR";
  /** Whether repeating the same call may succeed (drives retries of safe calls). */
  readonly retryable: boolean = false;
  readonly provider: ProviderId;
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

  override get name(): string {
    return this.constructor.name;
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

/** Raised when the provider answers with an HTTP status the client does not map to a business meaning (5xx, 429, unexpected 4xx). */
export class ProviderHttpError extends ProviderError {
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
export class ProviderNetworkError extends ProviderError {
  override readonly code = "PROVIDER_NETWORK_ERROR";
  override readonly retryable = true;
}

/** Raised when the provider did not answer within the per-call timeout. */
export class ProviderTimeoutError extends ProviderError {
  override readonly code = "PROVIDER_TIMEOUT";
  override readonly retryable = true;
  constructor(call: CallInfo, readonly timeoutMs: number) {
    super(call, `no answer within ${timeoutMs} ms`);
  }
  protected override details() {
    return { timeoutMs: this.timeoutMs };
  }
}

/** Raised when a body is not JSON or does not match the endpoint's zod schema. */
export class ProviderSchemaError extends ProviderError {
  override readonly code = "PROVIDER_SCHEMA_ERROR";
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(call: CallInfo, message: string, zodError?: ZodError) {
    super(call, message);
    this.issues = (zodError?.issues ?? []).slice(0, 20).map((i) => ({
      path: i.path.map(String).join("."),
      message: i.message,
    }));
  }
  protected override details() {
    return { issues: this.issues };
  }
}

/** Raised when the envelope says the call failed (HyperSKU `status` not a success code, SuperShip `status: "Error"`). */
export class ProviderBusinessError extends ProviderError {
  override readonly code = "PROVIDER_BUSINESS_ERROR";
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

/** Raised when the provider rejects the credentials (HyperSKU 40101/40102, SuperShip HTTP 401): refresh or reconnect. */
export class ReauthorizationRequiredError extends ProviderError {
  override readonly code = "REAUTHORIZATION_REQUIRED";
}

/** Raised without calling the provider: its circuit is open or its queue is full. */
export class ProviderUnavailableError extends ProviderError {
  override readonly code = "PROVIDER_UNAVAILABLE";
  override readonly retryable = true;
}

/**
 * Builds an error without capturing a stack trace, for expected outcomes that travel as values
 * (a key the provider does not know, a refusal it answered): their stacks say nothing, and
 * capturing them was a visible share of the dashboard's CPU profile (docs/benchmarks.md).
 */
export function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
