import { GraphQLError } from "graphql";
import type { Plugin, YogaLogger } from "graphql-yoga";
import { PublicError, StoreUnavailableError } from "../domain/errors.js";
import { ProviderError, ProviderUnavailableError } from "../domain/provider-errors.js";
import type { Logger } from "../logger.js";
import { scopeOf } from "./request-scope.js";

/**
 * Yoga's error masking with our typed errors let through: they carry a `code` (and the
 * provider) in `extensions`, and their messages are written to be safe. Everything else
 * becomes "Unexpected error." for the client.
 *
 * Log levels mean something (docs/decisions/014-observability.md): an error the client caused
 * or expects (validation, paging, not connected, not found, a provider's refusal) is one `info`
 * line without a stack; a provider failure was already logged at `warn` by the transport where
 * it happened (src/providers/http.ts `failed`), so here it is `debug`; only an unexpected error
 * is `error`, with its stack; an unreachable store is `warn` (ours, not the client's, and no
 * stack to add). Each distinct error is logged once, however many paths share it.
 */

// The whole response's status when one of its errors has this code (Yoga takes the highest).
const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, TOO_MANY_SUBSCRIPTIONS: 429, STORE_UNAVAILABLE: 503 };

type Level = "debug" | "info" | "warn" | "error";
type Line = { level: Level; fields: Record<string, unknown>; msg: string };

/** Lines waiting for their request at most; past it the oldest go to the process logger at once. */
const MAX_WAITING = 10_000;

export function createErrorMasking(
  logger: Logger,
  holdMs = 10_000,
): { maskError: (error: unknown, message: string) => Error; logging: YogaLogger; useErrorLines: () => Plugin } {
  // Errors this masking has seen and logged: Yoga logs every error whose masked form differs at
  // `error` level; the logger given to Yoga drops those.
  const handled = new WeakSet<object>();
  const logged = new WeakSet<object>();
  // Yoga masks without telling which request the error is from, so a line waits on the masked
  // error until the result is processed (useErrorLines: the request's logger, with its id). The
  // operations of a batch are masked as each ends and processed together, so a line waits up to
  // `holdMs` (the request budget and a second); one still waiting then (a subscription event's
  // error: its results are a stream, not processed here) goes to the process logger.
  const waiting = new Map<Error, Line & { at: number }>();
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => ((scheduled = false), sweep()), holdMs).unref();
  };
  const sweep = () => {
    const due = performance.now() - holdMs;
    for (const [e, line] of waiting) {
      if (line.at > due && waiting.size <= MAX_WAITING) break;
      waiting.delete(e);
      logger[line.level](line.fields, line.msg);
    }
    if (waiting.size > 0) schedule();
  };
  const later = (masked: Error, line: Line) => {
    waiting.set(masked, { ...line, at: performance.now() });
    if (waiting.size > MAX_WAITING) sweep();
    else schedule();
  };
  const flush = (log: Logger, errors: readonly unknown[]) => {
    for (const e of errors) {
      const line = waiting.get(e as Error);
      if (!line) continue;
      waiting.delete(e as Error);
      log[line.level](line.fields, line.msg);
    }
  };

  const maskError = (error: unknown, message: string): Error => {
    if (typeof error === "object" && error !== null) handled.add(error);
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const path = error instanceof GraphQLError ? error.path : undefined;
    const first = typeof original === "object" && original !== null && !logged.has(original);
    if (first) logged.add(original);
    const exposed = expose(original);
    // Any other GraphQLError raised on purpose (parse, validation, armor limits) is shown, from
    // graphql-js's located copy so the client still sees its path, less what it quoted of the request.
    if (!exposed && original instanceof GraphQLError && !original.originalError) {
      const safe = clientError(error instanceof GraphQLError ? error : original, original);
      if (safe) {
        if (first) later(safe, { level: "info", fields: { code: safe.extensions.code }, msg: "client error" });
        return safe;
      }
    }
    if (exposed) {
      // Located by its AST nodes, or by source positions where it has none (compiled queries: src/http/compiled-queries.ts).
      const at = error instanceof GraphQLError ? { nodes: error.nodes, source: error.source, positions: error.positions } : {};
      const masked = new GraphQLError(exposed.message, {
        path,
        ...at,
        extensions: { ...exposed.extensions, ...(HTTP_STATUS[exposed.extensions.code] ? { http: { status: HTTP_STATUS[exposed.extensions.code] } } : {}) },
      });
      if (first) {
        const fields = { code: exposed.extensions.code, err: (original as Error).name, path: path?.join(".") };
        if (original instanceof ProviderUnavailableError) later(masked, { level: "debug", fields, msg: "provider failure returned" });
        else if (original instanceof StoreUnavailableError) later(masked, { level: "warn", fields, msg: "store unavailable" });
        else {
          const provider = original instanceof ProviderError ? { provider: original.provider, endpoint: original.endpoint } : {};
          later(masked, { level: "info", fields: { ...fields, ...provider }, msg: "client error" });
        }
      }
      return masked;
    }
    const masked = new GraphQLError(message, { path, extensions: { code: "INTERNAL_SERVER_ERROR" } });
    if (first) {
      const err = original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original);
      later(masked, { level: "error", fields: { err }, msg: "unexpected error" });
    }
    return masked;
  };

  /** Writes the lines of a result's masked errors through its request's logger (src/http/request-scope.ts). */
  const useErrorLines = (): Plugin => ({
    onResultProcess({ request, result }) {
      if (waiting.size === 0) return;
      const log = scopeOf(request)?.log ?? logger;
      for (const r of Array.isArray(result) ? result : [result]) {
        const errors = (r as { errors?: readonly unknown[] }).errors;
        if (errors) flush(log, errors);
      }
    },
  });

  const skip = (args: unknown[]) => args.length === 1 && typeof args[0] === "object" && args[0] !== null && handled.has(args[0]);
  // Yoga's own lines name no request. Its debug lines (the steps of a request: "Processing GraphQL
  // Parameters", "Request aborted") say nothing without one and are dropped; the rest carry no request id.
  const logging: YogaLogger = {
    debug: () => {},
    info: (...args: unknown[]) => logger.info(...(args as [string])),
    warn: (...args: unknown[]) => logger.warn(...(args as [string])),
    error: (...args: unknown[]) => {
      if (!skip(args)) logger.error(...(args as [string]));
    },
  };
  return { maskError, logging, useErrorLines };
}

/**
 * A GraphQLError raised on purpose (parse, validation, armor limits, Yoga's refusals of the HTTP
 * request, Pothos' argument checks) as the client may see it, or null when it is a bug to mask.
 * Nothing of the request body is echoed (docs/decisions/025-csp.md): Yoga puts the JSON parser's
 * message, which quotes the body, in `extensions.originalError`, and graphql-js quotes a variable's
 * value; both are dropped. Every such error has a `code`, and a refusal of the request itself keeps
 * its HTTP status (400, 405, 415) even when the client accepts application/json, where Yoga's
 * `spec` flag would answer 200; GraphQL validation errors keep Yoga's behaviour.
 */
function clientError(error: GraphQLError, original: GraphQLError): GraphQLError | null {
  const {
    originalError: _echo,
    http,
    code,
    ...rest
  } = error.extensions as { originalError?: unknown; http?: { status?: number; spec?: boolean; headers?: Record<string, string> }; code?: string };
  let message = error.message;
  let errorCode = code;
  if (original.name === "PothosValidationError") {
    // Pothos checks ids, cursors and paging arguments with these; its others are server bugs.
    if (!POTHOS_INPUT.test(message)) return null;
    if (message.startsWith("Invalid global ID")) message = "Invalid global ID: not an id this API issued.";
    else if (message.startsWith("Invalid cursor chunk")) message = "Invalid cursor.";
    errorCode = "BAD_USER_INPUT";
  }
  message = withoutValues(message);
  const status = http?.status;
  const extensions = {
    ...rest,
    code: errorCode ?? (status ? (STATUS_CODE[status] ?? "BAD_REQUEST") : "GRAPHQL_ERROR"),
    // Yoga's refusals of the request itself (BAD_REQUEST) lose `spec`; validation errors keep it (200 for application/json).
    ...(http ? { http: code === "BAD_REQUEST" && !error.locations ? { ...http, spec: false } : http } : {}),
  };
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
}

/**
 * graphql-js and Yoga messages that quote a value from the request, and the same without it.
 * Names of fields and types stay (they are the schema's words, and a client needs them to fix
 * its document); values, string tokens and body keys go. Locations still point at the spot.
 */
const VALUE_ECHOES: Array<[RegExp, string]> = [
  [/^(Variable "\$[^"]+") got invalid value [\s\S]*$/, "$1 got an invalid value for its type."],
  [/^(Expected value of type "[^"]+"), found [\s\S]*$/, "$1."],
  [/^(\w+ cannot represent [^:]*): [\s\S]*$/, "$1."],
  [/(found (?:String|BlockString|Name|Int|Float|Comment)) "(?:[^"\\]|\\.)*"/, "$1"],
  [/^Unexpected parameter "[\s\S]*$/, "Unexpected parameter in the request body."],
  [/^(POST body sent invalid multipart data)[\s\S]*$/, "$1."],
];

/** Pothos validation errors about what the client sent (a global id, a cursor, a paging argument). */
const POTHOS_INPUT = /^(Invalid global ID|Invalid offset cursor|Invalid base64 string|Invalid cursor|Argument ")/;

/** `message` without the request's values it quoted (VALUE_ECHOES). */
export function withoutValues(message: string): string {
  return VALUE_ECHOES.reduce((m, [pattern, replacement]) => m.replace(pattern, replacement), message);
}

/** Codes for request-level refusals that Yoga raises without one. */
const STATUS_CODE: Record<number, string> = { 403: "FORBIDDEN", 405: "METHOD_NOT_ALLOWED", 406: "NOT_ACCEPTABLE", 413: "REQUEST_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE" };

function expose(e: unknown): { message: string; extensions: { code: string } & Record<string, unknown> } | null {
  return e instanceof PublicError ? { message: e.message, extensions: { code: e.code, ...e.extensions() } } : null;
}
