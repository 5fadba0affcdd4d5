import { GraphQLError } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { withoutValues } from "./mask-errors.js";

/**
 * Two refusals that do not pass the error masking (src/http/mask-errors.ts), brought in line:
 *
 * - a POST whose content type no request parser takes (JSON, multipart, form, GraphQL) got
 *   Yoga's bare 415 with an empty body; it is now a GraphQL error with a code, through the
 *   masking and the result processor, still 415. This hook must run after Yoga's own parsers,
 *   which every plugin in `plugins` does.
 * - validation errors are returned, not thrown, so the masking never sees them; graphql-js
 *   quotes literal values in some ("Int cannot represent non-integer value: …"), which are
 *   dropped here as the masking drops them elsewhere.
 */
export function useRequestErrors(): Plugin {
  return {
    onRequestParse({ request, requestParser }) {
      // Another method is Yoga's 405, which it checks after this hook.
      if (requestParser || request.method !== "POST") return;
      throw createGraphQLError("Unsupported content type: send the request as application/json.", {
        extensions: { code: "UNSUPPORTED_MEDIA_TYPE", http: { status: 415 } },
      });
    },
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        setResult(
          result.map((e) => {
            const message = withoutValues(e.message);
            return message === e.message
              ? e
              : new GraphQLError(message, {
                  nodes: e.nodes,
                  source: e.source,
                  positions: e.positions,
                  path: e.path,
                  originalError: e.originalError,
                  extensions: e.extensions,
                });
          }),
        );
      };
    },
  };
}
