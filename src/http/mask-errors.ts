import { GraphQLError } from "graphql";
import { PublicError } from "../domain/errors.js";
import type { Logger } from "../logger.js";

/**
 * Yoga's error masking with our typed errors let through: they carry a `code` (and the
 * provider) in `extensions`, and their messages are written to be safe. Everything else
 * becomes "Unexpected error." for the client and a log line (with the request id) for us.
 */

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401 };

export function createMaskError(logger: Logger) {
  return (error: unknown, message: string): Error => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const exposed = expose(original);
    // Any other GraphQLError raised on purpose is safe to show as it is; return graphql-js's
    // located copy so the client still sees its path.
    if (!exposed && original instanceof GraphQLError && !original.originalError) return error instanceof GraphQLError ? error : original;
    if (exposed) {
      const path = error instanceof GraphQLError ? error.path : undefined;
      return new GraphQLError(exposed.message, {
        path,
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        extensions: { ...exposed.extensions, ...(HTTP_STATUS[exposed.extensions.code] ? { http: { status: HTTP_STATUS[exposed.extensions.code] } } : {}) },
      });
    }
    logger.error({ err: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original) }, "unexpected error");
    return new GraphQLError(message, { path: error instanceof GraphQLError ? error.path : undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
  };
}

function expose(e: unknown): { message: string; extensions: { code: string } & Record<string, unknown> } | null {
  return e instanceof PublicError ? { message: e.message, extensions: { code: e.code, ...e.extensions() } } : null;
}
