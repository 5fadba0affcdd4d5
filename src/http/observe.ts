import { getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.js";
import { acceptRequestId, bindToScope, currentScope, type RequestScope, runInScope } from "./request-scope.js";

/**
 * The first middleware of every route: takes the caller's `x-request-id` (or makes one),
 * echoes it on the response, runs the request inside its scope (request-scope.ts) and writes
 * one access-log line at its end. Probes and scrapes (/healthz, /readyz, /metrics) log at debug.
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
    const scope: RequestScope = { requestId, log: logger.child({ requestId }) };
    const started = performance.now();
    try {
      await runInScope(scope, next);
    } finally {
      c.header("x-request-id", requestId);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const status = c.res.status;
      // The request id, tenant and operation name are bindings of the request's logger already.
      const line = { method: c.req.method, path: c.req.path, status, durationMs };
      scope.log[QUIET.has(c.req.path) ? "debug" : "info"](line, "request");
      onDone?.({ method: c.req.method, path: c.req.path, status, durationMs, scope });
    }
  };
}

/**
 * The Yoga side of the request scope: names the operation (on the logger from validation on,
 * and in the access log and metrics) and records whether it executed and how it ended.
 */
export function useRequestScope(): Plugin {
  return {
    onValidate({ params, context }) {
      const scope = currentScope();
      if (!scope) return;
      scope.graphql = true;
      const requested = (context as { params?: { operationName?: string | null } }).params?.operationName ?? undefined;
      const operation = getOperationAST(params.documentAST, requested);
      bindToScope(scope, { operationName: operation ? (operation.name?.value ?? "anonymous") : "unknown" });
      return ({ result }) => {
        // A document the schema refuses is the client's error: info, without the messages (they may quote its literals).
        if (result.length > 0) scope.log.info({ code: "GRAPHQL_VALIDATION_FAILED", errors: result.length }, "client error");
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result }) {
          const scope = currentScope();
          if (scope) scope.outcome = "errors" in result && result.errors?.length ? "error" : "ok";
        },
      };
    },
  };
}
