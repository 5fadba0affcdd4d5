import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type TextMapGetter, trace } from "@opentelemetry/api";
import { GraphQLError, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { maskWebhookUrl } from "../auth/webhook-token.js";
import { PublicError } from "../domain/errors.js";
import type { Logger } from "../logger.js";
import { acceptRequestId, bindToScope, enterScope, type RequestScope, scopeOf } from "./request-scope.js";
import { activeTracer } from "./tracing.js";

/**
 * The first middleware of every route: takes the caller's `x-request-id` (or makes one),
 * echoes it on the response, attaches the request's scope to it (request-scope.ts) and writes
 * one access-log line at its end (a webhook URL's token masked). Probes and scrapes (/healthz, /readyz, /metrics) log at debug.
 * With tracing on (src/http/tracing.ts) it also starts the request's SERVER span, a child of the
 * caller's W3C `traceparent` when one came, runs the request inside it, and binds `traceId` to
 * the request's logger.
 */

export interface RequestDone {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  scope: RequestScope;
}

const QUIET = new Set(["/healthz", "/readyz", "/metrics"]);

export function observeRequests(logger: Logger, onDone?: (done: RequestDone) => void): MiddlewareHandler {
  return async (c, next) => {
    const requestId = acceptRequestId(c.req.header("x-request-id"));
    const tracer = activeTracer();
    const incoming = tracer && propagation.extract(ROOT_CONTEXT, c.req.raw.headers, HEADERS);
    const span = tracer?.startSpan(
      c.req.method,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": c.req.method, "fulfillment.request_id": requestId } },
      incoming,
    );
    const traceId = span?.isRecording() ? span.spanContext().traceId : undefined;
    const started = performance.now();
    const scope: RequestScope = { requestId, log: logger.child(traceId ? { requestId, traceId } : { requestId }), startedAt: started };
    enterScope(c.req.raw, scope);
    try {
      await (span && incoming ? context.with(trace.setSpan(incoming, span), next) : next());
    } finally {
      scope.admitted?.();
      // On the response itself: c.header() copies a finished response, and @hono/node-server's
      // lightweight Response copies it from its original init, losing the headers inner
      // middleware set on it (src/http/secure-headers.ts). Only an immutable one is copied.
      try {
        c.res.headers.set("x-request-id", requestId);
      } catch {
        c.header("x-request-id", requestId);
      }
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const status = c.res.status;
      // The request id, tenant and operation name are bindings of the request's logger already.
      const path = maskWebhookUrl(c.req.path);
      const line = { method: c.req.method, path, status, durationMs };
      scope.log[QUIET.has(path) ? "debug" : "info"](line, "request");
      onDone?.({ method: c.req.method, path, status, durationMs, scope });
      if (span) endServerSpan(span, c.req.method, routePath(c, -1), status);
    }
  };
}

/** Reads `traceparent` / `tracestate` from a Fetch API Headers object. */
const HEADERS: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/** Names the span by its route (a bounded set: the route pattern, never the path with its ids), records the status, ends it. */
function endServerSpan(span: Span, method: string, pattern: string, status: number): void {
  const route = pattern && pattern !== "*" && pattern !== "/*" ? pattern : undefined;
  span.updateName(route ? `${method} ${route}` : method);
  if (route) span.setAttribute("http.route", route);
  span.setAttribute("http.response.status_code", status);
  if (status >= 500) {
    span.setAttribute("error.type", String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/**
 * The Yoga side of the request scope: names the operation (on the logger from validation on,
 * and in the access log and metrics) and records whether it executed and how it ended. With
 * tracing on, each operation runs inside its own span, a child of the request's: named
 * `query Dashboard` once validation has read the document, status ERROR when the result has
 * errors. No span per resolver: the provider calls hang directly under the operation.
 */
export function useRequestScope(): Plugin {
  return {
    instrumentation: {
      operation: async (_payload, wrapped) => {
        const tracer = activeTracer();
        if (!tracer) return wrapped();
        const parent = context.active();
        const span = tracer.startSpan("GraphQL operation", { kind: SpanKind.INTERNAL }, parent);
        try {
          await context.with(trace.setSpan(parent, span), wrapped);
        } finally {
          span.end();
        }
      },
    },
    onValidate({ params, context: yogaContext }) {
      const scope = scopeOf((yogaContext as { request?: Request }).request);
      if (!scope) return;
      scope.graphql = true;
      const requested = (yogaContext as { params?: { operationName?: string | null } }).params?.operationName ?? undefined;
      const operation = getOperationAST(params.documentAST, requested);
      const operationName = operation ? (operation.name?.value ?? "anonymous") : "unknown";
      bindToScope(scope, { operationName });
      const span = operationSpan();
      if (span && operation) {
        span.updateName(operation.name ? `${operation.operation} ${operation.name.value}` : operation.operation);
        span.setAttribute("graphql.operation.type", operation.operation);
        if (operation.name) span.setAttribute("graphql.operation.name", operation.name.value);
      }
      return ({ result }) => {
        // A document the schema refuses is the client's error: info, without the messages (they may quote its literals).
        if (result.length > 0) {
          scope.log.info({ code: "GRAPHQL_VALIDATION_FAILED", errors: result.length }, "client error");
          if (span) failed(span, "GRAPHQL_VALIDATION_FAILED");
        }
      };
    },
    onExecute({ args }) {
      const scope = scopeOf((args.contextValue as { request?: Request }).request);
      return {
        onExecuteDone({ result }) {
          const errors = "errors" in result ? result.errors : undefined;
          if (scope) scope.outcome = errors?.length ? "error" : "ok";
          const span = operationSpan();
          if (span && errors?.length) failed(span, errorType(errors));
        },
      };
    },
  };
}

/** The running operation's span: the active one while tracing is on (no other span is made between). */
function operationSpan(): Span | undefined {
  if (!activeTracer()) return undefined;
  const span = trace.getActiveSpan();
  return span?.isRecording() ? span : undefined;
}

function failed(span: Span, type: string): void {
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** The code the client sees for the first error (src/http/mask-errors.ts): a PublicError's, a GraphQLError's own, else INTERNAL_SERVER_ERROR. */
function errorType(errors: readonly GraphQLError[]): string {
  const first = errors[0];
  const original = first?.originalError ?? first;
  if (original instanceof PublicError) return original.code;
  const code = original instanceof GraphQLError && !original.originalError ? original.extensions.code : undefined;
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}
