/** Raised when the provider refuses a change because of the entity's current state (e.g. cancelling a shipped order). */
export class NotAllowedInCurrentStateError extends Error {
  override name = "NotAllowedInCurrentStateError";
  readonly code = "NOT_ALLOWED_IN_CURRENT_STATE";
  constructor(
    message: string,
    /** The entity's current status, as the graph names it, when known. */
    readonly currentStatus: string | null = null,
  ) {
    super(message);
  }
}

/** Raised when an idempotency key is reused with a different request, or while its first use is still running. */
export class IdempotencyConflictError extends Error {
  override name = "IdempotencyConflictError";
  readonly code = "IDEMPOTENCY_CONFLICT";
}
