/**
 * The public error hierarchy. Every error a client may see extends PublicError: its `code`
 * goes to `extensions.code`, `extensions()` lists the other safe fields, and the message is
 * written to be shown. Masking lets exactly these through (src/http/mask-errors.ts); each
 * class that is a GraphQL type has the GraphQL type's name (src/schema/errors.ts).
 */

export type ProviderName = "hypersku" | "supership";

export abstract class PublicError extends Error {
  abstract readonly code: string;

  override get name(): string {
    return this.constructor.name;
  }

  /** Fields besides `code` that are safe in a response's `extensions` and in logs. */
  extensions(): Record<string, unknown> {
    return {};
  }
}

/** Raised (as a per-key result) when the provider does not know a key, or it belongs to another account. */
export class NotFoundError extends PublicError {
  readonly code = "NOT_FOUND";
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** Raised when the provider refuses a change because of the entity's current state (e.g. cancelling a shipped order). */
export class NotAllowedInCurrentStateError extends PublicError {
  readonly code = "NOT_ALLOWED_IN_CURRENT_STATE";
  constructor(
    message: string,
    /** The entity's current status, as the graph names it, when known. */
    readonly currentStatus: string | null = null,
  ) {
    super(message);
  }
}

/**
 * Raised when createDelivery would book a second delivery for an order (its soc) that already
 * has one SuperShip has not finished (not terminal); `allowAdditional: true` books it anyway.
 */
export class ActiveDeliveryExistsError extends PublicError {
  readonly code = "ACTIVE_DELIVERY_EXISTS";
  constructor(
    /** The soc both deliveries would carry. */
    readonly senderOrderCode: string,
    /** The code of the delivery still under way. */
    readonly existingCode: string,
  ) {
    super(`delivery ${existingCode} for ${senderOrderCode} is still active: cancel it, or pass allowAdditional: true to book another`);
  }
}

/**
 * Raised when an idempotency key is reused with a different request, while its first use is
 * still running, or while that use's outcome is still being established with the provider.
 * The message says what to do; `retryAfterMs` is when a retry with the same key may succeed
 * (null: a retry with this key cannot help).
 */
export class IdempotencyConflictError extends PublicError {
  readonly code = "IDEMPOTENCY_CONFLICT";
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
  override extensions() {
    return { retryAfterMs: this.retryAfterMs };
  }
}

/** Raised when an argument breaks a validation rule; `issues` name each field path (`input.items.0.quantity`). */
export class InputValidationError extends PublicError {
  readonly code = "BAD_USER_INPUT";
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  /** Paths as dot strings, or as Standard Schema key lists (what zod and the validation plugin report). */
  constructor(issues: ReadonlyArray<{ path?: string | ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined; message: string }>) {
    const flat = issues.map((i) => ({
      path: typeof i.path === "string" ? i.path : (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join("."),
      message: i.message,
    }));
    super(flat.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ") || "invalid input");
    this.issues = flat;
  }
  override extensions() {
    return { issues: this.issues };
  }
}

/** Raised when paging arguments contradict each other (`first` with `last`, a negative count, a foreign cursor). */
export class PagingArgumentError extends PublicError {
  readonly code = "BAD_USER_INPUT";
}

/** Raised when HyperSKU does not ship to the country asked for: an empty list would read as "no channel fits". */
export class UnsupportedCountryError extends PublicError {
  readonly code = "UNSUPPORTED_COUNTRY";
  constructor(readonly countryCode: string) {
    super(`HyperSKU does not ship to ${countryCode}; the \`countries\` query lists the destinations it serves`);
  }
}

/** Raised when a request carries no usable credentials (missing, malformed, unknown or revoked API key). */
export class UnauthenticatedError extends PublicError {
  readonly code = "UNAUTHENTICATED";
}

/** Raised when a tenant already holds as many open subscriptions on this process as SUBSCRIPTIONS_PER_TENANT allows. */
export class SubscriptionLimitError extends PublicError {
  readonly code = "TOO_MANY_SUBSCRIPTIONS";
  constructor(readonly limit: number) {
    super(`this tenant already has ${limit} open subscriptions on this server (SUBSCRIPTIONS_PER_TENANT): close one first`);
  }
  override extensions() {
    return { limit: this.limit };
  }
}

/**
 * Raised when the store (Redis) cannot be reached: nothing can be authorized, so the whole
 * request fails with HTTP 503 (src/http/mask-errors.ts). The message never names the store's
 * address or credentials; the next request tries again (the client reconnects by itself).
 */
export class StoreUnavailableError extends PublicError {
  readonly code = "STORE_UNAVAILABLE";
  constructor(options?: { cause?: unknown }) {
    super("the store is unavailable: nothing can be authorized right now; retry shortly", options);
  }
  override extensions() {
    return { retryable: true };
  }
}

/** How a tenant connects each provider, quoted by ProviderNotConnectedError (README, "Connecting the providers"). */
const HOW_TO_CONNECT: Record<ProviderName, string> = {
  hypersku: "open the link in `viewer { hyperskuConnectUrl }` (OAuth) or call the `connectHyperskuWithPassword` mutation",
  supership: "call the `connectSupershipWithToken` mutation with a SuperShip API token (or `connectSupershipWithPartnerLogin` where partner login is enabled)",
};
const PASSTHROUGH_HEADER: Record<ProviderName, string> = { hypersku: "X-HyperSKU-Token", supership: "X-SuperShip-Token" };

/** Raised when a field needs a provider the caller's tenant has not connected (and no pass-through token was sent). */
export class ProviderNotConnectedError extends PublicError {
  readonly code = "PROVIDER_NOT_CONNECTED";
  constructor(
    readonly provider: ProviderName,
    /** Who is missing the connection: a tenant (API key), or a pass-through caller that sent the other provider's token only. */
    via: "tenant" | "passthrough" = "tenant",
  ) {
    super(
      via === "tenant"
        ? `${provider} is not connected for this tenant: ${HOW_TO_CONNECT[provider]}`
        : `${provider} needs a token: send it in the ${PASSTHROUGH_HEADER[provider]} header, or use an API key of a tenant that connected ${provider}`,
    );
  }
  override extensions() {
    return { provider: this.provider };
  }
}

/**
 * Why a stored connection needs re-authorization (the stored connection keeps it; the viewer
 * shows it): the provider refused the renewal; two renewals in a row got an answer we could not
 * read, after which an OAuth refresh token may already be spent (rotated by the provider with
 * the new one lost); or the credentials cannot be renewed by us and the provider rejected them.
 */
export const reauthorizationReasons = ["refresh_rejected", "refresh_answer_unreadable", "not_renewable"] as const;
export type ReauthorizationReason = (typeof reauthorizationReasons)[number];

/** Raised when a stored connection can no longer be refreshed: the merchant must connect the provider again. */
export class ReauthorizationRequiredError extends PublicError {
  readonly code = "REAUTHORIZATION_REQUIRED";
  constructor(
    readonly provider: ProviderName,
    /** Null for a connection marked before reasons were kept. */
    readonly reason: ReauthorizationReason | null = null,
  ) {
    super(`${provider} connection must be authorized again`);
  }
  override extensions() {
    return { provider: this.provider, ...(this.reason ? { reason: this.reason.toUpperCase() } : {}) };
  }
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
