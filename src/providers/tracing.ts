import { type Context, context, createContextKey, propagation, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ProviderName } from "../domain/errors.js";

/**
 * Spans of provider calls (docs/decisions/015-tracing.md), with `@opentelemetry/api` only: one
 * CLIENT span per HTTP attempt (what the provider sees, so they equal the simulators' counters),
 * a child of the span active where the call was made — the GraphQL operation's. With no SDK
 * started there is no recording span to hang under and nothing is made: `tracedParent()` is
 * the only work a call does then (a read of the no-op context).
 */

/** The instrumentation scope of every span of ours (src/http/tracing.ts uses it too). */
export const TRACER_NAME = "fulfillment-graph";
const BATCH_SIZE = createContextKey("fulfillment.batch_size");

/** The active context, when it holds a recording span (tracing on, trace sampled); otherwise undefined: no span. */
export function tracedParent(): Context | undefined {
  const active = context.active();
  return trace.getSpan(active)?.isRecording() ? active : undefined;
}

/**
 * Runs a loader's provider call knowing how many keys it carries: its spans get
 * `fulfillment.batch_size`. The number rides on the context, so no client signature changes.
 */
export function withBatchSize<T>(keys: number, fn: () => Promise<T>): Promise<T> {
  const parent = tracedParent();
  return parent ? context.with(parent.setValue(BATCH_SIZE, keys), fn) : fn();
}

/** Runs `fn` (a call's credential lookup, which may itself call the provider: a token refresh) outside any batch. */
export function outsideBatch<T>(fn: () => T): T {
  const active = context.active();
  return active.getValue(BATCH_SIZE) === undefined ? fn() : context.with(active.deleteValue(BATCH_SIZE), fn);
}

export interface CallSpanStart {
  provider: ProviderName;
  endpoint: string;
  method: string;
  /** 1-based; attempts after the first carry `http.request.resend_count`. */
  attempt: number;
}

/** Starts one attempt's span under `parent` and writes its `traceparent` into the outgoing headers. */
export function startCallSpan(parent: Context, { provider, endpoint, method, attempt }: CallSpanStart, headers: Record<string, string>): Span {
  const batchSize = parent.getValue(BATCH_SIZE);
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `${provider} ${endpoint}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        provider,
        endpoint,
        "http.request.method": method,
        ...(attempt > 1 ? { "http.request.resend_count": attempt - 1 } : {}),
        ...(typeof batchSize === "number" ? { "fulfillment.batch_size": batchSize } : {}),
      },
    },
    parent,
  );
  propagation.inject(trace.setSpan(parent, span), headers);
  return span;
}

/**
 * Ends an attempt's span: the status the provider answered, and for a failure of the call (an
 * error status we do not hand back, network, timeout, unreadable body) `error.type` = its code
 * and status ERROR. A 4xx answer is the caller's to judge (a 404 may mean "no delivery yet"), so
 * it only carries its status code.
 */
export function endCallSpan(span: Span, status: number | null, failureCode: string | undefined): void {
  if (status !== null) span.setAttribute("http.response.status_code", status);
  if (failureCode) {
    span.setAttribute("error.type", failureCode);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failureCode });
  }
  span.end();
}

/** A call refused before any HTTP (circuit open, queue full): an event on the span it was made under. */
export function callRefused(parent: Context | undefined, provider: ProviderName, endpoint: string, code: string, why: string): void {
  if (parent) trace.getSpan(parent)?.addEvent("provider call refused", { provider, endpoint, "error.type": code, reason: why });
}
