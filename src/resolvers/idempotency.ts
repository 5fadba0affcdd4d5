import { createHash } from "node:crypto";
import { IdempotencyConflictError, ProviderNotConnectedError, ReauthorizationRequiredError, UnauthenticatedError } from "../domain/errors.js";
import { InvalidProviderInputError, ProviderCredentialsRejectedError, ProviderHttpError, ProviderOverloadedError, ProviderRejectedError } from "../domain/provider-errors.js";
import type { Context } from "./context.js";

/**
 * Exactly-once writes (createOrder, createDelivery). Neither provider has an idempotency key
 * and both accept a repeated store order id as a new order (docs/decisions/004-simulators.md),
 * and the transport never retries a write; so a client's retry is made safe here, by a record
 * in the store per tenant, operation and client key:
 * - "started": this request performs the write, then completes the record with its result;
 * - "completed": the stored result is replayed, no provider call;
 * - "in_progress": another request with the key is running: wait up to WAIT_MS, then conflict;
 * - "mismatch": the key was used with another input: conflict.
 * A failure that proves nothing was written frees the key; an ambiguous one (timeout, 5xx,
 * unreadable answer) keeps it in progress until IDEMPOTENCY_TTL_MS, so no retry can write twice.
 */

const WAIT_MS = 5_000;
const POLL_MS = 100;

export type Claim = { outcome: "completed"; response: string } | { outcome: "started"; complete(response: string): Promise<void>; abandon(): Promise<void> };

export async function claimIdempotencyKey(ctx: Context, operation: string, key: string, request: unknown): Promise<Claim> {
  // The mutations' `tenant` auth scope guarantees a tenant: a pass-through token is no stable identity (tokens rotate).
  const tenantId = ctx.viewer.tenant?.id;
  if (!tenantId) throw new UnauthenticatedError(`${operation} needs an API key`);
  const { store, config } = ctx.app;
  const scope = `${tenantId}:${operation}`;
  const fp = fingerprint(request);
  // Real monotonic time, like the store's lock wait: an injected test clock must not stall this loop.
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const begun = await store.beginIdempotent(scope, key, fp, config.IDEMPOTENCY_TTL_MS);
    if (begun.outcome === "completed") {
      ctx.app.observe?.idempotency(operation, "replayed");
      return begun;
    }
    if (begun.outcome === "started") {
      ctx.app.observe?.idempotency(operation, "claimed");
      return { outcome: "started", complete: (response) => store.completeIdempotent(scope, key, response), abandon: () => store.abandonIdempotent(scope, key) };
    }
    if (begun.outcome === "mismatch") {
      ctx.app.observe?.idempotency(operation, "conflict");
      throw new IdempotencyConflictError(`this idempotency key was already used for a different ${operation} input`);
    }
    if (performance.now() + POLL_MS > deadline) {
      ctx.app.observe?.idempotency(operation, "conflict");
      throw new IdempotencyConflictError(`a ${operation} with this idempotency key is still running, or its outcome is unknown; retry later`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Failures that prove the provider wrote nothing: it refused, our input never left, or no request was sent at all. */
export function surelyNotWritten(e: unknown): boolean {
  return (
    e instanceof ProviderRejectedError ||
    (e instanceof ProviderHttpError && e.status < 500 && e.status !== 429) || // answered with a refusal
    e instanceof InvalidProviderInputError ||
    e instanceof ProviderCredentialsRejectedError ||
    e instanceof ProviderOverloadedError || // circuit open or queue full: raised before any call
    e instanceof ProviderNotConnectedError ||
    e instanceof ReauthorizationRequiredError
  );
}

/** sha256 of canonical JSON: keys sorted, null and absent alike, so field order and explicit nulls do not matter. */
export function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v === null || typeof v !== "object") return v;
    const entries = Object.entries(v).filter(([, x]) => x != null);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, canonical(x)]));
  };
  return createHash("sha256")
    .update(JSON.stringify(canonical(value)))
    .digest("hex");
}
