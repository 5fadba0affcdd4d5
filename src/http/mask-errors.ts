import { GraphQLError } from "graphql";
import type { YogaLogger } from "graphql-yoga";
import { PublicError, StoreUnavailableError } from "../domain/errors.js";
import { ProviderError, ProviderUnavailableError } from "../domain/provider-errors.js";
import type { Logger } from "../logger.js";

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
const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, STORE_UNAVAILABLE: 503 };

export function createErrorMasking(logger: Logger): { maskError: (error: unknown, message: string) => Error; logging: YogaLogger } {
  // Errors this masking has seen and logged: Yoga logs every error whose masked form differs at
  // `error` level; the logger given to Yoga drops those.
  const handled = new WeakSet<object>();
  const logged = new WeakSet<object>();

  const maskError = (error: unknown, message: string): Error => {
    if (typeof error === "object" && error !== null) handled.add(error);
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const path = error instanceof GraphQLError ? error.path : undefined;
    const first = typeof original === "object" && original !== null && !logged.has(original);
    if (first) logged.add(original);
    const exposed = expose(original);
    // Any other GraphQLError raised on purpose (parse, validation, armor limits) is safe to show
    // as it is; return graphql-js's located copy so the client still sees its path.
    if (!exposed && original instanceof GraphQLError && !original.originalError) {
      if (first) logger.info({ code: original.extensions.code ?? "GRAPHQL_ERROR" }, "client error");
      return error instanceof GraphQLError ? error : original;
    }
    if (exposed) {
      if (first) {
        const fields = { code: exposed.extensions.code, err: (original as Error).name, path: path?.join(".") };
        if (original instanceof ProviderUnavailableError) logger.debug(fields, "provider failure returned");
        else if (original instanceof StoreUnavailableError) logger.warn(fields, "store unavailable");
        else logger.info({ ...fields, ...(original instanceof ProviderError ? { provider: original.provider, endpoint: original.endpoint } : {}) }, "client error");
      }
      return new GraphQLError(exposed.message, {
        path,
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        extensions: { ...exposed.extensions, ...(HTTP_STATUS[exposed.extensions.code] ? { http: { status: HTTP_STATUS[exposed.extensions.code] } } : {}) },
      });
    }
    if (first) {
      logger.error({ err: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original) }, "unexpected error");
    }
    return new GraphQLError(message, { path, extensions: { code: "INTERNAL_SERVER_ERROR" } });
  };

  const skip = (args: unknown[]) => args.length === 1 && typeof args[0] === "object" && args[0] !== null && handled.has(args[0]);
  const logging: YogaLogger = {
    debug: (...args: unknown[]) => logger.debug(...(args as [string])),
    info: (...args: unknown[]) => logger.info(...(args as [string])),
    warn: (...args: unknown[]) => logger.warn(...(args as [string])),
    error: (...args: unknown[]) => {
      if (!skip(args)) logger.error(...(args as [string]));
    },
  };
  return { maskError, logging };
}

function expose(e: unknown): { message: string; extensions: { code: string } & Record<string, unknown> } | null {
  return e instanceof PublicError ? { message: e.message, extensions: { code: e.code, ...e.extensions() } } : null;
}
