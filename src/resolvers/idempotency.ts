import { createHash } from "node:crypto";
import { IdempotencyConflictError, InputValidationError, ProviderNotConnectedError, ReauthorizationRequiredError, UnauthenticatedError } from "../domain/errors.js";
import {
  InvalidProviderInputError,
  ProviderCredentialsRejectedError,
  ProviderError,
  ProviderHttpError,
  ProviderNetworkError,
  ProviderOverloadedError,
  ProviderRejectedError,
  ProviderUnavailableError,
  WriteNotPerformedError,
} from "../domain/provider-errors.js";
import type { Store } from "../store/types.js";
import type { Context } from "./context.js";

/**
 * Exactly-once writes (createOrder, createDelivery). Neither provider has an idempotency key
 * and both accept a repeated store order id as a new order (docs/decisions/004-simulators.md),
 * and the transport never retries a write; so a client's retry is made safe here, by a record
 * in the store per tenant, operation and client key (docs/decisions/021-write-reconciliation.md):
 * - "started": this request holds the key (for IDEMPOTENCY_LEASE_MS), writes, then completes
 *   the record with the result;
 * - "completed": the stored result is replayed, no provider call;
 * - "in_progress": another request holds the key: wait up to WAIT_MS, then conflict;
 * - "mismatch": the key was used with another input: conflict;
 * - "unknown": an earlier write's outcome is unknown (timeout, 5xx, unreadable answer, or its
 *   holder's lease lapsed): this request takes the key over (one at a time, across replicas)
 *   and asks the provider by the write's natural id (storeOrderId, soc). Found: the key is
 *   completed with it. Not found: once the outcome is older than IDEMPOTENCY_SETTLE_MS the write
 *   runs again, else the key is given back with a "retry in N s" conflict.
 * A failure that proves nothing was written (a refusal, 429, connection refused) frees the key
 * at once. A background sweep (write-sweep.ts) reconciles unknown records nobody retries.
 */

const WAIT_MS = 5_000;
const POLL_MS = 100;
/** What a conflict with a running request suggests waiting before the retry. */
const RUNNING_RETRY_MS = 1_000;

export type WriteOperation = "createOrder" | "createDelivery";

/** What the provider holds under a write's natural id: the response to store and replay, its id for logs, and how many records share the natural id. */
export interface FoundWrite {
  response: string;
  ref: string;
  count: number;
}

/** Asks the provider what a write with this natural id created; null: nothing. */
export type FindWrite = (ctx: Context, naturalId: string) => Promise<FoundWrite | null>;

export interface ExactlyOnceWrite<Body> {
  operation: WriteOperation;
  key: string;
  /** The client's input without the key: its fingerprint ties the key to it. */
  request: unknown;
  /** How messages name the provider, what is written and the natural id: "HyperSKU", "order", "storeOrderId". */
  names: { provider: string; noun: string; naturalId: string };
  /** The natural id when known before anything runs (stored with the key, for the sweep). */
  hint: string | null;
  /** The natural id from the request, for a retry that finds an unknown outcome stored without one; null: the write has none. */
  naturalId(): Promise<string | null>;
  find: FindWrite;
  /** Builds the provider request; whatever it throws, nothing was sent. */
  prepare(): Promise<{ body: Body; naturalId: string | null }>;
  /** Sends it and returns the response to store. */
  send(body: Body): Promise<string>;
  /** The client's error for a send whose outcome is unknown. */
  unknownError(cause: unknown): Error;
}

/** The store scope of a tenant's operation; the sweep reads the tenant and operation back. */
export const idempotencyScope = (tenantId: string, operation: WriteOperation) => `${tenantId}:${operation}`;

export function parseIdempotencyScope(scope: string): { tenantId: string; operation: WriteOperation } | null {
  const at = scope.lastIndexOf(":");
  const operation = scope.slice(at + 1);
  return at > 0 && (operation === "createOrder" || operation === "createDelivery") ? { tenantId: scope.slice(0, at), operation } : null;
}

/** The key as its current holder acts on it; each call is a no-op (false) once the holder lost it (its lease lapsed and was taken over). */
export function holdOf(store: Store, scope: string, key: string, owner: string) {
  return {
    complete: (response: string) => store.completeIdempotent(scope, key, owner, response),
    abandon: () => store.abandonIdempotent(scope, key, owner),
    unknown: (since: number, hint: string | null) => store.markIdempotentUnknown(scope, key, owner, { since, hint }),
  };
}
type Hold = ReturnType<typeof holdOf>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Runs the write at most once per key (see above) and returns its stored response: the first write's, a replay, or the provider's record. */
export async function exactlyOnce<Body>(ctx: Context, w: ExactlyOnceWrite<Body>): Promise<string> {
  // The mutations' `tenant` auth scope guarantees a tenant: a pass-through token is no stable identity (tokens rotate).
  const tenantId = ctx.viewer.tenant?.id;
  if (!tenantId) throw new UnauthenticatedError(`${w.operation} needs an API key`);
  const { store, config } = ctx.app;
  const scope = idempotencyScope(tenantId, w.operation);
  const fp = fingerprint(w.request);
  const leaseMs = config.IDEMPOTENCY_LEASE_MS;
  // Real monotonic time, like the store's lock wait: an injected test clock must not stall this loop.
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const begun = await store.beginIdempotent(scope, w.key, fp, { ttlMs: config.IDEMPOTENCY_TTL_MS, leaseMs, hint: w.hint });
    if (begun.outcome === "completed") {
      ctx.app.observe?.idempotency(w.operation, "replayed");
      return begun.response;
    }
    if (begun.outcome === "started") {
      ctx.app.observe?.idempotency(w.operation, "claimed");
      return perform(ctx, w, holdOf(store, scope, w.key, begun.owner));
    }
    if (begun.outcome === "mismatch") {
      ctx.app.observe?.idempotency(w.operation, "conflict");
      throw new IdempotencyConflictError(`this idempotency key was already used for a different ${w.operation} input: send a new key for a new ${w.names.noun}`);
    }
    if (begun.outcome === "unknown") {
      const taken = await store.takeOverIdempotent(scope, w.key, { leaseMs, fingerprint: fp });
      if (taken) return reconcile(ctx, w, holdOf(store, scope, w.key, taken.owner), taken);
      // Another request took it over first: wait for it like for any holder.
    }
    if (performance.now() + POLL_MS > deadline) {
      ctx.app.observe?.idempotency(w.operation, "conflict");
      throw new IdempotencyConflictError(
        `a ${w.operation} with this idempotency key is still running: retry with the same key in ${seconds(RUNNING_RETRY_MS)} s`,
        RUNNING_RETRY_MS,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The holder writes: prepare, send, then complete; a refusal frees the key, an ambiguous failure leaves it unknown. */
async function perform<Body>(ctx: Context, w: ExactlyOnceWrite<Body>, hold: Hold): Promise<string> {
  let prepared: { body: Body; naturalId: string | null };
  try {
    prepared = await w.prepare();
  } catch (e) {
    await hold.abandon(); // nothing was sent: the client may fix the input and retry with this key
    throw e;
  }
  let response: string;
  try {
    response = await w.send(prepared.body);
  } catch (e) {
    if (surelyNotWritten(e)) {
      await hold.abandon();
      throw notWritten(e, w.names.noun);
    }
    await hold.unknown(ctx.app.now(), prepared.naturalId);
    ctx.app.observe?.idempotency(w.operation, "unknown");
    ctx.log.warn(
      { operation: w.operation, naturalId: prepared.naturalId, code: e instanceof ProviderError ? e.code : undefined },
      "write outcome unknown: kept for reconciliation",
    );
    throw w.unknownError(e);
  }
  if (!(await hold.complete(response))) {
    // Our lease lapsed mid-write and someone reconciled the key: what they stored is what retries replay.
    ctx.log.warn({ operation: w.operation, naturalId: prepared.naturalId }, "write finished after its idempotency lease lapsed");
  }
  return response;
}

/** This request took over an unknown outcome: ask the provider, then complete, write again, or give the key back. */
async function reconcile<Body>(ctx: Context, w: ExactlyOnceWrite<Body>, hold: Hold, taken: { since: number; hint: string | null }): Promise<string> {
  const { provider, noun, naturalId: idName } = w.names;
  const settleMs = ctx.app.config.IDEMPOTENCY_SETTLE_MS;
  let hint = taken.hint;
  const giveBack = async (message: string, retryAfterMs: number | null): Promise<never> => {
    await hold.unknown(taken.since, hint);
    ctx.app.observe?.idempotency(w.operation, "conflict");
    throw new IdempotencyConflictError(message, retryAfterMs);
  };
  const lookupFailed = (e: unknown) => {
    const retryMs = Math.max(settleMs, RUNNING_RETRY_MS);
    const why = e instanceof ProviderError ? e.code : "an error";
    return giveBack(
      `the first ${w.operation} with this idempotency key has an unknown outcome and ${provider} could not be asked whether it exists (${why}): retry with the same key in ${seconds(retryMs)} s`,
      retryMs,
    );
  };
  let found: FoundWrite | null;
  try {
    hint ??= await w.naturalId();
    found = hint ? await w.find(ctx, hint) : null;
  } catch (e) {
    return lookupFailed(e);
  }
  if (!hint) {
    return giveBack(
      `the first ${w.operation} with this idempotency key has an unknown outcome, and it has no ${idName} to look it up by: check whether the ${noun} exists; if it does not, create it with a new idempotency key`,
      null,
    );
  }
  if (found) {
    await hold.complete(found.response);
    ctx.app.observe?.idempotency(w.operation, "reconciled");
    logFound(ctx, w.operation, hint, found);
    return found.response;
  }
  const age = ctx.app.now() - taken.since;
  if (age < settleMs) {
    return giveBack(
      `the first ${w.operation} with this idempotency key has an unknown outcome and ${provider} shows no ${noun} with ${idName} ${hint} yet: retry with the same key in ${seconds(settleMs - age)} s (it is created then if ${provider} still shows none)`,
      settleMs - age,
    );
  }
  ctx.app.observe?.idempotency(w.operation, "released");
  ctx.log.info({ operation: w.operation, naturalId: hint, unknownForMs: age }, "unknown write not found at the provider: writing it now");
  return perform(ctx, w, hold);
}

export function logFound(ctx: Context, operation: WriteOperation, naturalId: string, found: FoundWrite): void {
  const fields = { operation, naturalId, ref: found.ref, count: found.count };
  // Several records share the natural id: the provider already had duplicates; we took the newest and made no more.
  if (found.count > 1) ctx.log.warn(fields, "unknown write reconciled to the newest of several provider records with its natural id");
  else ctx.log.info(fields, "unknown write reconciled to the provider's record");
}

/**
 * The client's error for a write that surely wrote nothing. A provider or transport refusal of
 * the call itself (429, connection refused, circuit open, queue full) says to retry with the
 * same key; a refusal of the input (a business error, a validation failure) stays as it is.
 */
function notWritten(e: unknown, noun: string): unknown {
  if (!(e instanceof ProviderUnavailableError)) return e;
  const wait = e instanceof ProviderHttpError && e.retryAfterMs ? ` in ${seconds(e.retryAfterMs)} s` : "";
  return new WriteNotPerformedError(e, `no ${noun} was created: retry with the same idempotency key${wait}`);
}

/**
 * Failures that prove the provider wrote nothing: it refused (a business error, any 4xx —
 * including 429, read as "refused before doing anything": neither provider's reference says a
 * throttled request is ever processed), our input never left, the connection was refused (the
 * request was never sent), or no request was sent at all (circuit open, queue full, no token).
 * Timeouts, 5xx, resets and unreadable answers stay ambiguous.
 */
export function surelyNotWritten(e: unknown): boolean {
  return (
    e instanceof ProviderRejectedError ||
    (e instanceof ProviderHttpError && e.status < 500) ||
    (e instanceof ProviderNetworkError && e.causeCode === "ECONNREFUSED") ||
    e instanceof InvalidProviderInputError ||
    e instanceof InputValidationError ||
    e instanceof ProviderCredentialsRejectedError ||
    e instanceof ProviderOverloadedError ||
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
